package io.kontor.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.ApprovalProperties;
import io.kontor.invoices.InvoiceApprovals;
import io.kontor.invoices.InvoiceEvents;
import io.kontor.invoices.InvoiceMatching;
import io.kontor.invoices.InvoiceProperties;
import io.kontor.invoices.InvoiceReview;
import io.kontor.invoices.PdfTextExtraction;
import io.kontor.invoices.SupplierInvoices;
import io.kontor.invoices.SuspectedDuplicates;
import io.kontor.model.Invoice;
import io.kontor.security.ApprovalAuthorities;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * A supplier invoice: the original document beside what was read from it, its lines with the order lines they
 * matched, why it waits, and its log. Reviews, approvals and duplicate decisions go through the services the API uses.
 */
@Controller
@RequestMapping("/console/invoices")
class InvoicePagesController {

    private final SupplierInvoices invoices;
    private final InvoiceMatching matching;
    private final InvoiceApprovals approvals;
    private final ApprovalProperties approvalProperties;
    private final InvoiceEvents events;
    private final InvoiceReview review;
    private final SuspectedDuplicates duplicates;
    private final InvoiceProperties properties;
    private final InvoicePageImages images;
    private final ObjectMapper json;

    InvoicePagesController(SupplierInvoices invoices, InvoiceMatching matching, InvoiceApprovals approvals, ApprovalProperties approvalProperties,
                           InvoiceEvents events, InvoiceReview review, SuspectedDuplicates duplicates, InvoiceProperties properties,
                           InvoicePageImages images, ObjectMapper json) {
        this.invoices = invoices;
        this.matching = matching;
        this.approvals = approvals;
        this.approvalProperties = approvalProperties;
        this.events = events;
        this.review = review;
        this.duplicates = duplicates;
        this.properties = properties;
        this.images = images;
        this.json = json;
    }

    @GetMapping("/{id}")
    String invoice(@PathVariable UUID id, Model model) {
        Invoice invoice = invoices.find(id).orElseThrow(() -> new NoSuchElementException("No invoice " + id));
        model.addAttribute("id", id);
        model.addAttribute("invoice", json.convertValue(invoice, Map.class));
        model.addAttribute("kind", invoice.kind());
        model.addAttribute("violations", invoices.violations(id));
        model.addAttribute("warnings", invoices.warnings(id));
        model.addAttribute("extraction", invoices.extraction(id).orElse(null));
        model.addAttribute("fieldNames", PdfTextExtraction.FIELDS);
        model.addAttribute("threshold", properties.extractionConfidence());
        List<io.kontor.invoices.ThreeWayMatch.Reason> reasons = matching.reasons(id);
        model.addAttribute("matchReasons", reasons);
        model.addAttribute("allocations", matching.allocations(id).stream()
                .collect(java.util.stream.Collectors.groupingBy(InvoiceMatching.Allocated::invoiceLine)));
        model.addAttribute("linesWithVariance", reasons.stream().map(io.kontor.invoices.ThreeWayMatch.Reason::line)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toSet()));
        Optional<Map<String, Object>> approval = approvals.of(id);
        model.addAttribute("approval", approval.orElse(null));
        model.addAttribute("deciders", approval.map(a -> approvalProperties.deciders((String) a.get("role"))).orElse(List.of()));
        model.addAttribute("events", events.of(id));
        if (invoice.duplicateOf() != null) {
            invoices.find(invoice.duplicateOf()).ifPresent(other -> model.addAttribute("original", json.convertValue(other, Map.class)));
        }
        invoices.document(id).ifPresent(d -> {
            model.addAttribute("documentName", d.fileName());
            if (InvoicePageImages.isPdf(d.content())) {
                model.addAttribute("pages", images.pageCount(d.content()));
            } else {
                model.addAttribute("documentText", new String(d.content(), StandardCharsets.UTF_8));
            }
        });
        return "console/invoice";
    }

    /** One page of the original PDF as an image, so that it shows beside the fields in any browser. */
    @GetMapping(value = "/{id}/pages/{page}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> page(@PathVariable UUID id, @PathVariable int page) {
        SupplierInvoices.Document document = invoices.document(id).filter(d -> InvoicePageImages.isPdf(d.content()))
                .orElseThrow(() -> new NoSuchElementException("No PDF page " + page + " of invoice " + id));
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .body(images.render(document.content(), page));
    }

    /** The original file as received, opened in the browser. */
    @GetMapping("/{id}/document")
    ResponseEntity<byte[]> document(@PathVariable UUID id) {
        SupplierInvoices.Document document = invoices.document(id).orElseThrow(() -> new NoSuchElementException("No invoice " + id));
        MediaType type = document.mediaType() == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(document.mediaType());
        // XML shown as text: a browser would otherwise run any stylesheet the supplier's file names
        if (type.getSubtype().contains("xml")) {
            type = MediaType.TEXT_PLAIN;
        }
        return ResponseEntity.ok().contentType(type).header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(document.fileName() == null ? id + ".bin" : document.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(document.content());
    }

    @PostMapping("/{id}/review")
    String review(@PathVariable UUID id, @RequestParam Map<String, String> form, @RequestParam(defaultValue = "0") long seen,
                  Authentication user, RedirectAttributes flash) {
        Decisions.take(flash, user, seen, () -> review.review(id, changed(id, form), user.getName(), form.get("comment")),
                "Review saved: the invoice goes on to duplicate checks and matching, and the supplier's template learned from it",
                () -> lastDecision(id));
        return "redirect:/console/invoices/" + id;
    }

    @PostMapping("/{id}/approve")
    String approve(@PathVariable UUID id, @RequestParam(required = false) String comment, @RequestParam(defaultValue = "0") long seen,
                   Authentication user, RedirectAttributes flash) {
        return decide(id, true, comment, seen, user, flash);
    }

    @PostMapping("/{id}/reject")
    String reject(@PathVariable UUID id, @RequestParam(required = false) String comment, @RequestParam(defaultValue = "0") long seen,
                  Authentication user, RedirectAttributes flash) {
        return decide(id, false, comment, seen, user, flash);
    }

    @PostMapping("/{id}/duplicate")
    String duplicate(@PathVariable UUID id, @RequestParam boolean duplicate, @RequestParam(required = false) String comment,
                     @RequestParam(defaultValue = "0") long seen, Authentication user, RedirectAttributes flash) {
        Decisions.take(flash, user, seen, () -> duplicates.decide(id, duplicate, user.getName(), comment),
                duplicate ? "Kept as a duplicate: it will never be paid" : "Released as not a duplicate: it goes on to matching",
                () -> lastDecision(id));
        return "redirect:/console/invoices/" + id;
    }

    private String decide(UUID id, boolean approve, String comment, long seen, Authentication user, RedirectAttributes flash) {
        Decisions.take(flash, user, seen, () -> approvals.decide(id, user.getName(), ApprovalAuthorities.of(user), approve, comment),
                approve ? "Approved for payment" : "Rejected", () -> lastDecision(id));
        return "redirect:/console/invoices/" + id;
    }

    /** The fields the person changed on the review form (field.&lt;name&gt;); the others are confirmed as read. */
    private Map<String, String> changed(UUID id, Map<String, String> form) {
        Map<String, PdfTextExtraction.Field> read = invoices.extraction(id).map(PdfTextExtraction.Extraction::fields).orElse(Map.of());
        Map<String, String> changed = new LinkedHashMap<>();
        for (String name : PdfTextExtraction.FIELDS) {
            String given = form.get("field." + name);
            if (given == null) {
                continue;
            }
            PdfTextExtraction.Field was = read.get(name);
            String before = was == null ? "" : was.value();
            if (!given.strip().equals(before)) {
                changed.put(name, given.strip());
            }
        }
        return changed;
    }

    /** The last decision a person took on the invoice, from its log. */
    private Optional<Decisions.Decided> lastDecision(UUID id) {
        List<Map<String, Object>> log = events.of(id);
        for (int i = log.size() - 1; i >= 0; i--) {
            Map<String, Object> e = log.get(i);
            if (!InvoiceEvents.HUB.equals(e.get("actor"))) {
                return Optional.of(new Decisions.Decided((String) e.get("actor"), ConsoleFormat.instant(e.get("at")),
                        e.get("action") + " — " + e.get("detail")));
            }
        }
        return Optional.empty();
    }
}
