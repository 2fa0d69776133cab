package io.kontor.invoices;

import io.kontor.invoices.PdfTextExtraction.Extraction;
import io.kontor.invoices.PdfTextExtraction.Source;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A supplier without a template sends plain PDFs: the first is read by the common labels and reviewed, and what the
 * person confirmed becomes the supplier's template; the second is read by it and confirmed once more; the third needs
 * nobody. Each invoice has its own number, dates, order and amounts, so a pattern that only remembered the first
 * invoice's values would fail.
 */
class TemplateLearningTest {

    private static final double THRESHOLD = 0.9;
    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(10_000_000);

    @Test
    void aSuppliersTemplateIsLearnedFromReviewsUntilItsInvoicesNeedNobody() {
        String first = text("RE-2026-0101", LocalDate.of(2026, 3, 2), "PO-1001", 20);
        Extraction read = PdfTextExtraction.extract(first, List.of(), THRESHOLD);
        // the labels found most of it; the seller's name and the date ("Datum") are the person's to give
        assertThat(read.template()).isNull();
        assertThat(read.value("number")).isEqualTo("RE-2026-0101");
        assertThat(read.value("payable")).isEqualTo("529.87");
        assertThat(read.fields().get("payable").confidence()).as("net + VAT = total").isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(read.value("iban")).isEqualTo("DE89370400440532013000");
        assertThat(read.value("sellerVatId")).isEqualTo("DE123456788");
        assertThat(read.fields().get("sellerVatId").confidence()).as("its check digits hold").isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(read.toConfirm()).contains("sellerName", "issueDate").doesNotContain("number");

        Map<String, String> reviewed = values(read);
        reviewed.put("sellerName", "Papier Müller GmbH");
        reviewed.put("issueDate", "2026-03-02");
        reviewed.put("currency", "EUR");
        TemplateLearning.Learned learned = TemplateLearning.learn(first, null, read, reviewed).orElseThrow();
        assertThat(learned.template().keywords()).containsExactly("DE 123 456 788");
        assertThat(learned.learned()).contains("number", "issueDate", "dueDate", "payable", "iban", "purchaseOrderReference");
        assertThat(learned.notFound()).isEmpty();

        String second = text("RE-2026-0188", LocalDate.of(2026, 4, 15), "PO-1077", 31);
        Extraction again = PdfTextExtraction.extract(second, List.of(learned.template()), THRESHOLD);
        assertThat(again.template()).isEqualTo("Papier Müller GmbH");
        assertThat(again.value("number")).isEqualTo("RE-2026-0188");
        assertThat(again.value("issueDate")).isEqualTo("2026-04-15");
        assertThat(again.value("dueDate")).isEqualTo("2026-05-15");
        assertThat(again.value("purchaseOrderReference")).isEqualTo("PO-1077");
        assertThat(again.value("payable")).isEqualTo("659.46");
        assertThat(again.fields().get("number").source()).isEqualTo(Source.LEARNED);
        assertThat(again.toConfirm()).as("learned from one review: pre-filled, still shown to a person").contains("number", "issueDate");

        TemplateLearning.Learned confirmed = TemplateLearning.learn(second, learned.template(), again, values(again)).orElseThrow();
        assertThat(confirmed.confirmed()).contains("number", "issueDate");
        assertThat(confirmed.template().confirmations()).containsEntry("number", 2);

        String third = text("RE-2026-0240", LocalDate.of(2026, 5, 29), "PO-1102", 7);
        Extraction trusted = PdfTextExtraction.extract(third, List.of(confirmed.template()), THRESHOLD);
        assertThat(trusted.toConfirm()).isEmpty();
        assertThat(trusted.invoice().number()).isEqualTo("RE-2026-0240");
        assertThat(trusted.invoice().issueDate()).isEqualTo(LocalDate.of(2026, 5, 29));
        assertThat(trusted.invoice().totals().payable()).isEqualByComparingTo("376.72");
        assertThat(trusted.invoice().seller().vatId()).isEqualTo("DE123456788");
    }

    @Test
    void aValueReadWrongIsLearnedAnewAndItsTrustStartsOver() {
        String first = text("RE-2026-0101", LocalDate.of(2026, 3, 2), "PO-1001", 20);
        Extraction read = PdfTextExtraction.extract(first, List.of(), THRESHOLD);
        Map<String, String> reviewed = values(read);
        reviewed.put("sellerName", "Papier Müller GmbH");
        reviewed.put("issueDate", "2026-03-02");
        ExtractionTemplate template = TemplateLearning.learn(first, null, read, reviewed).orElseThrow().template();
        // a template whose due-date pattern points at the issue date, as a careless first review might leave it
        Map<String, String> fields = new LinkedHashMap<>(template.fields());
        fields.put("dueDate", fields.get("issueDate"));
        ExtractionTemplate wrong = template.with(fields, template.dateFormats(), template.decimalSeparator(), "EUR", template.vatId(),
                Map.of("dueDate", 3, "issueDate", 3, "number", 3));

        String second = text("RE-2026-0188", LocalDate.of(2026, 4, 15), "PO-1077", 31);
        Extraction misread = PdfTextExtraction.extract(second, List.of(wrong), THRESHOLD);
        assertThat(misread.value("dueDate")).isEqualTo("2026-04-15");
        Map<String, String> corrected = values(misread);
        corrected.put("dueDate", "2026-05-15");

        TemplateLearning.Learned learned = TemplateLearning.learn(second, wrong, misread, corrected).orElseThrow();
        assertThat(learned.learned()).contains("dueDate");
        assertThat(learned.template().confirmations()).containsEntry("dueDate", 1).containsEntry("number", 4);
        assertThat(PdfTextExtraction.extract(second, List.of(learned.template()), THRESHOLD).value("dueDate")).isEqualTo("2026-05-15");
    }

    @Test
    void nothingIsLearnedWhenNothingInTheTextMarksTheSupplier() {
        String first = text("RE-2026-0101", LocalDate.of(2026, 3, 2), "PO-1001", 20);
        Extraction read = PdfTextExtraction.extract(first, List.of(), THRESHOLD);
        Map<String, String> reviewed = values(read);
        reviewed.put("sellerName", "Someone Else AG");
        reviewed.put("sellerVatId", "DE999999999");
        reviewed.put("iban", "DE02120300000000202051");

        assertThat(TemplateLearning.learn(first, null, read, reviewed)).isEmpty();
    }

    private static Map<String, String> values(Extraction extraction) {
        Map<String, String> values = new LinkedHashMap<>();
        extraction.fields().forEach((name, f) -> values.put(name, f.value()));
        return values;
    }

    private String text(String number, LocalDate issued, String order, int dividers) {
        byte[] pdf = SupplierInvoiceFactory.plainPdf(SupplierInvoicesFixture.invoice(number, issued, order, dividers));
        InvoiceDocumentReader.Reading reading = reader.read(pdf);
        assertThat(reading.invoice()).isNull();
        return PdfTextExtraction.normalise(reading.pdfText());
    }
}
