package io.kontor.stock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
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

    /**
     * One entry of the journal as people read it: its type, the warehouse, the units it is about (on hand, or reserved
     * for a reservation or release; signed), both deltas, and what is behind it (the order, or who counted or adjusted why).
     */
    public record Movement(long id, MovementType type, String location, int quantity, int onHandDelta, int reservedDelta,
                           String reference, String note, java.time.Instant at) {
    }

    private static final String MOVEMENTS = """
            select m.id, m.reason, m.warehouse, m.on_hand_delta, m.reserved_delta, m.note, m.created_at, m.order_id,
                   o.channel, coalesce(o.order_number, o.channel_order_id) as order_number
              from stock_movements m left join orders o on o.id = m.order_id
            """;

    private static final RowMapper<Movement> MOVEMENT = (rs, n) -> {
        MovementType type = MovementType.ofReason(rs.getString("reason"));
        UUID order = rs.getObject("order_id", UUID.class);
        String reference = order == null ? (rs.getString("note") == null ? rs.getString("reason") : rs.getString("note"))
                : "order " + (rs.getString("channel") == null ? "" : rs.getString("channel") + " " + rs.getString("order_number") + " ") + "(" + order + ")";
        int onHand = rs.getInt("on_hand_delta");
        int reserved = rs.getInt("reserved_delta");
        return new Movement(rs.getLong("id"), type, rs.getString("warehouse"), type.movesReservations() ? reserved : onHand, onHand, reserved,
                reference, rs.getString("note"), rs.getTimestamp("created_at").toInstant());
    };

    /** The movements of a SKU, newest first. */
    public List<Movement> movements(String sku, int limit, long offset) {
        return jdbc.query(MOVEMENTS + " where m.sku = ? order by m.created_at desc, m.id desc limit ? offset ?", MOVEMENT, sku, limit, offset);
    }

    public long countMovements(String sku) {
        return jdbc.queryForObject("select count(*) from stock_movements where sku = ?", Long.class, sku);
    }

    /**
     * A person's correction of the units on hand, signed, with the reason. Refused when it would leave fewer units than
     * are reserved for orders (or fewer than none).
     */
    @Transactional
    public Movement adjust(String sku, String warehouse, int delta, String who, String reason) {
        return book(Booking.adjustment(sku, warehouse, delta, who, reason));
    }

    /**
     * Units that arrived in (or, negative, went back from) a warehouse, in the caller's transaction: a goods receipt
     * the WMS reported. Refused like an adjustment when fewer units would remain than are reserved.
     */
    @Transactional
    public Movement receive(String sku, String warehouse, int delta, String reference) {
        return book(Booking.receipt(sku, warehouse, delta, reference));
    }

    /**
     * One leg of a transfer between warehouses, in the caller's transaction: units leaving (negative) or reaching
     * (positive) {@code warehouse}. Refused like an adjustment when fewer units would remain than are reserved.
     */
    @Transactional
    public Movement transfer(String sku, String warehouse, int delta, String note) {
        return book(new Booking(sku, warehouse, delta, "TRANSFER", note));
    }

    /** One change of the units on hand, in the caller's transaction; refused when fewer units would remain than are reserved. */
    @Transactional
    public Movement book(Booking booking) {
        Booked booked = bookAll(List.of(booking)).get(0);
        if (booked.refusal() != null) {
            throw new IllegalStateException(booked.refusal());
        }
        return jdbc.query(MOVEMENTS + " where m.id = ?", MOVEMENT, booked.movementId()).get(0);
    }

    /** A change of the units on hand to book with others: signed, with its reason and what is behind it. */
    public record Booking(String sku, String warehouse, int delta, String reason, String note) {

        /** Units that arrived in (or, negative, went back from) a warehouse, with what is behind them. */
        public static Booking receipt(String sku, String warehouse, int delta, String reference) {
            return new Booking(sku, warehouse, delta, "GOODS_RECEIPT", reference);
        }

        /** A correction of the units on hand by {@code who}, with the reason (neither 0 units nor without a reason). */
        public static Booking adjustment(String sku, String warehouse, int delta, String who, String reason) {
            if (delta == 0) {
                throw new IllegalArgumentException("An adjustment of 0 units changes nothing");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("An adjustment needs a reason");
            }
            return new Booking(sku, warehouse, delta, "ADJUSTMENT", who + ": " + reason.strip());
        }
    }

    /** A booking's outcome: its movement, or why it was refused (it would leave fewer units than reserved). */
    public record Booked(Booking booking, Long movementId, String refusal) {
    }

    /**
     * Books many changes of the units on hand at once, in the caller's transaction: the levels they touch locked in one
     * statement (in key order, as every writer locks them), each change applied in its order to what the ones before it
     * left, written back in one statement and journalled in one — a few round trips for a batch instead of three for
     * every movement. A change that would leave fewer units than are reserved is refused alone; the others stand.
     */
    @Transactional
    public List<Booked> bookAll(List<Booking> bookings) {
        java.util.TreeMap<String, String[]> keys = new java.util.TreeMap<>();
        bookings.forEach(b -> keys.putIfAbsent(b.sku() + '\u0000' + b.warehouse(), new String[]{b.sku(), b.warehouse()}));
        java.util.Map<String, int[]> levels = new java.util.HashMap<>();
        jdbc.query("""
                select sku, warehouse, on_hand, reserved from stock_levels
                 where (sku, warehouse) in (select * from unnest(?::text[], ?::text[])) order by sku, warehouse for update""",
                rs -> {
                    levels.put(rs.getString(1) + '\u0000' + rs.getString(2), new int[]{rs.getInt(3), rs.getInt(4)});
                }, keys.values().stream().map(k -> k[0]).toArray(String[]::new), keys.values().stream().map(k -> k[1]).toArray(String[]::new));
        List<Booked> out = new ArrayList<>(bookings.size());
        List<Booking> accepted = new ArrayList<>();
        java.util.Map<String, int[]> changed = new java.util.TreeMap<>();
        for (Booking b : bookings) {
            String key = b.sku() + '\u0000' + b.warehouse();
            int[] level = levels.computeIfAbsent(key, k -> new int[]{0, 0});
            int onHand = level[0] + b.delta();
            if (onHand < level[1]) {
                out.add(new Booked(b, null, "Booking " + b.delta() + " of " + b.sku() + " in " + b.warehouse() + " would leave " + onHand
                        + " on hand, " + (level[1] == 0 ? "fewer than none" : "fewer than the " + level[1] + " reserved for orders")));
                continue;
            }
            level[0] = onHand;
            changed.put(key, level);
            accepted.add(b);
            out.add(null);
        }
        if (accepted.isEmpty()) {
            return out;
        }
        jdbc.update("""
                insert into stock_levels (sku, warehouse, on_hand) select s, w, h::int from unnest(?::text[], ?::text[], ?::text[]) as t(s, w, h)
                on conflict (sku, warehouse) do update set on_hand = excluded.on_hand, updated_at = now()""",
                changed.keySet().stream().map(k -> keys.get(k)[0]).toArray(String[]::new),
                changed.keySet().stream().map(k -> keys.get(k)[1]).toArray(String[]::new),
                changed.values().stream().map(l -> String.valueOf(l[0])).toArray(String[]::new));
        List<Long> ids = jdbc.queryForList("""
                insert into stock_movements (sku, warehouse, on_hand_delta, reserved_delta, reason, note)
                select s, w, d::int, 0, r, n from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as t(s, w, d, r, n, i)
                 order by i returning id""", Long.class,
                accepted.stream().map(Booking::sku).toArray(String[]::new), accepted.stream().map(Booking::warehouse).toArray(String[]::new),
                accepted.stream().map(b -> String.valueOf(b.delta())).toArray(String[]::new), accepted.stream().map(Booking::reason).toArray(String[]::new),
                accepted.stream().map(Booking::note).toArray(String[]::new));
        // one statement's serial ids rise in the order its rows were inserted
        java.util.Iterator<Long> id = ids.stream().sorted().iterator();
        java.util.Iterator<Booking> booking = accepted.iterator();
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                out.set(i, new Booked(booking.next(), id.next(), null));
            }
        }
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
