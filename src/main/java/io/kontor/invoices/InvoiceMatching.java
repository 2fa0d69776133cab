package io.kontor.invoices;

import io.kontor.purchasing.PurchaseOrders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceStatus;
import io.kontor.platform.DeadLetters;
import io.kontor.platform.JsonColumns;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs the 3-way match for validated invoices (from {@code kontor.invoices.v1}) and again for excepted ones when
 * goods arrive or an order changes. Invoices come in batches (a Kafka poll): each supplier's order lines are read
 * once under the supplier's match lock, its invoices matched one after the other against them in the order they were
 * received (what one bills counts for the next), and the outcomes written together — one transaction per batch.
 * An invoice's allocations are replaced as a whole, so matching it again never bills twice.
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
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public InvoiceMatching(JdbcTemplate jdbc, SupplierInvoices invoices, PurchaseOrders orders, InvoiceEvents events, InvoiceApprovals approvals,
                           MatchingProperties properties, DeadLetters deadLetters, TransactionTemplate tx, ObjectMapper json,
                           MeterRegistry meters) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.orders = orders;
        this.events = events;
        this.approvals = approvals;
        this.properties = properties;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.json = json;
        this.meters = meters;
    }

    /** Matches one invoice if it is (still) waiting for a match; answers its status afterwards, or null if unknown. */
    public InvoiceStatus match(UUID id) {
        return matchAll(List.of(id)).get(id);
    }

    /**
     * A batch of kontor.invoices.v1 records, keyed by invoice id: matched in one transaction, then the offsets are
     * committed. A key that is no invoice id is quarantined alone. A matched credit note gives quantity back on its
     * orders, so its supplier's excepted invoices are matched again afterwards.
     */
    public void matchRecords(Exchange exchange) {
        List<?> batch = exchange.getMessage().getBody(List.class);
        Set<UUID> ids = new LinkedHashSet<>();
        for (Object item : batch) {
            Message record = ((Exchange) item).getMessage();
            String key = record.getHeader(KafkaConstants.KEY, String.class);
            try {
                ids.add(UUID.fromString(Objects.requireNonNullElse(key, "")));
            } catch (IllegalArgumentException e) {
                deadLetters.quarantine(exchange.getFromRouteId(), record, "not an invoice id: " + key);
            }
        }
        matchAll(ids);
        io.kontor.platform.KafkaHeaders.commitBatch(batch);
    }

    /** Goods arrived or an order changed: its supplier's excepted invoices are matched again, oldest first. */
    @org.springframework.context.event.EventListener
    public void on(io.kontor.purchasing.PurchaseOrderChanged changed) {
        rematchFor(changed.purchaseOrder());
    }

    private int rematchFor(String purchaseOrder) {
        String supplier = orders.supplierOf(purchaseOrder);
        return supplier == null ? 0 : rematchSupplier(supplier);
    }

    private int rematchSupplier(String supplier) {
        List<UUID> waiting = jdbc.queryForList("select id from invoices where supplier_key = ? and status = 'EXCEPTION' order by received_at",
                UUID.class, supplier);
        return (int) matchAll(waiting).values().stream().filter(s -> s == InvoiceStatus.MATCHED).count();
    }

    /** One invoice of a batch as read under the locks. */
    private record Waiting(UUID id, String supplier, String status, BigDecimal payable, Invoice invoice) {
    }

    /** Matches what of {@code ids} waits for a match; answers each known invoice's status after the match step. */
    private Map<UUID, InvoiceStatus> matchAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, InvoiceStatus> outcomes = new LinkedHashMap<>();
        Set<String> credited = new LinkedHashSet<>();
        tx.executeWithoutResult(status -> {
            String[] idArray = ids.stream().map(UUID::toString).toArray(String[]::new);
            // the match locks first, in one order (two batches never wait for each other in a circle); then the rows
            jdbc.queryForList("select distinct supplier_key from invoices where id = any(?::uuid[]) and supplier_key is not null order by 1",
                    String.class, (Object) idArray).forEach(s -> jdbc.queryForObject("select pg_advisory_xact_lock(hashtext(?))",
                    Object.class, "kontor-invoice-match:" + s));
            Map<String, List<Waiting>> bySupplier = new TreeMap<>();
            jdbc.query("""
                    select id, supplier_key, status, payable, case when status in ('VALIDATED', 'EXCEPTION') then canonical::text end
                      from invoices where id = any(?::uuid[]) order by received_at, id for update""", rs -> {
                UUID id = rs.getObject(1, UUID.class);
                String current = rs.getString(3);
                if (!MATCHABLE.contains(current)) {
                    outcomes.put(id, InvoiceStatus.valueOf(current));
                    return;
                }
                bySupplier.computeIfAbsent(Objects.requireNonNullElse(rs.getString(2), ""), k -> new ArrayList<>())
                        .add(new Waiting(id, rs.getString(2), current, rs.getBigDecimal(4), invoices.read(rs.getString(5))));
            }, (Object) idArray);
            List<Waiting> all = bySupplier.values().stream().flatMap(List::stream).toList();
            if (all.isEmpty()) {
                return;
            }
            JsonColumns.updateAll(jdbc, "delete from invoice_matches where invoice_id = any(?)", all.stream().map(Waiting::id).toList());
            List<Object[]> allocations = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            List<InvoiceEvents.Event> log = new ArrayList<>();
            List<InvoiceApprovals.Matched> matched = new ArrayList<>();
            for (List<Waiting> batch : bySupplier.values()) {
                String supplier = batch.get(0).supplier();
                MatchingProperties.Limits tolerance = properties.toleranceFor(supplier);
                List<ThreeWayMatch.OrderLine> lines = supplier == null ? List.of()
                        : openLines(supplier, batch.stream().map(Waiting::id).toList());
                for (Waiting w : batch) {
                    ThreeWayMatch.Result result = ThreeWayMatch.match(w.invoice(), lines, tolerance);
                    InvoiceStatus outcome = result.matched() ? InvoiceStatus.MATCHED : InvoiceStatus.EXCEPTION;
                    if (result.matched()) {
                        lines = ThreeWayMatch.billed(lines, result.allocations());
                        for (ThreeWayMatch.Allocation a : result.allocations()) {
                            allocations.add(new Object[]{w.id(), a.invoiceLine() == null ? "" : a.invoiceLine(), a.purchaseOrder(),
                                    a.lineNo(), a.quantity()});
                        }
                        if (w.invoice().isCreditNote()) {
                            credited.add(supplier);
                        }
                    }
                    updates.add(new Object[]{outcome.name(), JsonColumns.write(json, result.reasons()), w.id()});
                    if (!outcome.name().equals(w.status()) || result.matched()) {
                        log.add(new InvoiceEvents.Event(w.id(), InvoiceEvents.HUB, outcome.name(), detail(result)));
                    }
                    matched.add(new InvoiceApprovals.Matched(w.id(), outcome, w.payable(), result.reasons()));
                    outcomes.put(w.id(), outcome);
                    meters.counter("kontor.invoices.matched", "outcome", outcome.name()).increment();
                }
            }
            jdbc.batchUpdate("insert into invoice_matches (invoice_id, invoice_line, po_number, line_no, quantity) values (?, ?, ?, ?, ?)",
                    allocations);
            jdbc.batchUpdate("update invoices set status = ?, match_reasons = ?::jsonb, matched_at = clock_timestamp(), updated_at = now() where id = ?",
                    updates);
            events.recordAll(log);
            approvals.route(matched);
            InvoiceMatching.log.debug("Matched {} invoices of {} suppliers", all.size(), bySupplier.size());
        });
        credited.forEach(this::rematchSupplier);
        return outcomes;
    }

    private static String detail(ThreeWayMatch.Result result) {
        return result.matched()
                ? "all lines match " + result.allocations().stream().map(ThreeWayMatch.Allocation::purchaseOrder).distinct()
                .collect(Collectors.joining(", "))
                : result.reasons().stream().map(r -> r.code() + (r.line() == null ? "" : " (line " + r.line() + ")"))
                .collect(Collectors.joining(", "));
    }

    /** An invoice line's quantity billed on a purchase order line, beside what that line ordered, at what price, and what arrived. */
    public record Allocated(String invoiceLine, String purchaseOrder, int lineNo, String sku, BigDecimal quantity,
                            BigDecimal ordered, BigDecimal unitPrice, BigDecimal received) {
    }

    /** What matching allocated the invoice's lines to, with the order lines' figures as they are now. */
    public List<Allocated> allocations(UUID id) {
        return jdbc.query("""
                select m.invoice_line, m.po_number, m.line_no, l.sku, m.quantity, l.quantity, l.unit_price,
                       coalesce((select sum(r.quantity) from goods_receipt_lines r where r.po_number = m.po_number and r.line_no = m.line_no), 0)
                  from invoice_matches m left join purchase_order_lines l on l.po_number = m.po_number and l.line_no = m.line_no
                 where m.invoice_id = ? order by m.invoice_line, m.po_number, m.line_no""",
                (rs, n) -> new Allocated(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8)), id);
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


    /**
     * The supplier's order lines with what was received and what invoices other than {@code beingMatched} billed:
     * the matching's view, read under the supplier's match lock.
     */
    private List<ThreeWayMatch.OrderLine> openLines(String supplierKey, List<java.util.UUID> beingMatched) {
        return jdbc.query("""
                select l.po_number, l.line_no, l.sku, p.currency, l.quantity, l.unit_price,
                       coalesce((select sum(r.quantity) from goods_receipt_lines r where r.po_number = l.po_number and r.line_no = l.line_no), 0) received,
                       coalesce((select sum(m.quantity) from invoice_matches m where m.po_number = l.po_number and m.line_no = l.line_no
                                    and m.invoice_id <> all(?::uuid[])), 0) invoiced
                  from purchase_order_lines l join purchase_orders p on p.number = l.po_number
                 where p.supplier_key = ?
                 order by p.ordered_at nulls last, l.po_number, l.line_no""",
                (rs, n) -> new ThreeWayMatch.OrderLine(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8)),
                beingMatched.stream().map(java.util.UUID::toString).toArray(String[]::new), supplierKey);
    }
}
