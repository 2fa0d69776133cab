package io.kontor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.ConformanceReports;
import io.kontor.invoices.ExtractionTemplate;
import io.kontor.invoices.ExtractionTemplates;
import io.kontor.invoices.InvoiceApprovals;
import io.kontor.invoices.InvoiceCapture;
import io.kontor.invoices.InvoiceEvents;
import io.kontor.invoices.InvoiceMatching;
import io.kontor.invoices.InvoiceReview;
import io.kontor.invoices.SupplierInvoices;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceStatus;
import io.kontor.platform.BadInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

@Tag(name = "Supplier invoices", description = "Capture, validation and duplicate checks of supplier invoices")
@RestController
@RequestMapping("/api/invoices")
@Validated
public class InvoicesController {

    private final InvoiceCapture capture;
    private final SupplierInvoices invoices;
    private final InvoiceMatching matching;
    private final InvoiceEvents events;
    private final InvoiceApprovals approvals;
    private final InvoiceReview review;
    private final ExtractionTemplates templates;
    private final ConformanceReports conformance;
    private final io.kontor.invoices.SuspectedDuplicates duplicates;
    private final ObjectMapper json;

    public InvoicesController(InvoiceCapture capture, SupplierInvoices invoices, InvoiceMatching matching, InvoiceEvents events,
                              InvoiceApprovals approvals, InvoiceReview review, ExtractionTemplates templates,
                              ConformanceReports conformance, io.kontor.invoices.SuspectedDuplicates duplicates, ObjectMapper json) {
        this.duplicates = duplicates;
        this.review = review;
        this.conformance = conformance;
        this.templates = templates;
        this.capture = capture;
        this.invoices = invoices;
        this.matching = matching;
        this.events = events;
        this.approvals = approvals;
        this.json = json;
    }

    @Operation(summary = "Captures an invoice file (e-invoice XML, ZUGFeRD/Factur-X PDF, PDF): 202 with its id and status; the same file again answers with the invoice it became")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Map<String, Object>> upload(@RequestPart("file") MultipartFile file) throws IOException {
        InvoiceCapture.Captured captured = capture.capture(file.getBytes(), file.getOriginalFilename(), file.getContentType(), "API");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", captured.invoice().id());
        body.put("status", captured.invoice().status());
        if (captured.invoice().rejectionRule() != null) {
            body.put("rule", captured.invoice().rejectionRule());
            body.put("message", captured.invoice().rejectionMessage());
        }
        body.put("sameFileAgain", captured.sameFileAgain());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(java.net.URI.create("/api/invoices/" + captured.invoice().id())).body(body);
    }

    @Operation(summary = "One invoice on the EN 16931 model, with status, rejection, source document, every rule it breaks and what the validation warned of, why it does not match its orders, and its decision log")
    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable UUID id) {
        Invoice invoice = invoices.find(id).orElseThrow(() -> new NoSuchElementException("No invoice " + id));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = new LinkedHashMap<>(json.convertValue(invoice, Map.class));
        body.put("kind", invoice.kind());
        body.put("violations", invoices.violations(id));
        body.put("warnings", invoices.warnings(id));
        invoices.extraction(id).ifPresent(e -> body.put("extraction", e));
        body.put("matchReasons", matching.reasons(id));
        approvals.of(id).ifPresent(a -> body.put("approval", a));
        body.put("events", events.of(id));
        return body;
    }

    /** A review: the fields as the person corrects them (an empty value clears one); the others are confirmed as read. */
    public record Corrections(Map<String, String> fields, String comment) {
    }

    @Operation(summary = "Reviews an invoice read from a plain PDF (status NEEDS_REVIEW): corrects the fields named, confirms the rest; "
            + "the invoice goes on to duplicate checks and matching, and the supplier's extraction template learns from it")
    @PostMapping("/{id}/corrections")
    public Map<String, Object> correct(@PathVariable UUID id, @RequestBody Corrections corrections, Principal user) {
        InvoiceReview.Reviewed reviewed = review.review(id, corrections.fields(), user.getName(), corrections.comment());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", reviewed.invoice().status());
        if (reviewed.invoice().rejectionRule() != null) {
            body.put("rule", reviewed.invoice().rejectionRule());
            body.put("message", reviewed.invoice().rejectionMessage());
        }
        body.put("corrected", reviewed.corrected());
        body.put("template", Map.of("saved", reviewed.templateSaved(), "learned", reviewed.learned(),
                "confirmed", reviewed.confirmed(), "notFoundInText", reviewed.notFoundInText()));
        return body;
    }

    /** Whether a suspected duplicate is one, and why. */
    public record DuplicateDecision(boolean duplicate, String comment) {
    }

    @Operation(summary = "Settles a suspected duplicate (admin, with a comment): a duplicate is kept as DUPLICATE and never paid; "
            + "not a duplicate goes on to matching. 409 when it is no longer a suspected duplicate")
    @PostMapping("/{id}/duplicate-decision")
    public Map<String, Object> duplicateDecision(@PathVariable UUID id, @RequestBody DuplicateDecision decision, Principal user) {
        return Map.of("id", id, "status", duplicates.decide(id, decision.duplicate(), user.getName(), decision.comment()));
    }

    @Operation(summary = "A second opinion on the original file from Mustang's validator (EN 16931 and XRechnung Schematron, "
            + "PDF/A for hybrid PDFs): run on demand, it takes 150-300 ms and more for a PDF")
    @GetMapping("/{id}/conformance")
    public ConformanceReports.Report conformance(@PathVariable UUID id) {
        return conformance.forInvoice(id);
    }

    @Operation(summary = "The extraction templates for plain-PDF invoices: those learned from reviews, then those written for suppliers")
    @GetMapping("/templates")
    public List<ExtractionTemplate> templates() {
        return templates.all();
    }

    @Operation(summary = "Invoices, newest first, by status and supplier (VAT id or part of the name); paged (X-Total-Count, Link)")
    @GetMapping
    public ResponseEntity<List<SupplierInvoices.Summary>> list(@RequestParam(required = false) InvoiceStatus status,
                                                               @RequestParam(required = false) String supplier,
                                                               @RequestParam(defaultValue = "0") @Min(0) int page,
                                                               @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size,
                                                               @RequestParam(required = false) @Min(1) @Max(1000) Integer limit) {
        String who = supplier == null || supplier.isBlank() ? null : supplier.strip();
        int n = Paging.size(size, limit);
        return Paging.answer(invoices.list(status, who, n, (long) page * n), invoices.count(status, who), page, n);
    }

    @Operation(summary = "The original file, unchanged, as it was received")
    @GetMapping("/{id}/document")
    public ResponseEntity<byte[]> document(@PathVariable UUID id) {
        SupplierInvoices.Document document = invoices.document(id).orElseThrow(() -> new NoSuchElementException("No invoice " + id));
        MediaType type = document.mediaType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(document.mediaType());
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(document.fileName() == null ? id + ".bin" : document.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(document.content());
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(BadInputException.class)
    ProblemDetail refused(BadInputException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }
}
