package io.kontor.stock;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One transaction's working copy of the stock it changes: the level rows of its SKUs, locked when the book is opened
 * (so nobody else changes them until commit), and what its orders hold. Reservations, releases and shipments are
 * booked in memory and written by {@link #flush()} as one statement per table, instead of three small statements
 * per order line. Levels are exact as long as the transaction lives: every other writer locks the same rows first.
 */
public final class StockBook {

    private record LevelKey(String sku, String warehouse) {
    }

    private record HoldingKey(UUID orderId, String channelLineId, String warehouse) {
    }

    /** What one order line holds in one warehouse; {@code fresh}: not a row yet. */
    private static final class Holding {
        final String sku;
        final boolean fresh;
        int reserved;
        int consumed;
        int reservedDelta;
        int consumedDelta;

        Holding(String sku, boolean fresh, int reserved, int consumed) {
            this.sku = sku;
            this.fresh = fresh;
            this.reserved = reserved;
            this.consumed = consumed;
        }
    }

    private record Movement(String sku, String warehouse, int onHandDelta, int reservedDelta, String reason, UUID orderId) {
    }

    private static final class Level {
        int onHand;
        int reserved;
        int onHandDelta;
        int reservedDelta;

        Level(int onHand, int reserved) {
            this.onHand = onHand;
            this.reserved = reserved;
        }
    }

    private final JdbcTemplate jdbc;
    private final Map<LevelKey, Level> levels = new LinkedHashMap<>();
    /** Per order, its holdings in the order the ledger lists them (rows by creation, then line and warehouse). */
    private final Map<UUID, LinkedHashMap<HoldingKey, Holding>> holdings = new HashMap<>();
    private final List<Movement> movements = new ArrayList<>();
    private boolean flushed;

    StockBook(JdbcTemplate jdbc, Collection<String> skus, Collection<UUID> orderIds) {
        this.jdbc = jdbc;
        String[] distinct = skus.stream().filter(s -> s != null && !s.isBlank()).distinct().toArray(String[]::new);
        if (distinct.length > 0) {
            // one fixed order (sku, warehouse) for every writer of several rows: none waits for another in a circle
            jdbc.query("select sku, warehouse, on_hand, reserved from stock_levels where sku = any(?) order by sku, warehouse for update",
                    rs -> {
                        levels.put(new LevelKey(rs.getString(1), rs.getString(2)), new Level(rs.getInt(3), rs.getInt(4)));
                    }, (Object) distinct);
        }
        UUID[] orders = orderIds.stream().distinct().toArray(UUID[]::new);
        orderIds.forEach(id -> holdings.put(id, new LinkedHashMap<>()));
        if (orders.length > 0) {
            jdbc.query("""
                    select order_id, channel_line_id, sku, warehouse, reserved, consumed from stock_reservations
                    where order_id = any(?) order by created_at, channel_line_id, warehouse""", rs -> {
                UUID orderId = rs.getObject(1, UUID.class);
                holdings.get(orderId).put(new HoldingKey(orderId, rs.getString(2), rs.getString(4)),
                        new Holding(rs.getString(3), false, rs.getInt(5), rs.getInt(6)));
            }, (Object) orders);
        }
    }

    /** Available units per SKU and warehouse of these SKUs (those no warehouse stocks are absent). */
    public Map<String, Map<String, Integer>> available(Collection<String> skus) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        levels.forEach((k, level) -> {
            if (skus.contains(k.sku())) {
                out.computeIfAbsent(k.sku(), s -> new TreeMap<>()).put(k.warehouse(), level.onHand - level.reserved);
            }
        });
        return out;
    }

    /** What the order holds now, line by line and warehouse by warehouse, as the ledger lists it after commit. */
    public List<StockLedger.Reservation> reservations(UUID orderId) {
        List<Map.Entry<HoldingKey, Holding>> existing = new ArrayList<>();
        List<Map.Entry<HoldingKey, Holding>> fresh = new ArrayList<>();
        holdings(orderId).entrySet().forEach(e -> (e.getValue().fresh ? fresh : existing).add(e));
        // rows made in this transaction share its timestamp, so they follow the older ones by line, then warehouse
        fresh.sort(Comparator.comparing((Map.Entry<HoldingKey, Holding> e) -> e.getKey().channelLineId())
                .thenComparing(e -> e.getKey().warehouse()));
        existing.addAll(fresh);
        return existing.stream().map(e -> new StockLedger.Reservation(e.getKey().channelLineId(), e.getValue().sku,
                e.getKey().warehouse(), e.getValue().reserved, e.getValue().consumed)).toList();
    }

    /** Reserves up to {@code wanted} units for an order line; returns how many it got (0 when none are available). */
    public int reserve(UUID orderId, String lineId, String sku, String warehouse, int wanted) {
        Level level = level(sku, warehouse);
        int got = Math.max(0, Math.min(wanted, level.onHand - level.reserved));
        if (got > 0) {
            HoldingKey key = new HoldingKey(orderId, lineId, warehouse);
            Holding holding = holdings(orderId).computeIfAbsent(key, k -> new Holding(sku, true, 0, 0));
            book(level, holding, sku, warehouse, 0, got, 0, "RESERVED", orderId);
        }
        return got;
    }

    /** Gives reserved units of an order line back to available (cancelled, edited down, re-routed). */
    public void release(UUID orderId, String lineId, String sku, String warehouse, int units) {
        if (units > 0) {
            book(level(sku, warehouse), holding(orderId, lineId, warehouse), sku, warehouse, 0, -units, 0, "RELEASED", orderId);
        }
    }

    /** Reserved units left the warehouse: they are no longer on hand nor reserved. */
    public void consume(UUID orderId, String lineId, String sku, String warehouse, int units) {
        if (units > 0) {
            book(level(sku, warehouse), holding(orderId, lineId, warehouse), sku, warehouse, -units, -units, units, "SHIPPED", orderId);
        }
    }

    /** Writes what was booked, each table once whatever the number of orders and lines; the book is closed then. */
    public void flush() {
        open();
        flushed = true;
        List<Map.Entry<LevelKey, Level>> changedLevels = levels.entrySet().stream()
                .filter(e -> e.getValue().onHandDelta != 0 || e.getValue().reservedDelta != 0).toList();
        if (!changedLevels.isEmpty()) {
            jdbc.update("""
                    update stock_levels s set on_hand = s.on_hand + d.on_hand, reserved = s.reserved + d.reserved, updated_at = now()
                    from unnest(?::varchar[], ?::varchar[], ?::int[], ?::int[]) as d(sku, warehouse, on_hand, reserved)
                    where s.sku = d.sku and s.warehouse = d.warehouse""",
                    changedLevels.stream().map(e -> e.getKey().sku()).toArray(String[]::new),
                    changedLevels.stream().map(e -> e.getKey().warehouse()).toArray(String[]::new),
                    changedLevels.stream().map(e -> e.getValue().onHandDelta).toArray(Integer[]::new),
                    changedLevels.stream().map(e -> e.getValue().reservedDelta).toArray(Integer[]::new));
        }
        List<Map.Entry<HoldingKey, Holding>> changed = holdings.values().stream().flatMap(h -> h.entrySet().stream())
                .filter(e -> e.getValue().fresh || e.getValue().reservedDelta != 0 || e.getValue().consumedDelta != 0).toList();
        List<Map.Entry<HoldingKey, Holding>> toInsert = changed.stream().filter(e -> e.getValue().fresh).toList();
        List<Map.Entry<HoldingKey, Holding>> toUpdate = changed.stream().filter(e -> !e.getValue().fresh).toList();
        if (!toInsert.isEmpty()) {
            jdbc.update("""
                    insert into stock_reservations (order_id, channel_line_id, sku, warehouse, reserved, consumed)
                    select * from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::int[])""",
                    toInsert.stream().map(e -> e.getKey().orderId()).toArray(UUID[]::new),
                    toInsert.stream().map(e -> e.getKey().channelLineId()).toArray(String[]::new),
                    toInsert.stream().map(e -> e.getValue().sku).toArray(String[]::new),
                    toInsert.stream().map(e -> e.getKey().warehouse()).toArray(String[]::new),
                    toInsert.stream().map(e -> e.getValue().reserved).toArray(Integer[]::new),
                    toInsert.stream().map(e -> e.getValue().consumed).toArray(Integer[]::new));
        }
        if (!toUpdate.isEmpty()) {
            jdbc.update("""
                    update stock_reservations r set reserved = r.reserved + d.reserved, consumed = r.consumed + d.consumed, updated_at = now()
                    from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::int[], ?::int[]) as d(order_id, channel_line_id, warehouse, reserved, consumed)
                    where r.order_id = d.order_id and r.channel_line_id = d.channel_line_id and r.warehouse = d.warehouse""",
                    toUpdate.stream().map(e -> e.getKey().orderId()).toArray(UUID[]::new),
                    toUpdate.stream().map(e -> e.getKey().channelLineId()).toArray(String[]::new),
                    toUpdate.stream().map(e -> e.getKey().warehouse()).toArray(String[]::new),
                    toUpdate.stream().map(e -> e.getValue().reservedDelta).toArray(Integer[]::new),
                    toUpdate.stream().map(e -> e.getValue().consumedDelta).toArray(Integer[]::new));
        }
        if (!movements.isEmpty()) {
            jdbc.update("""
                    insert into stock_movements (sku, warehouse, on_hand_delta, reserved_delta, reason, order_id)
                    select * from unnest(?::varchar[], ?::varchar[], ?::int[], ?::int[], ?::varchar[], ?::uuid[])""",
                    movements.stream().map(Movement::sku).toArray(String[]::new),
                    movements.stream().map(Movement::warehouse).toArray(String[]::new),
                    movements.stream().map(Movement::onHandDelta).toArray(Integer[]::new),
                    movements.stream().map(Movement::reservedDelta).toArray(Integer[]::new),
                    movements.stream().map(Movement::reason).toArray(String[]::new),
                    movements.stream().map(Movement::orderId).toArray(UUID[]::new));
        }
    }

    private void open() {
        if (flushed) {
            throw new IllegalStateException("This stock book was written already; open a new one");
        }
    }

    private void book(Level level, Holding holding, String sku, String warehouse, int onHandDelta, int reservedDelta, int consumedDelta,
                      String reason, UUID orderId) {
        open();
        int onHand = level.onHand + onHandDelta;
        int reserved = level.reserved + reservedDelta;
        int held = holding.reserved + reservedDelta;
        if (reserved < 0 || reserved > onHand || held < 0) {
            throw new IllegalStateException("Stock of " + sku + " in " + warehouse + " cannot go to on hand " + onHand
                    + ", reserved " + reserved + " (order " + orderId + " would hold " + held + ")");
        }
        level.onHand = onHand;
        level.reserved = reserved;
        level.onHandDelta += onHandDelta;
        level.reservedDelta += reservedDelta;
        holding.reserved = held;
        holding.consumed += consumedDelta;
        holding.reservedDelta += reservedDelta;
        holding.consumedDelta += consumedDelta;
        movements.add(new Movement(sku, warehouse, onHandDelta, reservedDelta, reason, orderId));
    }

    private Level level(String sku, String warehouse) {
        Level level = levels.get(new LevelKey(sku, warehouse));
        if (level == null) {
            throw new IllegalStateException("Stock of " + sku + " in " + warehouse + " is not in this book (not locked when it was opened)");
        }
        return level;
    }

    private Map<HoldingKey, Holding> holdings(UUID orderId) {
        Map<HoldingKey, Holding> h = holdings.get(orderId);
        if (h == null) {
            throw new IllegalStateException("Order " + orderId + " is not in this book");
        }
        return h;
    }

    private Holding holding(UUID orderId, String lineId, String warehouse) {
        Holding h = holdings(orderId).get(new HoldingKey(orderId, lineId, warehouse));
        if (h == null) {
            throw new IllegalStateException("Order " + orderId + " line " + lineId + " holds nothing in " + warehouse);
        }
        return h;
    }
}
