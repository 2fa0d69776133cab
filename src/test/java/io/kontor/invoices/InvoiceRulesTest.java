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
        assertThat(invoice.seller().vatId()).isEqualTo("DE123456789");
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
        assertThat(rules(xml.replace("<ram:CalculatedAmount>37.62", "<ram:CalculatedAmount>36.72")))
                .contains("BR-CO-17", "BR-CO-14");
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
