package io.kontor.stock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * On hand and reserved per SKU and warehouse, and what each order line holds. Every change runs in the caller's
 * transaction and is journalled in stock_movements. A reservation takes what is available under a row lock, so two
 * orders for the last unit cannot both get it; the table's check constraint refuses an oversell outright.
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

    /** Available units per SKU and warehouse (SKUs no warehouse stocks are absent). */
    public Map<String, Map<String, Integer>> available(Collection<String> skus) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        if (skus.isEmpty()) {
            return out;
        }
        jdbc.query("select sku, warehouse, on_hand - reserved from stock_levels where sku = any(?)",
                rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getInt(3));
                }, (Object) skus.toArray(String[]::new));
        return out;
    }

    /**
     * Locks the level rows of these SKUs (every warehouse) in one fixed order, for the rest of the transaction. Every
     * writer that changes several rows takes them this way first, so two of them never wait for each other in a circle.
     */
    public void lock(Collection<String> skus) {
        if (!skus.isEmpty()) {
            jdbc.queryForList("select sku from stock_levels where sku = any(?) order by sku, warehouse for update", String.class,
                    (Object) skus.stream().distinct().toArray(String[]::new));
        }
    }

    /**
     * Reserves up to {@code wanted} units for an order line and returns how many it got (0 when none are available).
     * The level row is locked while the available quantity is read and taken.
     */
    public int reserve(UUID orderId, String lineId, String sku, String warehouse, int wanted) {
        if (wanted <= 0) {
            return 0;
        }
        List<Integer> taken = jdbc.queryForList("""
                with cur as (select sku, warehouse, least(?, on_hand - reserved) as take from stock_levels
                             where sku = ? and warehouse = ? for update)
                update stock_levels s set reserved = s.reserved + cur.take, updated_at = now()
                from cur where s.sku = cur.sku and s.warehouse = cur.warehouse and cur.take > 0
                returning cur.take""", Integer.class, wanted, sku, warehouse);
        int got = taken.isEmpty() ? 0 : taken.get(0);
        if (got > 0) {
            jdbc.update("""
                    insert into stock_reservations (order_id, channel_line_id, sku, warehouse, reserved) values (?, ?, ?, ?, ?)
                    on conflict (order_id, channel_line_id, warehouse)
                    do update set reserved = stock_reservations.reserved + excluded.reserved, updated_at = now()""",
                    orderId, lineId, sku, warehouse, got);
            journal(sku, warehouse, 0, got, "RESERVED", orderId, null);
        }
        return got;
    }

    /** Gives reserved units of an order line back to available (cancelled, edited down, re-routed). */
    public void release(UUID orderId, String lineId, String sku, String warehouse, int units) {
        if (units <= 0) {
            return;
        }
        jdbc.update("update stock_reservations set reserved = reserved - ?, updated_at = now() where order_id = ? and channel_line_id = ? and warehouse = ?",
                units, orderId, lineId, warehouse);
        jdbc.update("update stock_levels set reserved = reserved - ?, updated_at = now() where sku = ? and warehouse = ?", units, sku, warehouse);
        journal(sku, warehouse, 0, -units, "RELEASED", orderId, null);
    }

    /** Reserved units left the warehouse: they are no longer on hand nor reserved. */
    public void consume(UUID orderId, String lineId, String sku, String warehouse, int units) {
        if (units <= 0) {
            return;
        }
        jdbc.update("""
                update stock_reservations set reserved = reserved - ?, consumed = consumed + ?, updated_at = now()
                where order_id = ? and channel_line_id = ? and warehouse = ?""", units, units, orderId, lineId, warehouse);
        jdbc.update("update stock_levels set on_hand = on_hand - ?, reserved = reserved - ?, updated_at = now() where sku = ? and warehouse = ?",
                units, units, sku, warehouse);
        journal(sku, warehouse, -units, -units, "SHIPPED", orderId, null);
    }

    /** What an order holds, line by line and warehouse by warehouse. */
    public List<Reservation> reservations(UUID orderId) {
        return jdbc.query("""
                        select channel_line_id, sku, warehouse, reserved, consumed from stock_reservations
                        where order_id = ? order by created_at, channel_line_id, warehouse""",
                (rs, i) -> new Reservation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5)), orderId);
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
