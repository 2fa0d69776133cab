package io.kontor.stock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * On hand and reserved per SKU and warehouse, and what each order line holds. Every change runs in the caller's
 * transaction and is journalled in stock_movements; reservations, releases and shipments go through a
 * {@link StockBook} opened on the rows they touch, locked. The table's check constraint refuses an oversell outright.
 */
@Repository
public class StockLedger {

    /** What one order line holds in one warehouse. */
    public record Reservation(String channelLineId, String sku, String warehouse, int reserved, int consumed) {
    }

    /** One SKU in one warehouse. */
    public record Level(String sku, String warehouse, int onHand, int reserved) {
        public int available() {
            return onHand - reserved;
        }
    }

    private final JdbcTemplate jdbc;

    public StockLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens the stock of these SKUs (every warehouse) and what these orders hold for changes in the caller's
     * transaction: the level rows are locked until it ends. Two orders for the last unit cannot both get it: the
     * second book opens only once the first transaction committed, and reads what it left.
     */
    public StockBook open(Collection<String> skus, Collection<UUID> orderIds) {
        return new StockBook(jdbc, skus, orderIds);
    }

    /**
     * Sets the counted quantity on hand (a stock count, a goods receipt booked as the new total). Refused when it
     * would fall below what is reserved: those units are promised to orders.
     */
    @Transactional
    public Level setOnHand(String sku, String warehouse, int onHand, String reason, String note) {
        if (onHand < 0) {
            throw new IllegalArgumentException("On hand cannot be negative: " + onHand);
        }
        Level current = jdbc.query("select sku, warehouse, on_hand, reserved from stock_levels where sku = ? and warehouse = ? for update",
                rs -> rs.next() ? new Level(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)) : null, sku, warehouse);
        if (current != null && onHand < current.reserved()) {
            throw new IllegalStateException(current.reserved() + " units of " + sku + " in " + warehouse
                    + " are reserved for orders; on hand cannot be set to " + onHand);
        }
        Integer before = current == null ? null : current.onHand();
        if (before == null) {
            jdbc.update("insert into stock_levels (sku, warehouse, on_hand) values (?, ?, ?)", sku, warehouse, onHand);
        } else {
            jdbc.update("update stock_levels set on_hand = ?, updated_at = now() where sku = ? and warehouse = ?", onHand, sku, warehouse);
        }
        journal(sku, warehouse, onHand - (before == null ? 0 : before), 0, reason, null, note);
        return level(sku, warehouse);
    }

    public Level level(String sku, String warehouse) {
        return jdbc.queryForObject("select sku, warehouse, on_hand, reserved from stock_levels where sku = ? and warehouse = ?",
                (rs, i) -> new Level(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)), sku, warehouse);
    }

    /** Levels of one SKU, or of every SKU when none is given. */
    public List<Level> levels(String sku) {
        List<Level> out = new ArrayList<>();
        jdbc.query("select sku, warehouse, on_hand, reserved from stock_levels where (?::varchar is null or sku = ?) order by sku, warehouse",
                rs -> {
                    out.add(new Level(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }, sku, sku);
        return out;
    }

    public boolean isEmpty() {
        Boolean any = jdbc.queryForObject("select exists (select 1 from stock_levels)", Boolean.class);
        return !Boolean.TRUE.equals(any);
    }

    private void journal(String sku, String warehouse, int onHandDelta, int reservedDelta, String reason, UUID orderId, String note) {
        jdbc.update("insert into stock_movements (sku, warehouse, on_hand_delta, reserved_delta, reason, order_id, note) values (?, ?, ?, ?, ?, ?, ?)",
                sku, warehouse, onHandDelta, reservedDelta, reason, orderId, note);
    }
}
