package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.model.InvoiceFormat;
import io.kontor.platform.SecureXml;
import org.mustangproject.validator.ZUGFeRDValidator;
import org.springframework.stereotype.Service;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Mustang's full report on an e-invoice, for a person looking into one: beside the Schematron the capture already ran
 * ({@link io.kontor.invoices.validation.OfficialArtefacts}), it checks a hybrid PDF as PDF/A-3 with its embedded XML
 * and recomputes the totals with Mustang's own model. It runs on demand: at 150–300 ms per XML document (more for a
 * PDF) it costs many times the capture's validation.
 */
@Service
public class ConformanceReports {

    /** One finding of the validator: its severity (error, warning, notice), the rule or check, where, and what it says. */
    public record Finding(String severity, String criterion, String location, String message) {
    }

    /** The verdict: valid only when the validator found nothing above a notice. */
    public record Report(boolean valid, String validator, long millis, List<Finding> findings) {
    }

    static final String VALIDATOR = "Mustang validator 2.25.0";
    /** What Mustang reads: CII and UBL, alone or in a PDF; not EDIFACT, not a PDF without data. */
    private static final java.util.Set<InvoiceFormat> CHECKED = java.util.EnumSet.complementOf(
            java.util.EnumSet.of(InvoiceFormat.EDIFACT_INVOIC, InvoiceFormat.PDF_TEXT, InvoiceFormat.UNREADABLE));

    private final SupplierInvoices invoices;

    public ConformanceReports(SupplierInvoices invoices) {
        this.invoices = invoices;
    }

    /** The report on an invoice's original file, as it was received. */
    public Report forInvoice(UUID id) {
        Invoice invoice = invoices.find(id).orElseThrow(() -> new NoSuchElementException("No invoice " + id));
        if (!CHECKED.contains(invoice.format())) {
            throw new IllegalStateException("invoice " + id + " came as " + invoice.format()
                    + "; Mustang's validator checks CII and UBL e-invoices and ZUGFeRD/Factur-X PDFs");
        }
        byte[] original = invoices.document(id).orElseThrow().content();
        return of(original, PdfAttachments.isPdf(original));
    }

    /** Validates the file as received ({@code pdf} tells the validator which kind it is). */
    public Report of(byte[] content, boolean pdf) {
        long start = System.nanoTime();
        ZUGFeRDValidator validator = new ZUGFeRDValidator(); // keeps state per run: one per report
        validator.disableNotices();
        String xml = validator.validate(content, pdf ? "invoice.pdf" : "invoice.xml");
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<Finding> findings = new ArrayList<>();
        Element report = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        for (String severity : List.of("error", "warning", "notice")) {
            NodeList found = report.getElementsByTagName(severity);
            for (int i = 0; i < found.getLength(); i++) {
                Element e = (Element) found.item(i);
                findings.add(new Finding(severity, blankToNull(e.getAttribute("criterion")), blankToNull(e.getAttribute("location")),
                        e.getTextContent().strip()));
            }
        }
        boolean valid = validator.wasCompletelyValid() && findings.stream().noneMatch(f -> f.severity().equals("error"));
        return new Report(valid, VALIDATOR, millis, findings);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
