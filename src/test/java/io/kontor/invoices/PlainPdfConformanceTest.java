package io.kontor.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.PdfTextExtraction.Extraction;
import io.kontor.invoices.PdfTextExtraction.Source;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceLine;
import io.kontor.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice2data PDFs of ../shared/corpus/einvoice (no structured data; AzureInterior carries UBL and is read as such
 * in {@link EInvoiceConformanceTest}): with the shipped supplier templates, issuer, number, date, total and currency
 * match invoice2data's expected output, and so do net amount, due date and VAT id where it lists them.
 */
class PlainPdfConformanceTest {

    private static final String DIR = "einvoice/invoice2data/tests/compare/";
    private static final double THRESHOLD = 0.9;

    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(10_000_000);

    @ParameterizedTest
    @ValueSource(strings = {"AmazonWebServices", "FlipkartInvoice", "coolblue1", "free_fiber"})
    void theShippedTemplatesReadWhatInvoice2dataExpects(String name) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Corpus.file(DIR + name + ".json").toFile()).get(0);

        Extraction extraction = PdfTextExtraction.extract(text(name), shipped(), THRESHOLD);
        Invoice invoice = extraction.invoice();

        assertThat(extraction.toConfirm()).as("fields below the threshold").isEmpty();
        assertThat(extraction.template()).isEqualTo(expected.get("issuer").asText());
        assertThat(invoice.seller().name()).isEqualTo(expected.get("issuer").asText());
        // invoice2data's Flipkart template keeps the "#" printed before the number; it is a label, not part of it
        assertThat(invoice.number()).isEqualTo(expected.get("invoice_number").asText().replaceFirst("^#", ""));
        assertThat(invoice.issueDate()).hasToString(expected.get("date").asText());
        assertThat(invoice.totals().payable()).isEqualByComparingTo(expected.get("amount").decimalValue());
        assertThat(invoice.currency()).isEqualTo(expected.get("currency").asText());
        if (expected.has("amount_untaxed")) {
            assertThat(invoice.totals().taxExclusive()).isEqualByComparingTo(expected.get("amount_untaxed").decimalValue());
        }
        if (expected.has("date_due")) {
            assertThat(invoice.dueDate()).hasToString(expected.get("date_due").asText());
        }
        if (expected.has("vat")) {
            assertThat(invoice.seller().vatId()).isEqualTo(expected.get("vat").asText());
        }
        if (expected.has("iban")) {
            assertThat(invoice.iban()).isEqualTo(expected.get("iban").asText());
        }
        assertThat(invoice.totals().taxExclusive().add(invoice.totals().tax())).isEqualByComparingTo(invoice.totals().payable());
    }

    @Test
    void awsServiceLinesAreReadWithTheirCharges() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Corpus.file(DIR + "AmazonWebServices.json").toFile()).get(0);

        List<InvoiceLine> lines = PdfTextExtraction.extract(text("AmazonWebServices"), shipped(), THRESHOLD).lines();

        List<JsonNode> wanted = StreamSupport.stream(expected.get("lines").spliterator(), false).toList();
        assertThat(lines).extracting(InvoiceLine::itemName).containsExactlyElementsOf(wanted.stream().map(l -> l.get("name").asText()).toList());
        assertThat(lines).extracting(l -> l.netAmount().toPlainString())
                .containsExactlyElementsOf(wanted.stream().map(l -> l.get("price_unit").asText()).toList());
    }

    /** Coolblue prints line prices with VAT: the net line amount (BT-131) is worked out from the line's rate. */
    @Test
    void coolblueLinesAreReadAndTheirNetAmountsWorkedOut() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Corpus.file(DIR + "coolblue1.json").toFile()).get(0);

        List<InvoiceLine> lines = PdfTextExtraction.extract(text("coolblue1"), shipped(), THRESHOLD).lines();

        List<JsonNode> items = StreamSupport.stream(expected.get("lines").spliterator(), false).filter(l -> l.has("name")).toList();
        // the home-copy levy is printed as a line of its own but is inside the iPad's price: kept as its sub-line, so the
        // lines add up to the net total (invoice2data lists it flat)
        List<InvoiceLine> flat = lines.stream().flatMap(l -> java.util.stream.Stream.concat(java.util.stream.Stream.of(l), l.subLines().stream())).toList();
        assertThat(flat).extracting(InvoiceLine::itemName)
                .containsExactlyInAnyOrderElementsOf(items.stream().map(l -> l.get("name").asText()).toList());
        assertThat(lines).filteredOn(l -> l.itemName().startsWith("Apple iPad")).singleElement()
                .satisfies(ipad -> assertThat(ipad.subLines()).extracting(InvoiceLine::itemName).singleElement().asString().startsWith("Incl. "));
        assertThat(lines.stream().map(InvoiceLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(expected.get("amount_untaxed").decimalValue());
        for (JsonNode item : items) {
            InvoiceLine line = flat.stream().filter(l -> l.itemName().equals(item.get("name").asText())).findFirst().orElseThrow();
            BigDecimal gross = item.get("price_subtotal").decimalValue();
            assertThat(line.vatRate()).isEqualByComparingTo(item.get("line_tax_percent").decimalValue());
            assertThat(line.netAmount()).isEqualByComparingTo(gross.multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(121), 2, java.math.RoundingMode.HALF_UP));
            assertThat(line.quantity()).isEqualByComparingTo(item.get("qty").decimalValue());
        }
    }

    /** Without any template the common labels still give a first reading; the supplier itself a person confirms once. */
    @Test
    void withoutTemplatesTheLabelsGiveAFirstReadingThatAPersonConfirms() throws IOException {
        Extraction aws = PdfTextExtraction.extract(text("AmazonWebServices"), List.of(), THRESHOLD);
        Extraction coolblue = PdfTextExtraction.extract(text("coolblue1"), List.of(), THRESHOLD);

        assertThat(aws.template()).isNull();
        assertThat(aws.fields().get("number")).satisfies(f -> {
            assertThat(f.value()).isEqualTo("42183017");
            assertThat(f.source()).isEqualTo(Source.LABEL);
        });
        assertThat(aws.value("issueDate")).isEqualTo("2014-08-03");
        assertThat(aws.toConfirm()).contains("sellerName");
        // PDFBox reads Coolblue's kerned "Factuurnummer" as "F actuurnummer": no common label, so their template has its own
        assertThat(coolblue.value("number")).isNull();
        assertThat(coolblue.value("iban")).isEqualTo("NL50INGB0683251309");
        assertThat(coolblue.fields().get("iban").confidence()).isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(coolblue.value("sellerVatId")).isEqualTo("NL810433941B01");
        assertThat(coolblue.value("currency")).isEqualTo("EUR");
        assertThat(coolblue.value("payable")).isEqualTo("717.97");
        assertThat(coolblue.toConfirm()).contains("sellerName", "number", "issueDate");
    }

    /**
     * The confidence means what it says on real invoices of unknown layout: read without any template, every field
     * the hub is sure of (≥ 0.9) is what invoice2data's expected output says.
     */
    @ParameterizedTest
    @ValueSource(strings = {"AmazonWebServices", "FlipkartInvoice", "coolblue1", "free_fiber"})
    void withoutTemplatesNoFieldTheHubIsSureOfIsWrong(String name) throws IOException {
        JsonNode expected = new ObjectMapper().readTree(Corpus.file(DIR + name + ".json").toFile()).get(0);
        Extraction read = PdfTextExtraction.extract(text(name), List.of(), THRESHOLD);
        java.util.Map<String, String> keys = java.util.Map.of("number", "invoice_number", "issueDate", "date", "payable", "amount",
                "taxExclusive", "amount_untaxed", "currency", "currency", "dueDate", "date_due", "sellerVatId", "vat", "iban", "iban",
                "sellerName", "issuer");
        int checked = 0;
        for (var field : read.fields().entrySet()) {
            String key = keys.get(field.getKey());
            if (field.getValue().confidence() >= THRESHOLD && key != null && expected.has(key)) {
                String want = expected.get(key).asText().replaceFirst("^#", "");
                String got = field.getValue().value();
                boolean same = expected.get(key).isNumber() ? new BigDecimal(got).compareTo(expected.get(key).decimalValue()) == 0
                        : got.equals(want);
                assertThat(same).as("%s: %s read as %s at %.2f, expected %s", name, field.getKey(), got, field.getValue().confidence(), want)
                        .isTrue();
                checked++;
            }
        }
        assertThat(checked).as(name + ": fields read with confidence and checked").isPositive();
    }

    private String text(String name) throws IOException {
        InvoiceDocumentReader.Reading reading = reader.read(Files.readAllBytes(Corpus.file(DIR + name + ".pdf")));
        assertThat(reading.invoice()).as(name + " has no structured data").isNull();
        return PdfTextExtraction.normalise(reading.pdfText());
    }

    static List<ExtractionTemplate> shipped() throws IOException {
        return Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath*:invoices/templates/*.yaml"))
                .map(ExtractionTemplates::load).toList();
    }
}
