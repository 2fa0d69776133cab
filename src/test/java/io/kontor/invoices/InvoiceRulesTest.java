package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.model.Invoice.Rejection;
import io.kontor.model.InvoiceFormat;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Invoices as a supplier's software writes them (Mustang) pass; each kind of wrong arithmetic is caught under its EN 16931 rule. */
class InvoiceRulesTest {

    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(1_000_000);
    private final String xml = new String(SupplierInvoicesFixture.xml("SUP-2026-0001", LocalDate.of(2026, 11, 2)), StandardCharsets.UTF_8);

    @Test
    void anXRechnungWrittenByMustangIsReadWithEveryTermAndKeepsTheRules() {
        Invoice invoice = read(xml);

        assertThat(invoice.format()).isEqualTo(InvoiceFormat.XRECHNUNG_CII);
        assertThat(invoice.number()).isEqualTo("SUP-2026-0001");
        assertThat(invoice.issueDate()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(invoice.dueDate()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(invoice.seller().name()).isEqualTo("Papier Müller GmbH");
        assertThat(invoice.seller().vatId()).isEqualTo("DE123456788");
        assertThat(invoice.seller().electronicAddress()).isEqualTo("rechnung@papier-mueller.example");
        assertThat(invoice.buyer().electronicAddress()).isEqualTo("rechnungseingang@kontor-retail.example");
        assertThat(invoice.iban()).isEqualTo("DE89370400440532013000");
        assertThat(invoice.purchaseOrderReference()).isEqualTo("PO-4711");
        assertThat(invoice.lines()).extracting(l -> l.sellerItemId()).containsExactly("TB100A4", "ARNR2");
        // 20 × 9.90 at 19 % and 50 × 5.50 at 7 %: 198.00 + 37.62 VAT, 275.00 + 19.25 VAT
        assertThat(invoice.totals().payable()).isEqualByComparingTo("529.87");
        assertThat(invoice.vatBreakdown()).hasSize(2);
        assertThat(InvoiceRules.check(invoice)).isEmpty();
    }

    @Test
    void aZugferdPdfWrittenByMustangIsReadFromItsAttachment() {
        byte[] pdf = SupplierInvoiceFactory.zugferdPdf(SupplierInvoicesFixture.invoice("SUP-2026-0002", LocalDate.of(2026, 11, 3), null));

        Invoice invoice = reader.read(pdf).invoice();

        assertThat(invoice.format()).isEqualTo(InvoiceFormat.ZUGFERD_EN16931);
        assertThat(invoice.number()).isEqualTo("SUP-2026-0002");
        assertThat(invoice.totals().payable()).isEqualByComparingTo("529.87");
        assertThat(InvoiceRules.check(invoice)).isEmpty();
    }

    @Test
    void aPayableThatIsNotTheTotalLessPrepaidBreaksBrCo16() {
        assertThat(rules(xml.replace("<ram:DuePayableAmount>529.87", "<ram:DuePayableAmount>592.87"))).containsExactly("BR-CO-16");
    }

    @Test
    void aLineTotalThatIsNotTheSumOfTheLinesBreaksBrCo10() {
        assertThat(rules(xml.replace("<ram:LineTotalAmount>473.00", "<ram:LineTotalAmount>437.00")))
                .contains("BR-CO-10", "BR-CO-13");
    }

    @Test
    void aVatAmountThatDoesNotFollowFromTheRateBreaksBrCo17AndTheVatTotal() {
        assertThat(rules(xml.replace("<ram:CalculatedAmount>37.62", "<ram:CalculatedAmount>35.62")))
                .contains("BR-CO-17", "BR-CO-14");
    }

    /**
     * BR-CO-17 as the CEN artefacts state it: one currency unit either way on absolute values (inclusive in the CII
     * schematron, exclusive in the UBL one), so an invoice in a currency without minor units, rounded per VAT group,
     * is valid; at a rate of 0 the tax rounds to 0.
     */
    @Test
    void brCo17AllowsOneCurrencyUnitAsTheCenArtefactsDo() {
        // 1,235 HUF at 27 % = 333.45, written as whole forints
        assertThat(InvoiceRules.taxFollowsFromRate(vat("1235", "27", "333"), InvoiceFormat.XRECHNUNG_CII)).isTrue();
        assertThat(InvoiceRules.taxFollowsFromRate(vat("1235", "27", "334"), InvoiceFormat.XRECHNUNG_CII)).isTrue();
        assertThat(InvoiceRules.taxFollowsFromRate(vat("1235", "27", "335"), InvoiceFormat.XRECHNUNG_CII)).isFalse();
        assertThat(InvoiceRules.taxFollowsFromRate(vat("-1235", "27", "-333"), InvoiceFormat.XRECHNUNG_CII)).as("a credit").isTrue();
        // exactly one unit off: valid under the CII artefact, not under the UBL one
        assertThat(InvoiceRules.taxFollowsFromRate(vat("100.00", "19", "20.00"), InvoiceFormat.EN16931_CII)).isTrue();
        assertThat(InvoiceRules.taxFollowsFromRate(vat("100.00", "19", "20.00"), InvoiceFormat.EN16931_UBL)).isFalse();
        assertThat(InvoiceRules.taxFollowsFromRate(vat("100.00", "0", "0.40"), InvoiceFormat.EN16931_UBL)).isTrue();
        assertThat(InvoiceRules.taxFollowsFromRate(vat("100.00", "0", "0.60"), InvoiceFormat.EN16931_UBL)).isFalse();
    }

    private static Invoice.VatBreakdown vat(String taxable, String rate, String tax) {
        return new Invoice.VatBreakdown("S", new java.math.BigDecimal(rate), new java.math.BigDecimal(taxable), new java.math.BigDecimal(tax), null);
    }

    @Test
    void aCategoryBasisThatIsNotItsLinesBreaksTheCategoryRule() {
        assertThat(rules(xml.replace("<ram:BasisAmount>198.00", "<ram:BasisAmount>189.00"))).contains("BR-S-08");
    }

    @Test
    void xrechnungWithoutTheBuyerReferenceBreaksBrDe15() {
        assertThat(rules(xml.replace("<ram:BuyerReference>KONTOR-AP-1</ram:BuyerReference>", ""))).containsExactly("BR-DE-15");
    }

    /** Found by Mustang's Schematron on the sandbox's own files before the hub checked it: XRechnung 3.0 wants BT-49. */
    @Test
    void xrechnungWithoutTheBuyersElectronicAddressBreaksItsRule() {
        String withoutBuyerAddress = xml.replaceFirst("(?s)(<ram:BuyerTradeParty>.*?)<ram:URIUniversalCommunication>.*?</ram:URIUniversalCommunication>", "$1");
        assertThat(withoutBuyerAddress).isNotEqualTo(xml);
        assertThat(rules(withoutBuyerAddress)).containsExactly("PEPPOL-EN16931-R010");
    }

    @Test
    void amountsWithMoreThanTwoDecimalsBreakTheDecimalRules() {
        assertThat(rules(xml.replace("<ram:GrandTotalAmount>529.87", "<ram:GrandTotalAmount>529.870001"))).contains("BR-DEC-14");
    }

    @Test
    void anInvoiceWithoutSellerNameOrNumberBreaksTheMandatoryRules() {
        String broken = xml.replaceFirst("<ram:Name>Papier Müller GmbH</ram:Name>", "")
                .replaceFirst("<ram:ID>SUP-2026-0001</ram:ID>", "");
        assertThat(rules(broken)).contains("BR-02", "BR-06");
    }

    private List<String> rules(String changed) {
        assertThat(changed).isNotEqualTo(xml); // the replacement hit: the test changes what it says it changes
        return InvoiceRules.check(read(changed)).stream().map(Rejection::rule).toList();
    }

    private Invoice read(String text) {
        return reader.read(text.getBytes(StandardCharsets.UTF_8)).invoice();
    }
}
