package io.kontor.invoices;

import io.kontor.invoices.validation.Finding;
import io.kontor.invoices.validation.OfficialArtefacts;
import io.kontor.invoices.validation.Verdict;
import io.kontor.model.Invoice.Rejection;
import io.kontor.model.InvoiceFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mustangproject.Allowance;
import org.mustangproject.BankDetails;
import org.mustangproject.Charge;
import org.mustangproject.Invoice;
import org.mustangproject.Item;
import org.mustangproject.Product;
import org.mustangproject.TradeParty;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.TransactionCalculator;
import org.mustangproject.ZUGFeRD.ZUGFeRD2PullProvider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More invoices than the corpus holds, written with Mustang (the library much European invoicing software writes
 * them with) in every Factur-X/ZUGFeRD profile and XRechnung: whole-unit currencies, VAT categories, allowances and
 * charges on document and line, credit notes, zero totals, many lines. For each, the official artefacts must find it
 * valid, the hub's own rules must agree rule by rule, and capture must read back exactly what was written. Then the
 * same invoices broken on purpose: both must name the broken rule.
 */
class GeneratedInvoicesTest {

    private static final OfficialArtefacts ARTEFACTS = new OfficialArtefacts();
    private static final InvoiceDocumentReader READER = new InvoiceDocumentReader(10_000_000);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    /** One invoice to write: its profile, currency and the Mustang invoice, plus an edit a rounding supplier makes after writing. */
    record Case(String name, String profile, InvoiceFormat format, Invoice invoice, UnaryOperator<String> edit) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> invoices() {
        List<Case> cases = new ArrayList<>();
        for (String profile : List.of("MINIMUM", "BASICWL", "BASIC", "EN16931", "EXTENDED", "XRECHNUNG")) {
            Invoice invoice = profile.equals("MINIMUM") || profile.equals("BASICWL") || profile.equals("BASIC") ? lean(twoRates("EUR"))
                    : twoRates("EUR");
            cases.add(new Case(profile + " EUR two rates", profile, format(profile), invoice, UnaryOperator.identity()));
        }
        cases.add(new Case("EN16931 document and line allowances and charges", "EN16931", InvoiceFormat.EN16931_CII,
                allowancesAndCharges(), UnaryOperator.identity()));
        cases.add(new Case("XRECHNUNG credit note", "XRECHNUNG", InvoiceFormat.XRECHNUNG_CII, twoRates("EUR").setCreditNote(),
                UnaryOperator.identity()));
        cases.add(new Case("EN16931 zero total", "EN16931", InvoiceFormat.EN16931_CII, zeroTotal(), UnaryOperator.identity()));
        cases.add(new Case("EN16931 zero-rated and exempt", "EN16931", InvoiceFormat.EN16931_CII, zeroRatedAndExempt(),
                UnaryOperator.identity()));
        cases.add(new Case("EN16931 reverse charge", "EN16931", InvoiceFormat.EN16931_CII, reverseCharge(), UnaryOperator.identity()));
        cases.add(new Case("EN16931 250 lines", "EN16931", InvoiceFormat.EN16931_CII, manyLines(250), UnaryOperator.identity()));
        cases.add(new Case("EN16931 intra-community supply (K)", "EN16931", InvoiceFormat.EN16931_CII, intraCommunity(),
                UnaryOperator.identity()));
        cases.add(new Case("EN16931 export outside the EU (G)", "EN16931", InvoiceFormat.EN16931_CII, export(), UnaryOperator.identity()));
        cases.add(new Case("EN16931 not subject to VAT (O)", "EN16931", InvoiceFormat.EN16931_CII, notSubject(), UnaryOperator.identity()));
        cases.add(new Case("EN16931 negative total (returns exceed the delivery)", "EN16931", InvoiceFormat.EN16931_CII, negativeTotal(),
                UnaryOperator.identity()));
        // MINIMUM has no prepaid or rounding amounts, so EN 16931's BR-CO-16 is not among its rules: an amount due other
        // than the total (paid in part before) is a valid MINIMUM invoice
        cases.add(new Case("MINIMUM amount due other than the total", "MINIMUM", InvoiceFormat.ZUGFERD_HEADER_ONLY,
                lean(twoRates("EUR")), xml -> replaceFirst(xml, "<ram:DuePayableAmount>([0-9.]+)<", v -> v.subtract(BigDecimal.TEN),
                "<ram:DuePayableAmount>")));
        for (String currency : List.of("HUF", "JPY", "ISK")) {
            // the supplier rounds each VAT group's tax to whole units, as these currencies are paid
            cases.add(new Case("XRECHNUNG " + currency + " tax rounded per VAT group", "XRECHNUNG", InvoiceFormat.XRECHNUNG_CII,
                    wholeUnits(currency), GeneratedInvoicesTest::roundTaxToWholeUnits));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invoices")
    void theArtefactsFindItValidTheHubAgreesAndCaptureReadsItBackExactly(Case c) {
        String xml = c.edit().apply(write(c.invoice(), c.profile()));
        InvoiceDocumentReader.Reading reading = READER.read(xml.getBytes(StandardCharsets.UTF_8));
        Verdict official = ARTEFACTS.validate(reading.xml(), false);
        io.kontor.model.Invoice read = reading.invoice();

        assertThat(official.errors()).as("%s by %s", c, official.artefacts()).isEmpty();
        assertThat(InvoiceRules.check(read)).as("the hub's own rules on %s", c).isEmpty();
        assertThat(read.format()).isEqualTo(c.format());
        assertThat(read.number()).isEqualTo(c.invoice().getNumber());
        assertThat(read.currency()).isEqualTo(c.invoice().getCurrency());
        assertThat(read.seller().vatId()).isEqualTo(c.invoice().getSender().getVATID());
        assertThat(read.buyer().name()).isEqualTo(c.invoice().getRecipient().getName());
        assertThat(read.typeCode()).isEqualTo(c.invoice().getDocumentCode() == null ? "380" : c.invoice().getDocumentCode());
        TransactionCalculator written = new TransactionCalculator(c.invoice());
        if (c.edit() == UnaryOperator.<String>identity()) {
            assertThat(read.totals().payable()).isEqualByComparingTo(written.getDuePayable());
            assertThat(read.totals().taxExclusive()).isEqualByComparingTo(written.getTaxBasis());
        }
        if (!c.profile().equals("MINIMUM") && !c.profile().equals("BASICWL")) {
            assertThat(read.lines()).hasSize(c.invoice().getZFItems().length);
            for (int i = 0; i < read.lines().size(); i++) {
                assertThat(read.lines().get(i).quantity()).isEqualByComparingTo(c.invoice().getZFItems()[i].getQuantity());
                assertThat(read.lines().get(i).netPrice()).isEqualByComparingTo(c.invoice().getZFItems()[i].getPrice());
                assertThat(read.lines().get(i).itemName()).isEqualTo(c.invoice().getZFItems()[i].getProduct().getName());
            }
        }
    }

    /** Broken on purpose after writing: the artefacts and the hub must both name the rule (and the hub nothing else). */
    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("broken")
    void aBrokenInvoiceIsRefusedByBothForTheSameRule(String what, String rule, Case c) {
        String xml = c.edit().apply(write(c.invoice(), c.profile()));
        InvoiceDocumentReader.Reading reading = READER.read(xml.getBytes(StandardCharsets.UTF_8));
        Verdict official = ARTEFACTS.validate(reading.xml(), false);
        Set<String> officialRules = official.errors().stream().map(Finding::rule).collect(Collectors.toCollection(TreeSet::new));
        Set<String> hubRules = InvoiceRules.check(reading.invoice()).stream().map(Rejection::rule).collect(Collectors.toCollection(TreeSet::new));
        Set<String> known = new TreeSet<>(officialRules);
        known.retainAll(InvoiceRules.rulesFor(reading.invoice()));

        assertThat(officialRules).as("%s: %s", what, official.errors()).contains(rule);
        assertThat(hubRules).as(what).contains(rule).isEqualTo(known);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> broken() {
        return Stream.of(
                brokenCase("total with VAT off by a cent", "BR-CO-15", "EN16931", twoRates("EUR"),
                        xml -> replaceFirst(xml, "<ram:GrandTotalAmount>([0-9.]+)<", v -> v.add(new BigDecimal("0.01")), "<ram:GrandTotalAmount>")),
                brokenCase("line total not the lines' sum", "BR-CO-10", "EN16931", twoRates("EUR"),
                        xml -> replaceFirst(xml, "<ram:LineTotalAmount>([0-9.]+)</ram:LineTotalAmount>\\s*<ram:ChargeTotalAmount",
                                v -> v.add(BigDecimal.ONE), null)),
                brokenCase("HUF tax two units off its group", "BR-CO-17", "XRECHNUNG", wholeUnits("HUF"),
                        xml -> shiftFirstGroupTax(roundTaxToWholeUnits(xml), new BigDecimal("2"))),
                brokenCase("MINIMUM amount due with three decimals", "BR-DEC-18", "MINIMUM", lean(twoRates("EUR")),
                        xml -> replaceFirst(xml, "<ram:DuePayableAmount>([0-9.]+)<", v -> v.add(new BigDecimal("0.005")), "<ram:DuePayableAmount>")));
    }

    private static org.junit.jupiter.params.provider.Arguments brokenCase(String what, String rule, String profile, Invoice invoice,
                                                                          UnaryOperator<String> edit) {
        return org.junit.jupiter.params.provider.Arguments.of(what, rule, new Case(what, profile, format(profile), invoice, edit));
    }

    // --- the invoices -------------------------------------------------------------------------------------------------

    private static Invoice base(String number, String currency) {
        return new Invoice().setNumber(number).setIssueDate(date(DAY)).setDueDate(date(DAY.plusDays(30))).setDeliveryDate(date(DAY))
                .setCurrency(currency).setReferenceNumber("KONTOR-AP-1").setPaymentTermDescription("30 Tage netto")
                .setSender(new TradeParty("Papier Müller GmbH", "Lieferantenstraße 20", "80333", "München", "DE")
                        .addVATID("DE123456788").setEmail("rechnung@papier-mueller.example")
                        .setContact(new org.mustangproject.Contact("Buchhaltung", "+49 30 000000", "rechnung@papier-mueller.example"))
                        .addBankDetails(new BankDetails("DE89370400440532013000", "COBADEFFXXX")))
                .setRecipient(new TradeParty("Kontor Retail GmbH", "Hauptstraße 1", "10115", "Berlin", "DE")
                        .setEmail("rechnungseingang@kontor-retail.example").addVATID("DE987654321"));
    }

    /**
     * The parties as the small profiles carry them: Mustang writes whatever a party has, and contacts, e-mail addresses
     * and street addresses are not part of MINIMUM, BASIC WL or BASIC (their XSDs refuse them).
     */
    private static Invoice lean(Invoice invoice) {
        invoice.setSender(new TradeParty("Papier Müller GmbH", null, null, null, "DE").addVATID("DE123456788")
                .addBankDetails(new BankDetails("DE89370400440532013000", "COBADEFFXXX")));
        invoice.setRecipient(new TradeParty("Kontor Retail GmbH", null, null, null, "DE").addVATID("DE987654321"));
        return invoice.setDeliveryDate(null);
    }

    private static Item item(String name, String price, String quantity, String rate) {
        return new Item(new Product(name, "", "H87", new BigDecimal(rate)), new BigDecimal(price), new BigDecimal(quantity));
    }

    static Invoice twoRates(String currency) {
        return base("GEN-2R-" + currency, currency).addItem(item("Trennblätter A4", "9.90", "20", "19"))
                .addItem(item("Kopierpapier A4", "5.50", "50", "7"));
    }

    static Invoice wholeUnits(String currency) {
        return base("GEN-W-" + currency, currency).addItem(item("Regal", "12345", "3", "19")).addItem(item("Katalog", "777", "7", "7"));
    }

    static Invoice allowancesAndCharges() {
        Item discounted = item("Ordner", "4.20", "100", "19");
        discounted.addAllowance(new Allowance(new BigDecimal("12.00")).setReason("Mengenrabatt"));
        Item packed = item("Etiketten", "2.35", "40", "7");
        packed.addCharge(new Charge(new BigDecimal("3.50")).setReason("Verpackung"));
        return base("GEN-AC", "EUR").addItem(discounted).addItem(packed)
                .addAllowance(new Allowance(new BigDecimal("25.00")).setTaxPercent(new BigDecimal("19")).setReason("Treuerabatt"))
                .addCharge(new Charge(new BigDecimal("9.90")).setTaxPercent(new BigDecimal("7")).setReason("Fracht"));
    }

    static Invoice zeroTotal() {
        return base("GEN-ZERO", "EUR").addItem(item("Musterexemplar", "0.00", "3", "19"));
    }

    static Invoice zeroRatedAndExempt() {
        Item exempt = new Item(new Product("Schulung", "", "C62", BigDecimal.ZERO).setTaxCategoryCode("E")
                .setTaxExemptionReason("Steuerbefreit nach § 4 Nr. 21 UStG"), new BigDecimal("450.00"), BigDecimal.ONE);
        Item zero = new Item(new Product("Buch", "", "H87", BigDecimal.ZERO).setTaxCategoryCode("Z"), new BigDecimal("19.80"),
                new BigDecimal("5"));
        return base("GEN-ZE", "EUR").addItem(exempt).addItem(zero).addItem(item("Stifte", "1.10", "30", "19"));
    }

    static Invoice reverseCharge() {
        Invoice invoice = base("GEN-AE", "EUR");
        invoice.setRecipient(new TradeParty("Kontor Retail BV", "Keizersgracht 1", "1015 CJ", "Amsterdam", "NL")
                .setEmail("ap@kontor-retail.example").addVATID("NL123456789B01"));
        return invoice.addItem(new Item(new Product("Beratung", "", "HUR", BigDecimal.ZERO).setReverseCharge(),
                new BigDecimal("120.00"), new BigDecimal("8")));
    }

    static Invoice intraCommunity() {
        Invoice invoice = base("GEN-K", "EUR");
        invoice.setRecipient(new TradeParty("Kontor Retail BV", "Keizersgracht 1", "1015 CJ", "Amsterdam", "NL")
                .setEmail("ap@kontor-retail.example").addVATID("NL123456789B01"));
        invoice.setDeliveryAddress(new TradeParty("Kontor Retail BV", "Keizersgracht 1", "1015 CJ", "Amsterdam", "NL"));
        return invoice.addItem(new Item(new Product("Regal", "", "H87", BigDecimal.ZERO).setIntraCommunitySupply(),
                new BigDecimal("240.00"), new BigDecimal("3")));
    }

    static Invoice export() {
        Invoice invoice = base("GEN-G", "EUR");
        invoice.setRecipient(new TradeParty("Kontor Retail AG", "Bahnhofstrasse 1", "8001", "Zürich", "CH")
                .setEmail("ap@kontor-retail.example"));
        return invoice.addItem(new Item(new Product("Regal", "", "H87", BigDecimal.ZERO).setTaxCategoryCode("G")
                .setTaxExemptionReason("Export outside the EU"), new BigDecimal("240.00"), new BigDecimal("3")));
    }

    /** Category O: neither party's VAT id may be given (BR-O-02 to -04), so the parties are the invoice's own here. */
    static Invoice notSubject() {
        Invoice invoice = base("GEN-O", "EUR");
        invoice.setSender(new TradeParty("Verein Papierfreunde e.V.", "Lieferantenstraße 20", "80333", "München", "DE").setID("PF-1")
                .setEmail("kasse@papierfreunde.example").addTaxID("143/123/45678")
                .addBankDetails(new BankDetails("DE89370400440532013000", "COBADEFFXXX")));
        invoice.setRecipient(new TradeParty("Kontor Retail GmbH", "Hauptstraße 1", "10115", "Berlin", "DE")
                .setEmail("rechnungseingang@kontor-retail.example"));
        return invoice.addItem(new Item(new Product("Mitgliedsbeitrag", "", "C62", BigDecimal.ZERO).setTaxCategoryCode("O")
                .setTaxExemptionReason("Not subject to VAT"), new BigDecimal("60.00"), BigDecimal.ONE));
    }

    static Invoice negativeTotal() {
        return base("GEN-NEG", "EUR").addItem(item("Regal", "120.00", "1", "19")).addItem(item("Regal zurück", "120.00", "-3", "19"));
    }

    static Invoice manyLines(int count) {
        Invoice invoice = base("GEN-MANY", "EUR");
        for (int i = 1; i <= count; i++) {
            invoice.addItem(item("Artikel " + i, BigDecimal.valueOf(i * 37L % 1000 + 1, 2).toPlainString(), String.valueOf(i % 7 + 1),
                    i % 3 == 0 ? "7" : "19"));
        }
        return invoice;
    }

    // --- writing and editing ------------------------------------------------------------------------------------------

    private static String write(Invoice invoice, String profile) {
        ZUGFeRD2PullProvider provider = new ZUGFeRD2PullProvider();
        provider.setProfile(Profiles.getByName(profile));
        provider.generateXML(invoice);
        return new String(provider.getXML(), StandardCharsets.UTF_8);
    }

    private static InvoiceFormat format(String profile) {
        return switch (profile) {
            case "XRECHNUNG" -> InvoiceFormat.XRECHNUNG_CII;
            case "MINIMUM", "BASICWL" -> InvoiceFormat.ZUGFERD_HEADER_ONLY;
            default -> InvoiceFormat.EN16931_CII;
        };
    }

    /** Each VAT group's tax rounded to whole units, and the totals that follow from it, as a supplier in HUF or JPY writes them. */
    static String roundTaxToWholeUnits(String xml) {
        Matcher group = Pattern.compile("<ram:CalculatedAmount>([0-9.]+)</ram:CalculatedAmount>").matcher(xml);
        StringBuilder out = new StringBuilder();
        BigDecimal tax = BigDecimal.ZERO;
        while (group.find()) {
            BigDecimal rounded = new BigDecimal(group.group(1)).setScale(0, RoundingMode.HALF_UP);
            tax = tax.add(rounded);
            group.appendReplacement(out, "<ram:CalculatedAmount>" + rounded.toPlainString() + "</ram:CalculatedAmount>");
        }
        group.appendTail(out);
        BigDecimal total = tax;
        String edited = out.toString();
        BigDecimal basis = new BigDecimal(find(edited, "<ram:TaxBasisTotalAmount>([0-9.]+)<"));
        edited = edited.replaceFirst("(<ram:TaxTotalAmount[^>]*>)[0-9.]+<", "$1" + total.toPlainString() + "<");
        edited = edited.replaceFirst("<ram:GrandTotalAmount>[0-9.]+<", "<ram:GrandTotalAmount>" + basis.add(total).toPlainString() + "<");
        return edited.replaceFirst("<ram:DuePayableAmount>[0-9.]+<", "<ram:DuePayableAmount>" + basis.add(total).toPlainString() + "<");
    }

    /** The first VAT group's tax moved by {@code by}, with the totals following it, so only BR-CO-17 is broken. */
    static String shiftFirstGroupTax(String xml, BigDecimal by) {
        String edited = replaceFirst(xml, "<ram:CalculatedAmount>([0-9.]+)<", v -> v.add(by), "<ram:CalculatedAmount>");
        edited = replaceFirst(edited, "(?<=<ram:TaxTotalAmount currencyID=\"[A-Z]{3}\">)([0-9.]+)(?=<)", v -> v.add(by), "");
        edited = replaceFirst(edited, "<ram:GrandTotalAmount>([0-9.]+)<", v -> v.add(by), "<ram:GrandTotalAmount>");
        return replaceFirst(edited, "<ram:DuePayableAmount>([0-9.]+)<", v -> v.add(by), "<ram:DuePayableAmount>");
    }

    /** Replaces group 1 of the first match by {@code change} of its value; {@code prefix} is written before it (null: the match's own text is kept around it). */
    private static String replaceFirst(String xml, String regex, UnaryOperator<BigDecimal> change, String prefix) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        assertThat(m.find()).as("the written XML has " + regex).isTrue();
        String changed = change.apply(new BigDecimal(m.group(1))).toPlainString();
        String replacement = prefix == null ? m.group().replace(m.group(1), changed) : prefix + changed + (m.group().endsWith("<") ? "<" : "");
        return xml.substring(0, m.start()) + replacement + xml.substring(m.end());
    }

    private static String find(String xml, String regex) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        assertThat(m.find()).as("the written XML has " + regex).isTrue();
        return m.group(1);
    }

    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
