package io.kontor.payments;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cash discount (Skonto) terms as XRechnung writes them into the payment terms (BT-20):
 * {@code #SKONTO#TAGE=14#PROZENT=2.00#} — and optionally {@code #BASISBETRAG=…#} — one term per line. Free-text
 * terms ("3% Skonto innerhalb 10 Tagen") are not read: a machine cannot tell their basis reliably.
 */
public record CashDiscount(int days, BigDecimal percent, BigDecimal basis) {

    private static final Pattern TERM = Pattern.compile(
            "#SKONTO#TAGE=(\\d{1,3})#PROZENT=(\\d{1,2}(?:\\.\\d{1,2})?)#(?:BASISBETRAG=(-?\\d+(?:\\.\\d{1,2})?)#)?");

    /** Every Skonto term in the text, in order (the best first as suppliers write them). */
    public static List<CashDiscount> parse(String paymentTerms) {
        List<CashDiscount> terms = new ArrayList<>();
        if (paymentTerms == null) {
            return terms;
        }
        Matcher m = TERM.matcher(paymentTerms);
        while (m.find()) {
            terms.add(new CashDiscount(Integer.parseInt(m.group(1)), new BigDecimal(m.group(2)),
                    m.group(3) == null ? null : new BigDecimal(m.group(3))));
        }
        return terms;
    }
}
