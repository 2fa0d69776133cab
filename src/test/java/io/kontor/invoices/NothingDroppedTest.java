package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.platform.BadInputException;
import io.kontor.testing.Corpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every e-invoice of the corpus: each value in the source document is either mapped to the canonical invoice or
 * kept with it as an extension, with its place — nothing is dropped silently — and no term the hub maps is listed as
 * unmapped.
 */
class NothingDroppedTest {

    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(10_000_000);

    static Stream<String> corpusInvoices() throws IOException {
        return OfficialArtefactsAgreementTest.corpusInvoices();
    }

    @ParameterizedTest
    @MethodSource("corpusInvoices")
    void everyValueIsMappedOrKeptAsAnExtension(String file) throws IOException {
        InvoiceDocumentReader.Reading reading;
        try {
            reading = reader.read(Files.readAllBytes(Corpus.file("einvoice/" + file)));
        } catch (BadInputException unreadable) {
            return; // the corpus's negative file: refused whole, with its reason (OfficialArtefactsAgreementTest)
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(reading.xml() != null, file + " carries no XML");
        List<Element> values = new ArrayList<>();
        leaves(reading.xml().getDocumentElement(), values);
        long mapped = values.stream().filter(e -> e.getUserData(XmlPaths.READ) != null).count();
        List<Invoice.Extension> kept = reading.invoice().extensions();

        assertThat(values).as(file).isNotEmpty();
        assertThat(mapped + kept.size()).as("%s: %d values, %d mapped, %d kept", file, values.size(), mapped, kept.size())
                .isEqualTo(values.size());
        assertThat(mapped).as(file).isGreaterThan(kept.size() / 4);
        assertThat(kept).extracting(Invoice.Extension::path).as(file).noneMatch(p -> p.endsWith("DuePayableAmount")
                || p.endsWith("cbc:PayableAmount") || p.endsWith("ram:LineTotalAmount") || p.endsWith("cbc:LineExtensionAmount"));
        for (Invoice.Extension e : kept) {
            assertThat(e.value()).as(file + " " + e.path()).isNotBlank();
        }
    }

    /** KoSIT's 01.01a: the line's delivery note and its invoicing period have no term in the model; they are kept, placed. */
    @org.junit.jupiter.api.Test
    void aLineNoteAndPeriodAreKeptWithTheirPlace() throws IOException {
        Invoice invoice = reader.read(Files.readAllBytes(Corpus.file(
                "einvoice/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"))).invoice();

        assertThat(invoice.extensions()).contains(
                new Invoice.Extension("/ubl:Invoice/cac:InvoiceLine/cbc:Note",
                        "Die letzte Lieferung im Rahmen des abgerechneten Abonnements erfolgt in 12/2016 Lieferung erfolgt / erfolgte direkt vom Verlag"),
                new Invoice.Extension("/ubl:Invoice/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate", "2016-01-01"));
    }

    private static void leaves(Element element, List<Element> found) {
        boolean children = false;
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                children = true;
                leaves(e, found);
            }
        }
        if (!children && !element.getTextContent().isBlank()) {
            found.add(element);
        }
    }
}
