package io.kontor.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.SupplierInvoices;
import io.kontor.model.InvoiceStatus;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Supplier invoices waiting for a person: reviews of plain PDFs, suspected duplicates, approvals and match exceptions. */
@Component
class InvoicesInbox implements InboxSource {

    private final SupplierInvoices invoices;
    private final ObjectMapper json;

    InvoicesInbox(SupplierInvoices invoices, ObjectMapper json) {
        this.invoices = invoices;
        this.json = json;
    }

    @Override
    public String workflow() {
        return "invoices";
    }

    @Override
    public long waiting() {
        return invoices.countWaiting();
    }

    @Override
    public List<InboxItem> first(int limit) {
        return invoices.waiting(limit).stream().map(this::item).toList();
    }

    private InboxItem item(SupplierInvoices.Waiting w) {
        String amount = ConsoleFormat.amount(w.payable(), w.currency());
        String title = "Invoice " + (w.number() == null ? "(no number)" : w.number()) + " · " + (w.supplier() == null ? "unknown supplier" : w.supplier()) + amount;
        String kind;
        String why;
        if (w.role() != null) {
            kind = w.status() == InvoiceStatus.EXCEPTION ? "match exception" : "approval";
            List<String> parts = new ArrayList<>();
            parts.add("role " + w.role() + " decides by " + ConsoleFormat.time(w.due()) + (w.escalations() > 0 ? " (escalated " + w.escalations() + "×)" : ""));
            array(w.matchReasons()).forEach(r -> parts.add(r.path("code").asText() + ": " + r.path("message").asText()));
            why = String.join("; ", parts);
        } else if (w.status() == InvoiceStatus.NEEDS_REVIEW) {
            kind = "review";
            List<String> fields = new ArrayList<>();
            array(w.toConfirm()).forEach(f -> fields.add(f.asText()));
            why = fields.isEmpty() ? "read from a plain PDF: confirm the fields" : "confirm what was read: " + String.join(", ", fields);
        } else {
            kind = "suspected duplicate";
            why = w.rejectionMessage();
        }
        return new InboxItem(workflow(), kind, title, why, w.since(), w.due(), "/console/invoices/" + w.id());
    }

    private JsonNode array(String stored) {
        try {
            return stored == null ? json.createArrayNode() : json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON cannot be read back", e);
        }
    }
}
