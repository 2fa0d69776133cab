package io.kontor.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceStatus;
import io.kontor.platform.JsonColumns;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs the 3-way match for validated invoices (from {@code kontor.invoices.v1}) and again for excepted ones when
 * goods arrive or an order changes. One supplier's invoices are matched one at a time (their quantities share
 * order lines); an invoice's allocations are replaced as a whole, so matching it again never bills twice.
 */
@Service("invoiceMatching")
public class InvoiceMatching {

    private static final Logger log = LoggerFactory.getLogger(InvoiceMatching.class);
    private static final Set<String> MATCHABLE = Set.of(InvoiceStatus.VALIDATED.name(), InvoiceStatus.EXCEPTION.name());

    private final JdbcTemplate jdbc;
    private final SupplierInvoices invoices;
    private final PurchaseOrders orders;
    private final InvoiceEvents events;
    private final InvoiceApprovals approvals;
    private final MatchingProperties properties;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public InvoiceMatching(JdbcTemplate jdbc, SupplierInvoices invoices, PurchaseOrders orders, InvoiceEvents events,
                           InvoiceApprovals approvals, MatchingProperties properties, TransactionTemplate tx, ObjectMapper json,
                           MeterRegistry meters) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.orders = orders;
        this.events = events;
        this.approvals = approvals;
        this.properties = properties;
        this.tx = tx;
        this.json = json;
        this.meters = meters;
    }

    /** Matches one invoice if it is (still) waiting for a match; answers its status afterwards, or null if unknown. */
    public InvoiceStatus match(UUID id) {
        return matchOnce(id).outcome();
    }

    /** What one match did: the status after it, and what the caller needs of the invoice without reading it again. */
    private record Matched(InvoiceStatus outcome, String supplier, boolean creditNote) {
    }

    private Matched matchOnce(UUID id) {
        return tx.execute(status -> {
            String supplier = jdbc.query("select supplier_key from invoices where id = ?", (rs, n) -> rs.getString(1), id)
                    .stream().findFirst().orElse(null);
            if (supplier != null) {
                jdbc.queryForObject("select pg_advisory_xact_lock(hashtext(?))", Object.class, "kontor-invoice-match:" + supplier);
            }
            String current = jdbc.query("select status from invoices where id = ? for update", (rs, n) -> rs.getString(1), id)
                    .stream().findFirst().orElse(null);
            if (current == null || !MATCHABLE.contains(current)) {
                return new Matched(current == null ? null : InvoiceStatus.valueOf(current), supplier, false);
            }
            Invoice invoice = invoices.find(id).orElseThrow();
            ThreeWayMatch.Result result = ThreeWayMatch.match(invoice, orders.openLines(supplier, id), properties.toleranceFor(supplier));
            jdbc.update("delete from invoice_matches where invoice_id = ?", id);
            InvoiceStatus outcome = result.matched() ? InvoiceStatus.MATCHED : InvoiceStatus.EXCEPTION;
            if (result.matched()) {
                for (ThreeWayMatch.Allocation a : result.allocations()) {
                    jdbc.update("insert into invoice_matches (invoice_id, invoice_line, po_number, line_no, quantity) values (?, ?, ?, ?, ?)",
                            id, a.invoiceLine() == null ? "" : a.invoiceLine(), a.purchaseOrder(), a.lineNo(), a.quantity());
                }
            }
            jdbc.update("update invoices set status = ?, match_reasons = ?::jsonb, matched_at = now(), updated_at = now() where id = ?",
                    outcome.name(), JsonColumns.write(json, result.reasons()), id);
            String detail = result.matched() ? "all lines match " + result.allocations().stream().map(ThreeWayMatch.Allocation::purchaseOrder)
                    .distinct().collect(Collectors.joining(", ")) : result.reasons().stream().map(r -> r.code() + (r.line() == null ? "" : " (line " + r.line() + ")"))
                    .collect(Collectors.joining(", "));
            if (!outcome.name().equals(current) || result.matched()) {
                events.record(id, InvoiceEvents.HUB, outcome.name(), detail);
            }
            meters.counter("kontor.invoices.matched", "outcome", outcome.name()).increment();
            approvals.route(id, outcome, result.reasons());
            log.debug("Invoice {}: {} ({})", id, outcome, detail);
            return new Matched(outcome, supplier, invoice.isCreditNote());
        });
    }

    /**
     * The same for a record of kontor.invoices.v1, keyed by the invoice id. A matched credit note gives quantity back
     * on its orders, so the supplier's excepted invoices are matched again after it.
     */
    public InvoiceStatus matchRecord(String invoiceId) {
        UUID id;
        try {
            id = UUID.fromString(invoiceId);
        } catch (IllegalArgumentException e) {
            throw new io.kontor.platform.BadInputException("not an invoice id: " + invoiceId, e);
        }
        Matched matched = matchOnce(id);
        if (matched.outcome() == InvoiceStatus.MATCHED && matched.creditNote()) {
            rematchSupplier(matched.supplier());
        }
        return matched.outcome();
    }

    /** Goods arrived or an order changed: its supplier's excepted invoices are matched again, oldest first. */
    public int rematchFor(String purchaseOrder) {
        String supplier = orders.supplierOf(purchaseOrder);
        return supplier == null ? 0 : rematchSupplier(supplier);
    }

    private int rematchSupplier(String supplier) {
        List<UUID> waiting = jdbc.queryForList("select id from invoices where supplier_key = ? and status = 'EXCEPTION' order by received_at",
                UUID.class, supplier);
        int matched = 0;
        for (UUID id : waiting) {
            if (match(id) == InvoiceStatus.MATCHED) {
                matched++;
            }
        }
        return matched;
    }

    /** The match reasons of an invoice, as stored. */
    public List<ThreeWayMatch.Reason> reasons(UUID id) {
        return jdbc.query("select match_reasons from invoices where id = ? and match_reasons is not null", (rs, n) -> {
            try {
                return List.of(json.readValue(rs.getString(1), ThreeWayMatch.Reason[].class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }, id).stream().findFirst().orElse(List.of());
    }

}
