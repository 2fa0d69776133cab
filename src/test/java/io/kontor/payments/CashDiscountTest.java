package io.kontor.payments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CashDiscountTest {

    @Test
    void xrechnungSkontoTermsAreRead() {
        assertThat(CashDiscount.parse("#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=30#PROZENT=0.00#"))
                .extracting(CashDiscount::days, c -> c.percent().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(14, "2.00"), org.assertj.core.groups.Tuple.tuple(30, "0.00"));
        assertThat(CashDiscount.parse("#SKONTO#TAGE=7#PROZENT=3#BASISBETRAG=100.00#").get(0).basis()).isEqualByComparingTo("100.00");
    }

    @Test
    void freeTextTermsAreNotGuessed() {
        assertThat(CashDiscount.parse("Zahlbar innerhalb 30 Tagen netto, 3% Skonto innerhalb 10 Tagen")).isEmpty();
        assertThat(CashDiscount.parse(null)).isEmpty();
    }
}
