package io.kontor.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.BadInputException;
import io.kontor.platform.DeadLetters;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stock from the warehouses and the ERP, as their topics bring it. A WMS movement (its own id; a receipt outside any
 * purchase order, an adjustment, a count correction) is booked in the ledger once however often it is delivered; a
 * WMS's snapshot of its warehouse and the ERP's figures per location are kept as what that system says, for the
 * reconciliation — never booked silently.
 */
@Component("stockFeeds")
public class StockFeeds {

    /**
     * A movement as the WMS reports it; {@code quantity} signed (units into the warehouse positive). A transfer leg
     * names its transfer order ({@code transfer}) and the other warehouse: {@code destination} for TRANSFER_OUT,
     * {@code origin} for TRANSFER_IN.
     */
    public record WmsMovement(String id, String warehouse, String sku, String type, Integer quantity, String reason, Instant at,
                              String transfer, String origin, String destination) {
    }

    /** A system's figures at one moment: a WMS's of its {@code warehouse} (lines without location), the ERP's per location. */
    public record Snapshot(String system, String warehouse, Instant asOf, List<StockReconciliation.ReportLine> lines) {
    }

    static final Set<String> WMS_TYPES = Set.of("RECEIPT", "ADJUSTMENT", "TRANSFER_OUT", "TRANSFER_IN");

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;
    private final StockReconciliation reconciliation;
    private final StockTransfers transfers;
    private final ObjectMapper json;
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;

    static final String BATCH = "kontorWmsMovements";

    public StockFeeds(JdbcTemplate jdbc, StockLedger ledger, StockReconciliation reconciliation, StockTransfers transfers, ObjectMapper json,
                      DeadLetters deadLetters, TransactionTemplate tx) {
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transfers = transfers;
        this.reconciliation = reconciliation;
        this.json = json;
    }

    /**
     * A batch of WMS movements from {@code kontor.wms.stock-movements.v1}: malformed ones quarantined one by one,
     * receipts and adjustments booked together in one transaction (each once by its id), transfer legs each in its own;
     * a movement the ledger refuses is quarantined with its reason and the others stand. Answers the movements booked.
     */
    public int movements(Exchange exchange) {
        List<?> batch = exchange.getMessage().getBody(List.class);
        exchange.setProperty(BATCH, batch);
        String route = exchange.getFromRouteId();
        Map<String, Message> records = new LinkedHashMap<>();
        List<WmsMovement> together = new ArrayList<>();
        List<WmsMovement> legs = new ArrayList<>();
        for (Object item : batch) {
            Message record = ((Exchange) item).getMessage();
            try {
                WmsMovement m = checked(read(record.getBody(String.class), WmsMovement.class));
                if (records.putIfAbsent(m.id(), record) == null) {
                    (m.type().startsWith("TRANSFER") ? legs : together).add(m);
                }
            } catch (BadInputException e) {
                deadLetters.quarantine(route, record, e.getMessage());
            }
        }
        Map<String, String> refused = new LinkedHashMap<>();
        Integer booked = together.isEmpty() ? 0 : tx.execute(status -> bookTogether(together, refused));
        refused.forEach((id, reason) -> deadLetters.quarantine(route, records.get(id), reason));
        int n = booked == null ? 0 : booked;
        for (WmsMovement leg : legs) {
            try {
                n += Boolean.TRUE.equals(tx.execute(status -> book(leg))) ? 1 : 0;
            } catch (BadInputException e) {
                deadLetters.quarantine(route, records.get(leg.id()), e.getMessage());
            }
        }
        return n;
    }

    /** Commits the batch's offsets: every movement in it is booked, was booked before, or is quarantined. */
    public void commitOffsets(Exchange exchange) {
        io.kontor.platform.KafkaHeaders.commitBatch(exchange.getProperty(BATCH, List.class));
    }

    /** Receipts and adjustments through the ledger at once; the ids taken first, so that each is booked once. */
    private int bookTogether(List<WmsMovement> movements, Map<String, String> refused) {
        Set<String> fresh = new HashSet<>(jdbc.queryForList("""
                insert into stock_external_movements (source, id) select 'WMS', id from unnest(?::text[]) as t(id)
                on conflict do nothing returning id""", String.class, (Object) movements.stream().map(WmsMovement::id).toArray(String[]::new)));
        List<WmsMovement> toBook = movements.stream().filter(m -> fresh.contains(m.id())).toList();
        List<StockLedger.Booked> outcomes = ledger.bookAll(toBook.stream().map(StockFeeds::booking).toList());
        List<String> ids = new ArrayList<>();
        List<String> movementIds = new ArrayList<>();
        List<String> notTaken = new ArrayList<>();
        for (int i = 0; i < toBook.size(); i++) {
            StockLedger.Booked b = outcomes.get(i);
            if (b.refusal() != null) {
                refused.put(toBook.get(i).id(), "WMS stock movement " + toBook.get(i).id() + " refused: " + b.refusal());
                notTaken.add(toBook.get(i).id());
            } else {
                ids.add(toBook.get(i).id());
                movementIds.add(String.valueOf(b.movementId()));
            }
        }
        // a refused movement is not taken: sent again once corrected, it is booked
        if (!notTaken.isEmpty()) {
            jdbc.update("delete from stock_external_movements where source = 'WMS' and id = any(?::text[])", (Object) notTaken.toArray(String[]::new));
        }
        jdbc.update("""
                update stock_external_movements e set movement_id = t.m::bigint from unnest(?::text[], ?::text[]) as t(id, m)
                 where e.source = 'WMS' and e.id = t.id""", ids.toArray(String[]::new), movementIds.toArray(String[]::new));
        return ids.size();
    }

    /** A receipt or an adjustment as the ledger books it, naming the WMS's movement (and its reason) behind it. */
    private static StockLedger.Booking booking(WmsMovement m) {
        String reference = "WMS " + m.id() + (m.reason() == null || m.reason().isBlank() ? "" : ": " + m.reason().strip());
        return "RECEIPT".equals(m.type()) ? StockLedger.Booking.receipt(m.sku(), m.warehouse(), m.quantity(), reference)
                : StockLedger.Booking.adjustment(m.sku(), m.warehouse(), m.quantity(), "WMS", reference);
    }

    /** The movement, if it is one the hub can book. */
    private static WmsMovement checked(WmsMovement m) {
        if (m.id() == null || m.id().isBlank() || m.warehouse() == null || m.sku() == null || m.quantity() == null || m.quantity() == 0) {
            throw new BadInputException("A WMS stock movement has id, warehouse, sku and a quantity other than 0: " + m);
        }
        if (m.type() == null || !WMS_TYPES.contains(m.type())) {
            throw new BadInputException("WMS stock movement " + m.id() + ": type must be one of " + WMS_TYPES
                    + " (shipments and purchase order receipts come on their own topics)");
        }
        return m;
    }

    /** A WMS movement however it came (a file, a transfer leg); false when it was booked before. */
    @Transactional
    public boolean book(WmsMovement m) {
        checked(m);
        if (jdbc.update("insert into stock_external_movements (source, id) values ('WMS', ?) on conflict do nothing", m.id()) == 0) {
            return false;
        }
        try {
            if (m.type().startsWith("TRANSFER")) {
                transferLeg(m);
            } else {
                jdbc.update("update stock_external_movements set movement_id = ? where source = 'WMS' and id = ?", ledger.book(booking(m)).id(), m.id());
            }
        } catch (IllegalStateException refused) {
            throw new BadInputException("WMS stock movement " + m.id() + " refused: " + refused.getMessage(), refused);
        }
        return true;
    }

    private void transferLeg(WmsMovement m) {
        boolean out = "TRANSFER_OUT".equals(m.type());
        String other = out ? m.destination() : m.origin();
        if (m.transfer() == null || m.transfer().isBlank() || other == null || other.isBlank()) {
            throw new BadInputException("WMS stock movement " + m.id() + ": a " + m.type() + " names its transfer and its "
                    + (out ? "destination" : "origin") + " warehouse");
        }
        if (out != m.quantity() < 0) {
            throw new BadInputException("WMS stock movement " + m.id() + ": a " + m.type() + " moves units " + (out ? "out of (negative)" : "into (positive)")
                    + " its warehouse, not " + m.quantity());
        }
        if (out) {
            transfers.dispatch(m.transfer(), m.sku(), m.warehouse(), other, -m.quantity());
        } else {
            transfers.receive(m.transfer(), m.sku(), other, m.warehouse(), m.quantity());
        }
    }

    /** A WMS's snapshot of its warehouse from {@code kontor.wms.stock-snapshots.v1}; answers the lines kept. */
    public int wmsSnapshot(String document) {
        Snapshot s = read(document, Snapshot.class);
        if (s.warehouse() == null || s.warehouse().isBlank()) {
            throw new BadInputException("A WMS stock snapshot names its warehouse");
        }
        List<StockReconciliation.ReportLine> lines = new ArrayList<>();
        for (StockReconciliation.ReportLine l : s.lines() == null ? List.<StockReconciliation.ReportLine>of() : s.lines()) {
            lines.add(new StockReconciliation.ReportLine(l.sku(), s.warehouse(), l.quantity()));
        }
        return reconciliation.report("WMS " + s.warehouse(), s.asOf(), lines);
    }

    /** The ERP's figures per location from {@code kontor.erp.stock.v1} (or {@code POST /api/stock/erp-snapshots}). */
    public int erpSnapshot(String document) {
        Snapshot s = read(document, Snapshot.class);
        return reconciliation.report("ERP", s.asOf(), s.lines() == null ? List.of() : s.lines());
    }

    private <T> T read(String document, Class<T> type) {
        return io.kontor.platform.JsonColumns.readInput(json, document, type);
    }
}
