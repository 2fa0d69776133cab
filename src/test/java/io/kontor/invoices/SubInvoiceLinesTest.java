package io.kontor.invoices;

import io.kontor.invoices.validation.OfficialArtefacts;
import io.kontor.invoices.validation.Verdict;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceLine;
import io.kontor.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XRechnung's extension lets a line consist of sub-lines (BG-DEX-01, UBL {@code cac:SubInvoiceLine}); Factur-X/ZUGFeRD
 * EXTENDED does it in CII with {@code ParentLineID}. The items and quantities the buyer must match are kept, nested,
 * and the 3-way match bills the parts where the order has the parts.
 */
class SubInvoiceLinesTest {

    private static final String EXTENSION = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
            + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0";
    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(10_000_000);

    @Test
    void xrechnungExtensionSubLinesAreKeptNestedAndTheArtefactsAcceptThem() throws IOException {
        InvoiceDocumentReader.Reading reading = reader.read(withSubLines());
        Verdict verdict = new OfficialArtefacts().validate(reading.xml(), false);

        assertThat(verdict.errors()).as(verdict.artefacts().toString()).isEmpty();
        InvoiceLine kit = reading.invoice().lines().get(0);
        assertThat(kit.netAmount()).isEqualByComparingTo("288.79");
        assertThat(kit.subLines()).extracting(InvoiceLine::id, InvoiceLine::sellerItemId, l -> l.quantity().toPlainString(),
                        l -> l.netAmount().toPlainString(), l -> l.netPrice().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.1", "246-A", "2", "200.00", "100.00"),
                        org.assertj.core.groups.Tuple.tuple("1.2", "246-B", "1", "88.79", "88.79"));
        assertThat(kit.subLines().get(1).subLines()).singleElement().satisfies(s -> assertThat(s.itemName()).isEqualTo("Beilage"));
        assertThat(reading.invoice().lines().get(1).subLines()).isEmpty();
    }

    @Test
    void theMatchBillsThePartsWhereTheOrderHasThePartsAndTheWholeWhereItHasTheWhole() throws IOException {
        Invoice invoice = reader.read(withSubLines()).invoice();
        MatchingProperties.Limits strict = new MatchingProperties.Limits(BigDecimal.ONE, new BigDecimal("0.01"), BigDecimal.ZERO,
                new BigDecimal("30"));

        ThreeWayMatch.Result parts = ThreeWayMatch.match(invoice, List.of(
                line(1, "246-A", "2", "100.00"), line(2, "246-B", "1", "88.79")), strict);
        assertThat(parts.allocations()).extracting(a -> a.invoiceLine() + "→" + a.lineNo() + "×" + a.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("1.1→1×2", "1.2→2×1");

        ThreeWayMatch.Result whole = ThreeWayMatch.match(invoice, List.of(line(1, "246", "1", "288.79")), strict);
        assertThat(whole.allocations()).extracting(a -> a.invoiceLine() + "→" + a.lineNo()).containsExactly("Zeitschrift [...]→1");
    }

    @Test
    void ciiLinesNamingAParentAreNestedUnderIt() throws IOException {
        String xml = Files.readString(Corpus.file("einvoice/zugferd-corpus/XML-Rechnung/CII/EN16931_Einfach.cii.xml"), StandardCharsets.UTF_8);
        // the second line becomes a part of the first, as Factur-X EXTENDED writes it
        int second = xml.indexOf("<ram:IncludedSupplyChainTradeLineItem>", xml.indexOf("<ram:IncludedSupplyChainTradeLineItem>") + 1);
        int lineId = xml.indexOf("</ram:LineID>", second) + "</ram:LineID>".length();
        String nested = xml.substring(0, lineId) + "<ram:ParentLineID>1</ram:ParentLineID>" + xml.substring(lineId);

        Invoice invoice = reader.read(nested.getBytes(StandardCharsets.UTF_8)).invoice();

        assertThat(invoice.lines()).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo("1");
            assertThat(l.subLines()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo("2"));
        });
    }

    /** 01.01a of KoSIT's test suite made an extension invoice: its first line a set of two items, the second with a part of its own. */
    private static byte[] withSubLines() throws IOException {
        String xml = Files.readString(Corpus.file("einvoice/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"),
                StandardCharsets.UTF_8).replace("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", EXTENSION);
        String firstPrice = "<cbc:PriceAmount currencyID=\"EUR\">288.79</cbc:PriceAmount>\n        </cac:Price>";
        String subLines = sub("1.1", "2", "200.00", "246-A", "Zeitschrift Teil A", "100.00", "")
                + sub("1.2", "1", "88.79", "246-B", "Zeitschrift Teil B", "88.79", sub("1.2.1", "1", "0.00", "246-C", "Beilage", "0.00", ""));
        return xml.replaceFirst(java.util.regex.Pattern.quote(firstPrice), java.util.regex.Matcher.quoteReplacement(firstPrice + subLines))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sub(String id, String quantity, String amount, String sku, String name, String price, String inner) {
        return """
                <cac:SubInvoiceLine><cbc:ID>%s</cbc:ID><cbc:InvoicedQuantity unitCode="XPP">%s</cbc:InvoicedQuantity>
                <cbc:LineExtensionAmount currencyID="EUR">%s</cbc:LineExtensionAmount>
                <cac:Item><cbc:Name>%s</cbc:Name><cac:SellersItemIdentification><cbc:ID>%s</cbc:ID></cac:SellersItemIdentification>
                <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>7</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>
                <cac:Price><cbc:PriceAmount currencyID="EUR">%s</cbc:PriceAmount></cac:Price>%s</cac:SubInvoiceLine>"""
                .formatted(id, quantity, amount, name, sku, price, inner);
    }

    private static ThreeWayMatch.OrderLine line(int no, String sku, String quantity, String price) {
        return new ThreeWayMatch.OrderLine("PO-1", no, sku, "EUR", new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(quantity),
                BigDecimal.ZERO);
    }
}
