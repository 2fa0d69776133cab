package io.kontor.invoices;

import io.kontor.invoices.validation.Finding;
import io.kontor.invoices.validation.OfficialArtefacts;
import io.kontor.invoices.validation.Verdict;
import io.kontor.model.VatIds;
import io.kontor.model.Invoice;
import io.kontor.model.Invoice.Rejection;
import io.kontor.model.Invoice.SourceDocument;
import io.kontor.model.InvoiceFormat;
import io.kontor.model.InvoiceKind;
import io.kontor.model.InvoiceStatus;
import io.kontor.platform.BadInputException;
import io.kontor.platform.Digests;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes one received invoice file, from whichever inbound (API, folder, SFTP, mailbox): archives it unchanged,
 * reads it, validates it and checks whether it was taken before, and records exactly one invoice for it —
 * all in one transaction, so a file is either wholly captured or not at all.
 * <ul>
 *   <li>the same file again (same SHA-256) is answered with the invoice it became the first time;</li>
 *   <li>structured XML is validated by the official artefacts of the specification and profile it claims
 *       ({@link OfficialArtefacts}); EDIFACT, for which none exist, by the hub's EN 16931 rules ({@link InvoiceRules});
 *       their warnings are kept beside the invoice;</li>
 *   <li>an unreadable file, or one claiming a standard and breaking its rules, is REJECTED with the rule and its text;</li>
 *   <li>a structured invoice that claims no standard breaking a rule waits in NEEDS_REVIEW, and so does a PDF without
 *       data until a person confirms the fields its text did not give with confidence ({@link PdfTextExtraction});</li>
 *   <li>the same supplier, number and year as a live invoice is a DUPLICATE (never booked twice); the same amount
 *       shortly before, or under the same number with two characters swapped, is DUPLICATE_SUSPECTED for a person.</li>
 * </ul>
 */
@Service
public class InvoiceCapture {

    private static final Logger log = LoggerFactory.getLogger(InvoiceCapture.class);

    /** What the capture did with a file: the invoice, and whether this very file had been captured before. */
    public record Captured(SupplierInvoices.Summary invoice, boolean sameFileAgain) {
    }

    private final SupplierInvoices invoices;
    private final InvoiceEvents events;
    private final InvoiceDocumentReader reader;
    private final OfficialArtefacts artefacts;
    private final ScannedPdfReader scans;
    private final ExtractionTemplates templates;
    private final InvoiceProperties properties;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;

    public InvoiceCapture(SupplierInvoices invoices, InvoiceEvents events, InvoiceProperties properties, ExtractionTemplates templates,
                          OfficialArtefacts artefacts, ScannedPdfReader scans, TransactionTemplate tx, MeterRegistry meters,
                          Optional<Clock> clock) {
        this.invoices = invoices;
        this.artefacts = artefacts;
        this.scans = scans;
        this.templates = templates;
        this.events = events;
        this.properties = properties;
        this.reader = new InvoiceDocumentReader(properties.maxDocumentSize().toBytes());
        this.tx = tx;
        this.meters = meters;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Captures one file. {@code channel} names the inbound (API, FOLDER, SFTP, MAIL); {@code fileName} is kept as
     * information only, never used as a path. A file over the size limit is refused before anything is stored.
     */
    public Captured capture(byte[] content, String fileName, String mediaType, String channel) {
        return capture(content, fileName, mediaType, channel, null);
    }

    /** The same for an attachment of a mail already kept as evidence under {@code mailMessageId}. */
    public Captured capture(byte[] content, String fileName, String mediaType, String channel, String mailMessageId) {
        if (content.length > properties.maxDocumentSize().toBytes()) {
            throw new BadInputException(safeName(fileName) + " has " + content.length + " bytes, more than the "
                    + properties.maxDocumentSize().toBytes() + " an invoice may have");
        }
        String sha256 = Digests.sha256Hex(content);
        Captured captured = tx.execute(status -> {
            if (!invoices.archive(sha256, safeName(fileName), mediaType, content, channel, mailMessageId)) {
                Optional<SupplierInvoices.Summary> before = invoices.byDocument(sha256);
                if (before.isPresent()) {
                    return new Captured(before.get(), true);
                }
            }
            Decided decided = decide(content, new SourceDocument(sha256, safeName(fileName), mediaType, content.length, channel));
            Invoice recorded = decided.invoice();
            events.record(recorded.id(), InvoiceEvents.HUB, recorded.status().name(), "captured from " + channel
                    + (recorded.rejection() == null ? "" : ": " + recorded.rejection().rule() + " " + recorded.rejection().message())
                    + (decided.official() == null ? "" : "; checked by " + String.join(", ", decided.official().artefacts()) + ": "
                    + decided.official().errors().size() + " errors, " + decided.official().warnings().size() + " warnings or notes"));
            return new Captured(SupplierInvoices.Summary.of(recorded), false);
        });
        meters.counter("kontor.invoices.captured", "channel", channel, "status", captured.invoice().status().name(),
                "again", String.valueOf(captured.sameFileAgain())).increment();
        if (!captured.sameFileAgain()) {
            log.info("Invoice {} from {} ({}): {}{}", captured.invoice().number(), captured.invoice().supplier(), channel,
                    captured.invoice().status(), captured.invoice().rejectionRule() == null ? "" : " " + captured.invoice().rejectionRule());
        }
        return captured;
    }

    /** The invoice as recorded, and the official artefacts' verdict where they checked it. */
    private record Decided(Invoice invoice, Verdict official) {
    }

    private Decided decide(byte[] content, SourceDocument source) {
        UUID id = UUID.randomUUID();
        Invoice read;
        PdfTextExtraction.Extraction extraction = null;
        Verdict official = null;
        try {
            InvoiceDocumentReader.Reading reading = reader.read(content);
            if (reading.invoice() == null && ScannedPdfReader.scanned(reading.pdfText()) && !scans.available()) {
                Rejection why = new Rejection("KONTOR-NO-OCR", "a scanned PDF (its pages are images) and no OCR installed"
                        + " (tesseract-ocr): a person keys in its fields");
                // nothing read: every field is the reviewer's, through the same review as any plain PDF
                PdfTextExtraction.Extraction nothing = PdfTextExtraction.extract("", List.of(), properties.extractionConfidence());
                Invoice waiting = nothing.invoice().captured(id, InvoiceStatus.NEEDS_REVIEW, why, source, null, clock.instant());
                invoices.insert(waiting, null, List.of(why), List.of(), nothing);
                return new Decided(waiting, null);
            }
            if (reading.invoice() == null) {
                // a scanned PDF is read by OCR into the same text a PDF with a text layer gives
                String text = ScannedPdfReader.scanned(reading.pdfText()) ? scans.read(content) : reading.pdfText();
                extraction = PdfTextExtraction.extract(PdfTextExtraction.normalise(text), templates.all(), properties.extractionConfidence());
            } else if (reading.xml() != null) {
                official = artefacts.validate(reading.xml(), reading.inPdf());
            }
            read = reading.invoice() != null ? reading.invoice() : extraction.invoice();
        } catch (BadInputException unreadable) {
            Invoice nothing = unreadable();
            Rejection why = new Rejection("KONTOR-READ", unreadable.getMessage());
            Invoice rejected = nothing.captured(id, InvoiceStatus.REJECTED, why, source, null, clock.instant());
            invoices.insert(rejected, null, List.of(why), List.of(), null);
            return new Decided(rejected, null);
        }
        if (extraction != null && !extraction.toConfirm().isEmpty()) {
            // not yet keyed to the supplier: a doubtful number must neither block nor shadow a real invoice
            Rejection why = new Rejection("KONTOR-CONFIRM-FIELDS", "a PDF without structured invoice data; a person confirms "
                    + String.join(", ", extraction.toConfirm()) + (extraction.template() == null ? " (no supplier template applies)"
                    : " (template " + extraction.template() + ")"));
            Invoice waiting = read.captured(id, InvoiceStatus.NEEDS_REVIEW, why, source, null, clock.instant());
            invoices.insert(waiting, null, List.of(why), List.of(), extraction);
            return new Decided(waiting, null);
        }
        // structured XML: the official artefacts of its specification decide; EDIFACT, which has none, gets the hub's
        // EN 16931 rules; a plain PDF read with confidence claims no standard
        List<Rejection> violations = official != null ? rejections(official.errors())
                : extraction != null ? List.of() : InvoiceRules.check(read);
        List<Rejection> warnings = new java.util.ArrayList<>(official != null ? rejections(official.warnings()) : List.of());
        if (!read.extensions().isEmpty()) {
            warnings.add(new Rejection("KONTOR-EXTENSIONS", read.extensions().size() + " values of the document have no term in the"
                    + " hub's model and are kept with the invoice as extensions: " + String.join(", ", read.extensions().stream()
                    .limit(5).map(Invoice.Extension::path).toList()) + (read.extensions().size() > 5 ? ", …" : "")));
        }
        String supplier = supplierKey(read);
        Decision decision;
        if (!violations.isEmpty() && read.specification() != null) {
            // it claims a standard (BT-24) and breaks it: the supplier must send a correct one
            decision = new Decision(InvoiceStatus.REJECTED, violations.get(0), null);
        } else if (violations.isEmpty() && read.kind() == InvoiceKind.ACCOUNTING_INFORMATION) {
            // asks for no payment: kept for the books, never matched or paid, and no duplicate of the invoice it describes
            decision = new Decision(InvoiceStatus.INFORMATION_ONLY, null, null);
        } else {
            InvoiceStatus clean = violations.isEmpty() ? InvoiceStatus.VALIDATED : InvoiceStatus.NEEDS_REVIEW;
            decision = correcting(read, supplier, id).orElseGet(() -> judgeDuplicates(read, supplier, clean));
        }
        Invoice recorded = read.captured(id, decision.status(), decision.rejection(), source, decision.duplicateOf(), clock.instant());
        invoices.insert(recorded, supplier, violations, warnings, extraction);
        rememberAccount(recorded, supplier);
        return new Decided(recorded, official);
    }

    /** The artefacts' findings as the hub keeps them: the rule id, and its text with the artefact and the place it names. */
    static List<Rejection> rejections(List<Finding> findings) {
        return findings.stream().map(f -> new Rejection(f.rule(), f.text() + " (" + f.artefact()
                + (f.location() == null ? "" : ", at " + f.location()) + ")")).toList();
    }

    /**
     * A corrected invoice (384) replaces the supplier's invoice it names (BT-25): that one is superseded unless it is
     * already approved for payment or paid, in which case a person settles the difference — the correction waits as a
     * suspected duplicate of it (never both paid in full). Empty when there is nothing to replace.
     */
    Optional<Decision> correcting(Invoice read, String supplier, UUID id) {
        if (read.kind() != InvoiceKind.CORRECTED_INVOICE || read.precedingInvoiceReference() == null || supplier == null) {
            return Optional.empty();
        }
        invoices.lockSupplier(supplier);
        Optional<SupplierInvoices.Booked> replaced = invoices.booked(supplier, read.precedingInvoiceReference())
                // the same correction again, under the same number: the duplicate check answers that
                .filter(b -> !("384".equals(b.typeCode()) && b.number().equalsIgnoreCase(String.valueOf(read.number()))));
        if (replaced.isEmpty()) {
            return Optional.empty();
        }
        SupplierInvoices.Booked before = replaced.get();
        if (before.status() == InvoiceStatus.APPROVED || before.status() == InvoiceStatus.IN_PAYMENT) {
            return Optional.of(new Decision(InvoiceStatus.DUPLICATE_SUSPECTED, new Rejection("KONTOR-CORRECTS-APPROVED", "corrects invoice "
                    + before.number() + ", which is already " + before.status() + ": a person settles the difference (release this"
                    + " correction and credit or claim back the first, or reject it)"), before.id()));
        }
        invoices.supersede(before.id(), id, read.number());
        events.record(before.id(), InvoiceEvents.HUB, InvoiceStatus.SUPERSEDED.name(), "replaced by corrected invoice " + read.number()
                + " (" + id + ")");
        return Optional.empty();
    }

    /** The status an invoice gets once read: {@code clean} unless it is a duplicate or suspected one. */
    record Decision(InvoiceStatus status, Rejection rejection, UUID duplicateOf) {
    }

    /** Takes the supplier's lock (held to the end of the transaction, so the checks and the insert are one step) and checks for duplicates. */
    Decision judgeDuplicates(Invoice read, String supplier, InvoiceStatus clean) {
        if (supplier == null) {
            return new Decision(clean, null, null);
        }
        invoices.lockSupplier(supplier);
        SupplierInvoices.Neighbours neighbours = invoices.neighbours(supplier, read.number(), read.issueDate(),
                properties.suspectWithinDays(), read.totals() == null ? null : read.totals().payable());
        Optional<SupplierInvoices.Summary> exact = neighbours.sameNumber();
        if (exact.isPresent()) {
            UUID original = exact.get().id();
            return new Decision(InvoiceStatus.DUPLICATE, new Rejection("KONTOR-DUPLICATE", "invoice " + read.number()
                    + " of this supplier in " + read.issueDate().getYear() + " was taken before as " + original), original);
        }
        Optional<DuplicateSuspicion.Suspect> suspect = DuplicateSuspicion.find(read, neighbours.nearby(), neighbours.sameAmount(),
                properties.suspectWithinDays());
        return suspect.map(s -> new Decision(InvoiceStatus.DUPLICATE_SUSPECTED,
                        new Rejection("KONTOR-DUPLICATE-SUSPECTED", s.why()), s.invoiceId()))
                .orElseGet(() -> new Decision(clean, null, null));
    }

    /** The account the supplier asks to be paid to, unless the invoice is refused. */
    void rememberAccount(Invoice recorded, String supplier) {
        if (supplier != null && recorded.iban() != null && recorded.status() != InvoiceStatus.REJECTED
                && recorded.status() != InvoiceStatus.DUPLICATE) {
            invoices.rememberAccount(supplier, recorded.iban(), recorded.id());
        }
    }

    /** The supplier as duplicate checks know it: the VAT id without spaces, else the name in capitals with single spaces. */
    static String supplierKey(Invoice invoice) {
        if (invoice.seller() == null) {
            return null;
        }
        if (invoice.seller().vatId() != null && !invoice.seller().vatId().isBlank()) {
            return VatIds.key(invoice.seller().vatId());
        }
        String name = invoice.seller().name();
        return name == null || name.isBlank() ? null : "NAME:" + name.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** A VAT id as the hub compares them: without spaces, dots or dashes, in capitals ("DE 123.456.789" = "DE123456789"). */
    private static Invoice unreadable() {
        return new Invoice(null, null, InvoiceFormat.UNREADABLE, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, List.of(), List.of(), List.of(), null, null, null, null, null, null);
    }

    /** Keeps only the last path segment and printable characters: a file name is a label, never a path. */
    static String safeName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String last = fileName.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        return last.length() > 255 ? last.substring(last.length() - 255) : last;
    }
}
