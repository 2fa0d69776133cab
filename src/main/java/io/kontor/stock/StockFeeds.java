package io.kontor.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.BadInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    public StockFeeds(JdbcTemplate jdbc, StockLedger ledger, StockReconciliation reconciliation, StockTransfers transfers, ObjectMapper json) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transfers = transfers;
        this.reconciliation = reconciliation;
        this.json = json;
    }

    /** A WMS movement from {@code kontor.wms.stock-movements.v1}; false when it was booked before. */
    @Transactional
    public boolean movement(String document) {
        return book(read(document, WmsMovement.class));
    }

    /** A WMS movement however it came (topic, file); false when it was booked before. */
    @Transactional
    public boolean book(WmsMovement m) {
        if (m.id() == null || m.id().isBlank() || m.warehouse() == null || m.sku() == null || m.quantity() == null || m.quantity() == 0) {
            throw new BadInputException("A WMS stock movement has id, warehouse, sku and a quantity other than 0: " + m);
        }
        if (m.type() == null || !WMS_TYPES.contains(m.type())) {
            throw new BadInputException("WMS stock movement " + m.id() + ": type must be one of " + WMS_TYPES
                    + " (shipments and purchase order receipts come on their own topics)");
        }
        if (jdbc.update("insert into stock_external_movements (source, id) values ('WMS', ?) on conflict do nothing", m.id()) == 0) {
            return false;
        }
        String reference = "WMS " + m.id() + (m.reason() == null || m.reason().isBlank() ? "" : ": " + m.reason().strip());
        try {
            switch (m.type()) {
                case "RECEIPT" -> booked(m, ledger.receive(m.sku(), m.warehouse(), m.quantity(), reference).id());
                case "ADJUSTMENT" -> booked(m, ledger.adjust(m.sku(), m.warehouse(), m.quantity(), "WMS", reference).id());
                default -> transferLeg(m);
            }
        } catch (IllegalStateException refused) {
            throw new BadInputException("WMS stock movement " + m.id() + " refused: " + refused.getMessage(), refused);
        }
        return true;
    }

    private void booked(WmsMovement m, long movementId) {
        jdbc.update("update stock_external_movements set movement_id = ? where source = 'WMS' and id = ?", movementId, m.id());
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
