package io.kontor.invoices;

import io.kontor.platform.HtmlToPdf;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scanned invoices: the pages of {@link PlainPdfLayoutsTest}'s invoices rasterised to images in an image-only PDF (what
 * a scanner or a phone makes), read back by Tesseract and the same extraction. Needs the tesseract-ocr packages
 * (.ci/run installs them); skipped with that message where they are missing.
 */
class ScannedPdfReaderTest {

    private static final ScannedPdfReader OCR = new ScannedPdfReader(new OcrProperties("tesseract", "deu+eng+fra+nld", 300, 3,
            Duration.ofSeconds(60)));

    /** Tesseract's TSV: words grouped by line in reading order, cells split at wide gaps. */
    @Test
    void theWordsOfTesseractsTsvBecomeLinesAndCells() {
        String tsv = """
                level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
                5\t1\t1\t1\t2\t1\t100\t300\t120\t20\t95\tR-2026-17
                5\t1\t1\t1\t2\t2\t600\t300\t100\t20\t96\t03.11.2026
                5\t1\t1\t1\t1\t1\t100\t250\t60\t20\t96\tInvoice
                5\t1\t1\t1\t1\t2\t170\t250\t40\t20\t96\tno.
                5\t1\t1\t1\t1\t3\t600\t250\t40\t20\t96\tDate
                """;

        List<List<PdfLayout.Cell>> lines = ScannedPdfReader.lines(tsv);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).extracting(PdfLayout.Cell::text).containsExactly("Invoice no.", "Date");
        assertThat(PdfLayout.pairs(lines.get(0), lines.get(1))).containsExactly("Invoice no.: R-2026-17", "Date: 03.11.2026");
    }

    /** A hostile page size (a PDF may declare a page of 200 inches) is rendered small enough to stay in memory. */
    @Test
    void anOutsizedPageIsRenderedAtALowerResolution() {
        assertThat(ScannedPdfReader.dpi(595, 842, 300)).isEqualTo(300f); // A4
        float dpi = ScannedPdfReader.dpi(14_400, 14_400, 300);            // 200 × 200 inches
        assertThat((double) dpi * 200 * dpi * 200).isLessThanOrEqualTo(ScannedPdfReader.MAX_PIXELS * 1.001);
    }

    @Test
    void aPdfWithoutATextLayerIsTakenForAScan() {
        assertThat(ScannedPdfReader.scanned("")).isTrue();
        assertThat(ScannedPdfReader.scanned("\n \n1\n")).isTrue();
        assertThat(ScannedPdfReader.scanned("Rechnung Nr. 42 vom 03.11.2026")).isFalse();
    }

    /** A scanned invoice per language: key fields read, none wrong at the confidence that needs nobody. */
    @Test
    void scannedInvoicesAreReadByOcrAndNothingReadWithConfidenceIsWrong() throws IOException {
        Assumptions.assumeTrue(OCR.available(), "tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-deu -eng -fra -nld;"
                + " .ci/run installs them)");
        Random random = new Random(7);
        int right = 0;
        int all = 0;
        StringBuilder report = new StringBuilder();
        long millis = 0;
        for (String language : List.of("de", "en", "fr", "nl")) {
            // one page per language (OCR takes seconds a page), the layouts taking turns
            for (String layout : List.of(language.equals("de") || language.equals("fr") ? "beside" : "header-table")) {
                Map<String, String> truth = PlainPdfLayoutsTest.invoice(random, language, 0);
                byte[] scan = io.kontor.testing.ScannedPdfs.of(HtmlToPdf.render(PlainPdfLayoutsTest.page(truth, language, layout), "scan"));
                InvoiceDocumentReader.Reading reading = new InvoiceDocumentReader(10_000_000).read(scan);
                assertThat(ScannedPdfReader.scanned(reading.pdfText())).isTrue();

                long start = System.nanoTime();
                String text = OCR.read(scan);
                millis += (System.nanoTime() - start) / 1_000_000;
                PdfTextExtraction.Extraction read = PdfTextExtraction.extract(PdfTextExtraction.normalise(text), List.of(), 0.9);
                for (String field : PlainPdfLayoutsTest.KEY_FIELDS) {
                    all++;
                    boolean ok = truth.get(field).equals(read.value(field));
                    right += ok ? 1 : 0;
                    if (!ok) {
                        report.append(String.format(Locale.ROOT, "  %s/%s %s: read %s, is %s%n", language, layout, field, read.value(field),
                                truth.get(field)));
                    }
                    PdfTextExtraction.Field f = read.fields().get(field);
                    if (f != null && f.confidence() >= 0.9) {
                        assertThat(f.value()).as("%s/%s %s at %.2f", language, layout, field, f.confidence()).isEqualTo(truth.get(field));
                    }
                }
            }
        }
        System.out.printf("scanned invoices, OCR: %d of %d key fields right, %d ms a page (wall, 300 dpi, 4 languages)%n%s", right, all,
                millis / 4, report);
        assertThat((double) right / all).as(report.toString()).isGreaterThanOrEqualTo(0.9);
    }
}
