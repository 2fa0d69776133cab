package io.kontor.invoices;

import io.kontor.invoices.PdfTextExtraction.Extraction;
import io.kontor.invoices.PdfTextExtraction.Field;
import io.kontor.invoices.PdfTextExtraction.Source;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's review of an invoice read from a plain PDF: they confirm the fields the hub read and correct the wrong or
 * missing ones. The invoice then goes the way every captured invoice goes (duplicate checks, then matching), and the
 * supplier's template learns from the review, so that their next invoice needs less of it.
 */
@Service
public class InvoiceReview {

    /** The outcome: the invoice now, which fields the person changed, and what the supplier's template learned. */
    public record Reviewed(SupplierInvoices.Summary invoice, List<String> corrected, List<String> learned, List<String> confirmed,
                           List<String> notFoundInText, boolean templateSaved) {
    }

    private final SupplierInvoices invoices;
    private final InvoiceCapture capture;
    private final ExtractionTemplates templates;
    private final InvoiceEvents events;
    private final InvoiceProperties properties;
    private final TransactionTemplate tx;

    public InvoiceReview(SupplierInvoices invoices, InvoiceCapture capture, ExtractionTemplates templates, InvoiceEvents events,
                         InvoiceProperties properties, TransactionTemplate tx) {
        this.invoices = invoices;
        this.capture = capture;
        this.templates = templates;
        this.events = events;
        this.properties = properties;
        this.tx = tx;
    }

    /**
     * Applies {@code corrections} (field → value as the corrections API names them, {@link PdfTextExtraction#FIELDS};
     * an empty value clears a field) and confirms the rest of what was read.
     */
    public Reviewed review(UUID id, Map<String, String> corrections, String who, String comment) {
        Map<String, String> given = normalised(corrections);
        return tx.execute(status -> {
            SupplierInvoices.Reviewable current = invoices.forReview(id).orElseThrow(() -> new NoSuchElementException("No invoice " + id));
            if (current.extraction() == null) {
                throw new IllegalStateException("invoice " + id + " came as structured data (" + current.format()
                        + "); its fields are the supplier's to correct, by sending a corrected invoice");
            }
            if (current.status() != InvoiceStatus.NEEDS_REVIEW) {
                throw new IllegalStateException("invoice " + id + " is " + current.status() + "; only invoices waiting in NEEDS_REVIEW are reviewed");
            }
            Extraction read = current.extraction();
            Map<String, Field> fields = new LinkedHashMap<>(read.fields());
            List<String> corrected = new ArrayList<>();
            given.forEach((name, value) -> {
                Field was = fields.get(name);
                if (value == null) {
                    fields.remove(name);
                } else {
                    fields.put(name, new Field(value, 1.0, Source.CORRECTED));
                }
                if (was == null ? value != null : !was.value().equals(value)) {
                    corrected.add(name);
                }
            });
            List<String> missing = PdfTextExtraction.REQUIRED.stream().filter(f -> !fields.containsKey(f)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("an invoice cannot be booked without " + String.join(", ", missing));
            }
            Extraction confirmed = new Extraction(read.template(), fields, read.lines(), List.of());
            Invoice invoice = confirmed.invoice();
            String supplier = InvoiceCapture.supplierKey(invoice);
            InvoiceCapture.Decision verdict = capture.judgeDuplicates(invoice, supplier, InvoiceStatus.VALIDATED);
            Invoice recorded = invoice.captured(id, verdict.status(), verdict.rejection(), current.invoice().sourceDocument(),
                    verdict.duplicateOf(), current.invoice().receivedAt());
            invoices.reviewed(recorded, supplier, confirmed);
            capture.rememberAccount(recorded, supplier);

            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach((name, f) -> values.put(name, f.value()));
            String text = PdfTextExtraction.normalise(documentText(id));
            Optional<TemplateLearning.Learned> learned = TemplateLearning.learn(text, baseTemplate(read, values), read, values);
            learned.ifPresent(l -> templates.save(supplier, l.template(), id, who));
            events.record(id, who, recorded.status().name(), "reviewed: " + (corrected.isEmpty() ? "confirmed as read"
                    : "corrected " + String.join(", ", corrected))
                    + learned.map(l -> "; template learned " + l.learned() + ", confirmed " + l.confirmed()).orElse("; nothing in the text marks this supplier")
                    + (comment == null || comment.isBlank() ? "" : " — " + comment.strip()));
            return new Reviewed(SupplierInvoices.Summary.of(recorded), corrected,
                    learned.map(TemplateLearning.Learned::learned).orElse(List.of()),
                    learned.map(TemplateLearning.Learned::confirmed).orElse(List.of()),
                    learned.map(TemplateLearning.Learned::notFound).orElse(List.of()), learned.isPresent());
        });
    }

    /** The template the extraction used when the person kept its supplier; none when they named another one. */
    private ExtractionTemplate baseTemplate(Extraction read, Map<String, String> values) {
        return templates.all().stream()
                .filter(t -> t.issuer().equals(values.get("sellerName")) && t.issuer().equals(read.template()))
                .findFirst().orElse(null);
    }

    private String documentText(UUID id) {
        byte[] content = invoices.document(id).orElseThrow().content();
        try (PdfAttachments.Contents pdf = PdfAttachments.open(content, properties.maxDocumentSize().toBytes())) {
            return pdf.text();
        }
    }

    /** Each corrected value as the canonical model keeps it, refused with the field's name when it is not one. */
    static Map<String, String> normalised(Map<String, String> corrections) {
        if (corrections == null || corrections.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        corrections.forEach((name, raw) -> {
            if (!PdfTextExtraction.FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field " + name + "; fields are " + PdfTextExtraction.FIELDS);
            }
            out.put(name, raw == null || raw.isBlank() ? null : normalised(name, raw.strip()));
        });
        return out;
    }

    private static String normalised(String name, String value) {
        try {
            return switch (name) {
                case "issueDate", "dueDate" -> LocalDate.parse(value).toString();
                case "taxExclusive", "tax", "payable" -> new BigDecimal(value).toPlainString();
                case "currency" -> currency(value);
                case "iban" -> PrintedValues.iban(value).filter(i -> i.length() == value.replaceAll("\\s", "").length())
                        .orElseThrow(() -> new IllegalArgumentException("iban " + value + " fails its check digits"));
                case "sellerVatId" -> PdfTextExtraction.vatId(value)
                        .orElseThrow(() -> new IllegalArgumentException("sellerVatId " + value + " is no VAT id"));
                case "typeCode" -> {
                    if (!value.matches("\\d{3}")) {
                        throw new IllegalArgumentException("typeCode " + value + " is no UNTDID 1001 code (380 invoice, 381 credit note)");
                    }
                    yield value;
                }
                default -> value;
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " " + value + " is not " + (name.endsWith("Date") ? "an ISO date (2025-03-31)"
                    : "a plain decimal (1234.56)"), e);
        }
    }

    private static String currency(String value) {
        try {
            return Currency.getInstance(value.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency " + value + " is not an ISO 4217 currency code", e);
        }
    }
}
