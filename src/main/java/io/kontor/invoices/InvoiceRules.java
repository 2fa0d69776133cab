package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.model.Invoice.AllowanceCharge;
import io.kontor.model.Invoice.Rejection;
import io.kontor.model.Invoice.VatBreakdown;
import io.kontor.model.InvoiceFormat;
import io.kontor.model.InvoiceLine;
import io.kontor.model.InvoiceParty;
import io.kontor.model.InvoiceTotals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The hub's own EN 16931 rules on the canonical invoice, for what no official artefact validates: an EDIFACT INVOIC
 * (structured XML is decided by {@link io.kontor.invoices.validation.OfficialArtefacts}). They must never contradict
 * the artefacts: OfficialArtefactsAgreementTest holds them against the artefacts' verdict, rule by rule, on every
 * corpus invoice. Mandatory terms
 * (BR-01…BR-26), the totals' arithmetic (BR-CO-10…BR-CO-17), the VAT breakdown per category and rate (BR-S-08 and
 * its siblings for Z, E, AE, K, G, O, L, M), decimals (BR-DEC) — plus the XRechnung rules a German buyer relies on
 * (BR-DE-1, BR-DE-15, the electronic addresses of XRechnung 3.0) when the invoice claims XRechnung. Rule ids are the
 * standard's, so a supplier can look them up.
 * Each profile is held to its own rule set ({@link #rulesFor}): MINIMUM and BASIC WL have no lines, MINIMUM no
 * breakdown, prepaid or rounding amounts either.
 */
public final class InvoiceRules {

    /**
     * BR-CO-17 as the CEN/TC 434 schematron tests it: on absolute values, the tax may differ from taxable amount × rate
     * (rounded to two decimals) by up to one currency unit — so a currency without minor units rounded per VAT group
     * passes — inclusive in the CII artefact, exclusive in the UBL one; at a rate of 0 the tax rounds to 0.
     */
    static boolean taxFollowsFromRate(VatBreakdown vat, InvoiceFormat format) {
        BigDecimal tax = vat.taxAmount().abs();
        if (vat.rate().setScale(0, RoundingMode.HALF_UP).signum() == 0) {
            return tax.setScale(0, RoundingMode.HALF_UP).signum() == 0;
        }
        BigDecimal expected = vat.taxableAmount().abs().multiply(vat.rate()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
        int distance = tax.subtract(expected).abs().compareTo(BigDecimal.ONE);
        return format != null && format.name().contains("UBL") ? distance < 0 : distance <= 0;
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Factur-X/ZUGFeRD MINIMUM: its artefact's own rule set (no lines, no breakdown, no prepaid or rounding amounts). */
    private static final Set<String> MINIMUM = Set.of("BR-01", "BR-02", "BR-03", "BR-04", "BR-05", "BR-06", "BR-07", "BR-08", "BR-09",
            "BR-13", "BR-14", "BR-15", "BR-DEC-12", "BR-DEC-13", "BR-DEC-14", "BR-DEC-18");
    /** BASIC WL: the document level of EN 16931 — totals, breakdown, payment — without lines. */
    private static final Set<String> BASIC_WL = union(MINIMUM, Set.of("BR-10", "BR-11", "BR-12", "BR-45", "BR-46", "BR-61",
            "BR-CO-11", "BR-CO-12", "BR-CO-13", "BR-CO-14", "BR-CO-15", "BR-CO-16", "BR-CO-17", "BR-CO-18", "BR-DEC-09",
            "BR-DEC-10", "BR-DEC-11", "BR-DEC-16", "BR-DEC-17"));
    /** Everything the hub checks: EN 16931 with lines (BASIC and up, XRechnung, Peppol, EDIFACT). */
    private static final Set<String> EN16931 = union(BASIC_WL, Set.of("BR-CL-04", "BR-16", "BR-21", "BR-22", "BR-23", "BR-24",
            "BR-25", "BR-26", "BR-27", "BR-DEC-23", "BR-CO-04", "BR-CO-10", "BR-CO-25", "BR-S-08", "BR-Z-08", "BR-E-08",
            "BR-AE-08", "BR-K-08", "BR-G-08", "BR-O-08", "BR-L-08", "BR-M-08"));

    /**
     * The rules the hub applies to this invoice: the rule set of its profile, as the official artefacts define them (a
     * MINIMUM invoice is not held to EN 16931's "CO" rules), plus XRechnung's where it claims XRechnung. A test holds
     * them against the artefacts' verdict rule by rule: the hub must name exactly those of the artefacts' failures it knows.
     */
    static Set<String> rulesFor(Invoice invoice) {
        String spec = invoice.specification() == null ? "" : invoice.specification().toLowerCase(Locale.ROOT);
        Set<String> rules = new TreeSet<>(invoice.format() != InvoiceFormat.ZUGFERD_HEADER_ONLY ? EN16931
                : spec.contains("minimum") ? MINIMUM : BASIC_WL);
        if (spec.contains("xrechnung")) {
            rules.addAll(List.of("BR-DE-15", "BR-DE-1"));
        }
        if (xrechnungVersion(invoice.specification()) >= 3) {
            // XRechnung 3.0 makes both electronic addresses mandatory (KoSIT implements them with Peppol's rule ids);
            // not 2.x: the official XRechnung 2.1 sample of the ZUGFeRD corpus carries neither
            rules.addAll(List.of("PEPPOL-EN16931-R020", "PEPPOL-EN16931-R010"));
        }
        return rules;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The rules of {@link #rulesFor} the invoice breaks, each with the standard's id and what is wrong. */
    public static List<Rejection> check(Invoice invoice) {
        List<Rejection> broken = new ArrayList<>();
        require(broken, "BR-01", invoice.specification(), "the specification identifier (BT-24) is missing");
        require(broken, "BR-02", invoice.number(), "the invoice number (BT-1) is missing");
        require(broken, "BR-03", invoice.issueDate(), "the issue date (BT-2) is missing");
        require(broken, "BR-04", invoice.typeCode(), "the invoice type code (BT-3) is missing");
        require(broken, "BR-05", invoice.currency(), "the invoice currency (BT-5) is missing");
        if (invoice.currency() != null && !isCurrency(invoice.currency())) {
            broken.add(new Rejection("BR-CL-04", "'" + invoice.currency() + "' is not an ISO 4217 currency code"));
        }
        require(broken, "BR-06", name(invoice.seller()), "the seller's name (BT-27) is missing");
        require(broken, "BR-07", name(invoice.buyer()), "the buyer's name (BT-44) is missing");
        require(broken, "BR-08", address(invoice.seller()), "the seller's postal address (BG-5) is missing");
        require(broken, "BR-09", country(invoice.seller()), "the seller's country (BT-40) is missing");
        require(broken, "BR-10", address(invoice.buyer()), "the buyer's postal address (BG-8) is missing");
        require(broken, "BR-11", country(invoice.buyer()), "the buyer's country (BT-55) is missing");

        InvoiceTotals t = invoice.totals();
        if (t == null) {
            broken.add(new Rejection("BR-15", "the document totals (BG-22) are missing"));
        } else {
            totals(broken, invoice, t);
        }
        payment(broken, invoice);
        if (invoice.specification() != null && invoice.specification().toLowerCase(Locale.ROOT).contains("xrechnung")) {
            require(broken, "BR-DE-15", invoice.buyerReference(), "XRechnung needs the buyer reference (BT-10, Leitweg-ID)");
            require(broken, "BR-DE-1", invoice.paymentMeansCode(), "XRechnung needs payment instructions (BG-16)");
        }
        require(broken, "PEPPOL-EN16931-R020", invoice.seller() == null ? null : invoice.seller().electronicAddress(),
                "XRechnung needs the seller's electronic address (BT-34)");
        require(broken, "PEPPOL-EN16931-R010", invoice.buyer() == null ? null : invoice.buyer().electronicAddress(),
                "XRechnung needs the buyer's electronic address (BT-49)");
        Set<String> applied = rulesFor(invoice);
        broken.removeIf(r -> !applied.contains(r.rule()));
        return broken;
    }

    private static void totals(List<Rejection> broken, Invoice invoice, InvoiceTotals t) {
        require(broken, "BR-12", t.lineNet(), "the sum of line net amounts (BT-106) is missing");
        require(broken, "BR-13", t.taxExclusive(), "the total without VAT (BT-109) is missing");
        require(broken, "BR-14", t.taxInclusive(), "the total with VAT (BT-112) is missing");
        require(broken, "BR-15", t.payable(), "the amount due for payment (BT-115) is missing");
        decimals(broken, t);
        lines(broken, invoice.lines());
        arithmetic(broken, invoice, t);
        breakdown(broken, invoice);
        if (t.taxExclusive() != null && t.taxInclusive() != null) {
            equal(broken, "BR-CO-15", t.taxInclusive(), t.taxExclusive().add(orZero(t.tax())),
                    "the total with VAT (BT-112) is not the total without VAT (BT-109) plus the VAT total (BT-110)");
        }
        if (t.taxInclusive() != null && t.payable() != null) {
            equal(broken, "BR-CO-16", t.payable(), t.taxInclusive().subtract(orZero(t.prepaid())).add(orZero(t.rounding())),
                    "the amount due (BT-115) is not the total with VAT (BT-112) minus the paid amount (BT-113) plus rounding (BT-114)");
        }
    }

    private static void lines(List<Rejection> broken, List<InvoiceLine> lines) {
        if (lines.isEmpty()) {
            broken.add(new Rejection("BR-16", "the invoice has no lines (BG-25)"));
        }
        for (InvoiceLine line : lines) {
            String which = "line " + (line.id() == null ? "?" : line.id());
            require(broken, "BR-21", line.id(), "a line has no identifier (BT-126)");
            require(broken, "BR-22", line.quantity(), which + " has no invoiced quantity (BT-129)");
            require(broken, "BR-23", line.unitCode(), which + " has no unit of measure (BT-130)");
            require(broken, "BR-24", line.netAmount(), which + " has no net amount (BT-131)");
            require(broken, "BR-25", line.itemName(), which + " has no item name (BT-153)");
            require(broken, "BR-26", line.netPrice(), which + " has no net price (BT-146)");
            if (line.netPrice() != null && line.netPrice().signum() < 0) {
                broken.add(new Rejection("BR-27", which + " has a negative net price (BT-146)"));
            }
            if (line.netAmount() != null && line.netAmount().scale() > 2 && line.netAmount().stripTrailingZeros().scale() > 2) {
                broken.add(new Rejection("BR-DEC-23", which + ": the net amount (BT-131) has more than two decimals"));
            }
            require(broken, "BR-CO-04", line.vatCategory(), which + " has no VAT category (BT-151)");
        }
    }

    private static void arithmetic(List<Rejection> broken, Invoice invoice, InvoiceTotals t) {
        BigDecimal lineSum = sum(invoice.lines(), InvoiceLine::netAmount);
        if (t.lineNet() != null) {
            equal(broken, "BR-CO-10", t.lineNet(), lineSum, "the sum of line net amounts (BT-106) is not the sum of the lines");
        }
        BigDecimal allowances = sum(filter(invoice.allowancesCharges(), ac -> !ac.charge()), AllowanceCharge::amount);
        BigDecimal charges = sum(filter(invoice.allowancesCharges(), AllowanceCharge::charge), AllowanceCharge::amount);
        if (t.allowances() != null || allowances.signum() != 0) {
            equal(broken, "BR-CO-11", orZero(t.allowances()), allowances,
                    "the allowance total (BT-107) is not the sum of the document-level allowances");
        }
        if (t.charges() != null || charges.signum() != 0) {
            equal(broken, "BR-CO-12", orZero(t.charges()), charges, "the charge total (BT-108) is not the sum of the document-level charges");
        }
        if (t.lineNet() != null && t.taxExclusive() != null) {
            equal(broken, "BR-CO-13", t.taxExclusive(), t.lineNet().subtract(orZero(t.allowances())).add(orZero(t.charges())),
                    "the total without VAT (BT-109) is not the line total (BT-106) minus allowances (BT-107) plus charges (BT-108)");
        }
        if (invoice.vatBreakdown().isEmpty()) {
            broken.add(new Rejection("BR-CO-18", "the invoice has no VAT breakdown (BG-23)"));
        } else if (t.tax() != null || hasTax(invoice)) {
            equal(broken, "BR-CO-14", orZero(t.tax()), sum(invoice.vatBreakdown(), VatBreakdown::taxAmount),
                    "the VAT total (BT-110) is not the sum of the VAT category amounts (BT-117)");
        }
    }

    /** Per VAT category and rate: the taxable amount is what the lines, allowances and charges of that category add up to, and the tax follows from the rate. */
    private static void breakdown(List<Rejection> broken, Invoice invoice) {
        Map<String, BigDecimal> basis = new LinkedHashMap<>();
        for (InvoiceLine line : invoice.lines()) {
            basis.merge(key(line.vatCategory(), line.vatRate()), orZero(line.netAmount()), BigDecimal::add);
        }
        for (AllowanceCharge ac : invoice.allowancesCharges()) {
            BigDecimal amount = orZero(ac.amount());
            basis.merge(key(ac.vatCategory(), ac.vatRate()), ac.charge() ? amount : amount.negate(), BigDecimal::add);
        }
        for (VatBreakdown vat : invoice.vatBreakdown()) {
            String category = vat.category() == null ? "?" : vat.category();
            String rule = "BR-" + category + "-08";
            String k = key(vat.category(), vat.rate());
            BigDecimal expected = basis.remove(k);
            if (vat.taxableAmount() == null) {
                broken.add(new Rejection("BR-45", "VAT category " + category + " has no taxable amount (BT-116)"));
            } else if (expected != null) {
                equal(broken, rule, vat.taxableAmount(), expected, "the taxable amount of VAT category " + category + " at "
                        + plain(vat.rate()) + " % (BT-116) is not the sum of its lines, allowances and charges");
            }
            if (vat.taxAmount() == null) {
                broken.add(new Rejection("BR-46", "VAT category " + category + " has no tax amount (BT-117)"));
            } else if (vat.rate() != null && vat.taxableAmount() != null && !taxFollowsFromRate(vat, invoice.format())) {
                BigDecimal computed = vat.taxableAmount().multiply(vat.rate()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
                broken.add(new Rejection("BR-CO-17", "VAT category " + category + " at " + plain(vat.rate()) + " %: tax "
                        + plain(vat.taxAmount()) + " is not " + plain(vat.taxableAmount()) + " × rate = " + plain(computed)
                        + " within one currency unit"));
            }
        }
        basis.forEach((k, amount) -> {
            if (amount.signum() != 0 || !k.startsWith("null")) {
                broken.add(new Rejection("BR-CO-18", "lines or allowances/charges of VAT category " + k.replace('|', ' ')
                        + " % have no entry in the VAT breakdown (BG-23)"));
            }
        });
    }

    private static void payment(List<Rejection> broken, Invoice invoice) {
        if (("30".equals(invoice.paymentMeansCode()) || "58".equals(invoice.paymentMeansCode())) && invoice.iban() == null) {
            broken.add(new Rejection("BR-61", "credit transfer (payment means " + invoice.paymentMeansCode()
                    + ") without the payee's account (BT-84)"));
        }
        if (invoice.totals() != null && invoice.totals().payable() != null && invoice.totals().payable().signum() > 0
                && invoice.dueDate() == null && invoice.paymentTerms() == null && !invoice.isCreditNote()) {
            broken.add(new Rejection("BR-CO-25", "an amount is due (BT-115) but neither a due date (BT-9) nor payment terms (BT-20) are given"));
        }
    }

    private static void decimals(List<Rejection> broken, InvoiceTotals t) {
        String[][] names = {{"BR-DEC-09", "BT-106"}, {"BR-DEC-10", "BT-107"}, {"BR-DEC-11", "BT-108"}, {"BR-DEC-12", "BT-109"},
                {"BR-DEC-13", "BT-110"}, {"BR-DEC-14", "BT-112"}, {"BR-DEC-16", "BT-113"}, {"BR-DEC-17", "BT-114"}, {"BR-DEC-18", "BT-115"}};
        BigDecimal[] values = {t.lineNet(), t.allowances(), t.charges(), t.taxExclusive(), t.tax(), t.taxInclusive(), t.prepaid(),
                t.rounding(), t.payable()};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].stripTrailingZeros().scale() > 2) {
                broken.add(new Rejection(names[i][0], names[i][1] + " " + values[i].toPlainString() + " has more than two decimals"));
            }
        }
    }

    private static boolean hasTax(Invoice invoice) {
        return invoice.vatBreakdown().stream().anyMatch(v -> v.taxAmount() != null && v.taxAmount().signum() != 0);
    }

    private static String key(String category, BigDecimal rate) {
        return category + "|" + (rate == null ? "0" : rate.stripTrailingZeros().toPlainString());
    }

    private static String plain(BigDecimal value) {
        return value == null ? "?" : value.stripTrailingZeros().toPlainString();
    }

    private static void equal(List<Rejection> broken, String rule, BigDecimal declared, BigDecimal expected, String message) {
        if (declared.compareTo(expected) != 0) {
            broken.add(new Rejection(rule, message + " (declared " + declared.toPlainString() + ", expected " + expected.toPlainString() + ")"));
        }
    }

    /** The major version in an XRechnung specification id ("…:xrechnung_3.0" → 3), 0 when it names none. */
    static int xrechnungVersion(String specification) {
        java.util.regex.Matcher m = specification == null ? null
                : java.util.regex.Pattern.compile("xrechnung_(\\d+)").matcher(specification.toLowerCase(Locale.ROOT));
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void require(List<Rejection> broken, String rule, Object value, String message) {
        if (value == null) {
            broken.add(new Rejection(rule, message));
        }
    }

    private static <T> BigDecimal sum(List<T> items, Function<T, BigDecimal> amount) {
        return items.stream().map(amount).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static <T> List<T> filter(List<T> items, Predicate<T> keep) {
        return items.stream().filter(keep).toList();
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String name(InvoiceParty party) {
        return party == null ? null : party.name();
    }

    private static Object address(InvoiceParty party) {
        return party == null ? null : party.address();
    }

    private static String country(InvoiceParty party) {
        return party == null || party.address() == null ? null : party.address().countryCode();
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private InvoiceRules() {
    }
}
