package io.kontor.fulfilment;

import io.kontor.model.HoldReason;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.orders.OrderChecks;
import io.kontor.stock.StockBook;
import io.kontor.stock.StockLedger;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Brings an order's stock reservations in line with its newest version, in the caller's transaction: units the
 * channel reports shipped are taken out of stock, units no longer wanted (cancelled, edited away, fulfilled by the
 * marketplace) are released, and open units without a reservation are routed ({@link WarehouseRouter}) and
 * reserved. What finds no stock waits as a backorder hold, which clears once stock is reserved for it. Running it
 * again on the same version changes nothing.
 */
@Component
public class OrderAllocation {

    public static final String BACKORDER = "BACKORDER";
    public static final String NO_SKU = "ITEM_WITHOUT_SKU";
    public static final String NOT_ROUTED = "NOT_ROUTED";
    /** Holds only stock can clear: a person cannot release them. */
    public static final Set<String> STOCK_HOLDS = Set.of(BACKORDER, NO_SKU);

    /** The routing to show with the order, and the stock holds it carries now. */
    public record Result(ObjectNode routing, List<HoldReason> holds) {
    }

    private final boolean enabled;
    private final StockLedger ledger;
    private final WarehouseRouter router;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public OrderAllocation(StockLedger ledger, FulfilmentProperties config, JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters) {
        this.enabled = config.enabled();
        this.ledger = ledger;
        this.router = new WarehouseRouter(config);
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
    }

    /** One order version to bring in line. */
    public record Target(UUID orderId, Order order) {
    }

    /** What placing one version decided (null when nothing needed stock), what it could not reserve, its open lines without a SKU. */
    private record Placement(ObjectNode decision, List<WarehouseRouter.Need> backordered, List<String> withoutSku) {
    }

    /**
     * {@link #book} and {@link Booking#write} at once, for orders whose rows exist already; with fulfilment switched
     * off, no routing and no stock holds.
     */
    public List<Result> applyAll(List<Target> targets) {
        Booking booking = book(targets);
        booking.write();
        return booking.results();
    }

    /**
     * Reconciles each version in turn (several versions of one order follow each other), against one book of the stock
     * of every SKU they name, locked before the first: stock, reservations and decisions are read once, booked in
     * memory and written once by {@link Booking#write}.
     */
    public Booking book(List<Target> targets) {
        if (!enabled) {
            return new Booking(targets.stream().map(t -> new Result(null, List.of())).toList(), () -> { });
        }
        List<UUID> orderIds = targets.stream().map(Target::orderId).distinct().toList();
        StockBook book = ledger.open(targets.stream().flatMap(t -> t.order().lines().stream()).map(OrderLine::sku).toList(), orderIds);
        Map<UUID, ObjectNode> decisions = storedDecisions(orderIds);
        Map<UUID, ObjectNode> made = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>(targets.size());
        for (Target t : targets) {
            Placement placement = place(book, t.orderId(), t.order());
            ObjectNode decision = placement.decision();
            if (decision != null) {
                decisions.put(t.orderId(), decision);
                made.put(t.orderId(), decision);
            }
            List<HoldReason> holds = holds(placement.backordered(), placement.withoutSku());
            results.add(new Result(routing(t.order(), decisions.get(t.orderId()), book.reservations(t.orderId()), holds), holds));
        }
        return new Booking(results, () -> {
            book.flush();
            saveDecisions(made);
        });
    }

    /**
     * What a batch of versions was booked: the result of each, in the targets' order, and the writing of the book and
     * the routing decisions — which refer to the orders, so it runs once their rows exist, in the same transaction.
     */
    public record Booking(List<Result> results, Runnable writer) {

        public void write() {
            writer.run();
        }
    }

    /** Books one version's shipments, releases and reservations. */
    private Placement place(StockBook book, UUID orderId, Order order) {
        boolean ours = !"MARKETPLACE".equals(order.fulfilledBy());
        boolean closed = order.status() == OrderStatus.CANCELLED || order.status() == OrderStatus.CLOSED;
        Map<String, List<StockLedger.Reservation>> held = new LinkedHashMap<>();
        for (StockLedger.Reservation r : book.reservations(orderId)) {
            held.computeIfAbsent(r.channelLineId(), k -> new ArrayList<>()).add(r);
        }
        // what each line holds once this version's shipments and releases are booked
        Map<String, List<StockLedger.Reservation>> now = new LinkedHashMap<>(held);
        List<WarehouseRouter.Need> needs = new ArrayList<>();
        List<String> withoutSku = new ArrayList<>();
        Set<String> lineIds = new LinkedHashSet<>();
        for (OrderLine line : order.lines()) {
            lineIds.add(line.channelLineId());
            List<StockLedger.Reservation> reservations = held.getOrDefault(line.channelLineId(), List.of());
            // units the channel shipped leave the stock, from what this line holds
            int consumed = reservations.stream().mapToInt(StockLedger.Reservation::consumed).sum();
            int toShip = Math.max(0, line.qtyFulfilled() - consumed);
            int reservedNow = 0;
            List<StockLedger.Reservation> after = new ArrayList<>();
            for (StockLedger.Reservation r : reservations) {
                int units = Math.min(toShip, r.reserved());
                book.consume(orderId, line.channelLineId(), r.sku(), r.warehouse(), units);
                toShip -= units;
                reservedNow += r.reserved() - units;
                after.add(new StockLedger.Reservation(r.channelLineId(), r.sku(), r.warehouse(), r.reserved() - units, r.consumed() + units));
            }
            now.put(line.channelLineId(), after);
            // shipped is the larger of what the channel reports and what left our warehouses (reported there first)
            int shipped = Math.max(line.qtyFulfilled(), consumed);
            int open = ours && !closed && order.status() != OrderStatus.SHIPPED
                    ? Math.max(0, line.qtyOrdered() - line.qtyCancelled() - line.qtyRefunded() - shipped) : 0;
            if (reservedNow > open) {
                now.put(line.channelLineId(), release(book, orderId, after, reservedNow - open));
            } else if (reservedNow < open) {
                if (line.sku() == null || line.sku().isBlank()) {
                    withoutSku.add(line.channelLineId());
                } else {
                    needs.add(new WarehouseRouter.Need(line.channelLineId(), line.sku(), open - reservedNow));
                }
            }
        }
        // lines the channel removed from the order give their units back
        for (String gone : held.keySet()) {
            if (!lineIds.contains(gone)) {
                now.put(gone, release(book, orderId, held.get(gone), Integer.MAX_VALUE));
            }
        }
        if (needs.isEmpty()) {
            return new Placement(null, List.of(), withoutSku);
        }
        List<String> holding = now.values().stream().flatMap(List::stream).filter(r -> r.reserved() > 0)
                .map(StockLedger.Reservation::warehouse).distinct().toList();
        String destination = order.shipTo() == null || order.shipTo().address() == null ? null : order.shipTo().address().countryCode();
        WarehouseRouter.Plan plan = router.plan(needs, destination, order.channel(),
                book.available(needs.stream().map(WarehouseRouter.Need::sku).distinct().toList()), holding);
        Map<String, Integer> shortOf = new LinkedHashMap<>();
        plan.backordered().forEach(b -> shortOf.merge(b.channelLineId(), b.units(), Integer::sum));
        for (WarehouseRouter.Allocation a : plan.allocations()) {
            int got = book.reserve(orderId, a.channelLineId(), a.sku(), a.warehouse(), a.units());
            if (got < a.units()) {
                // the plan is made from the book and never counts on more; should it, the rest waits as a backorder
                shortOf.merge(a.channelLineId(), a.units() - got, Integer::sum);
            }
        }
        List<WarehouseRouter.Need> backordered = new ArrayList<>();
        for (WarehouseRouter.Need n : needs) {
            int missing = shortOf.getOrDefault(n.channelLineId(), 0);
            if (missing > 0) {
                backordered.add(new WarehouseRouter.Need(n.channelLineId(), n.sku(), missing));
            }
        }
        meters.counter("kontor.orders.routed", "rule", plan.rule()).increment();
        ObjectNode decision = json.createObjectNode();
        decision.put("rule", plan.rule());
        decision.put("decidedAt", Instant.now().toString());
        decision.set("candidates", json.valueToTree(plan.candidates()));
        decision.set("backordered", json.valueToTree(backordered));
        return new Placement(decision, backordered, withoutSku);
    }

    /** The stock holds of a version: what its placement could not reserve, and open lines without a SKU to reserve. */
    private List<HoldReason> holds(List<WarehouseRouter.Need> backordered, List<String> withoutSku) {
        List<HoldReason> holds = new ArrayList<>();
        if (!backordered.isEmpty()) {
            meters.counter("kontor.orders.backordered").increment();
            holds.add(new HoldReason(BACKORDER, "Waiting for stock: " + String.join(", ",
                    backordered.stream().map(b -> b.units() + " × " + b.sku()).toList())));
        }
        if (!withoutSku.isEmpty()) {
            holds.add(new HoldReason(NO_SKU, "Lines without a SKU cannot be reserved: " + String.join(", ", withoutSku)));
        }
        return holds;
    }

    /** Gives back up to {@code units} of what one line holds; returns what it holds afterwards. */
    private static List<StockLedger.Reservation> release(StockBook book, UUID orderId, List<StockLedger.Reservation> line, int units) {
        int left = units;
        List<StockLedger.Reservation> after = new ArrayList<>();
        for (StockLedger.Reservation r : line) {
            int give = Math.min(left, r.reserved());
            if (give > 0) {
                book.release(orderId, r.channelLineId(), r.sku(), r.warehouse(), give);
                left -= give;
            }
            after.add(new StockLedger.Reservation(r.channelLineId(), r.sku(), r.warehouse(), r.reserved() - give, r.consumed()));
        }
        return after;
    }

    /** The last decision of each order, as stored before this batch. */
    private Map<UUID, ObjectNode> storedDecisions(List<UUID> orderIds) {
        Map<UUID, ObjectNode> out = new HashMap<>();
        jdbc.query("select order_id, decision::text from order_routing where order_id = any(?)", rs -> {
            try {
                out.put(rs.getObject(1, UUID.class), (ObjectNode) json.readTree(rs.getString(2)));
            } catch (Exception e) {
                throw new IllegalStateException("Stored routing decision of order " + rs.getString(1) + " cannot be read", e);
            }
        }, (Object) orderIds.toArray(UUID[]::new));
        return out;
    }

    private void saveDecisions(Map<UUID, ObjectNode> decisions) {
        if (!decisions.isEmpty()) {
            jdbc.update("""
                    insert into order_routing (order_id, decision)
                    select id, decision::jsonb from unnest(?::uuid[], ?::text[]) as d(id, decision)
                    on conflict (order_id) do update set decision = excluded.decision, decided_at = now()""",
                    decisions.keySet().toArray(UUID[]::new), decisions.values().stream().map(ObjectNode::toString).toArray(String[]::new));
        }
    }

    /** The order's routing as shown: its last decision with the reasons, and what each warehouse holds now. */
    private ObjectNode routing(Order order, ObjectNode decision, List<StockLedger.Reservation> reservations, List<HoldReason> holds) {
        ObjectNode routing = json.createObjectNode();
        if ("MARKETPLACE".equals(order.fulfilledBy())) {
            routing.put("rule", "FULFILLED_BY_CHANNEL");
            return routing;
        }
        if (decision != null) {
            routing.setAll(decision.deepCopy());
        } else {
            // nothing was open to place (it arrived shipped or cancelled, or every line lacks a SKU)
            routing.put("rule", NOT_ROUTED);
        }
        Map<String, ArrayNode> byWarehouse = new LinkedHashMap<>();
        for (StockLedger.Reservation r : reservations) {
            ObjectNode line = json.createObjectNode().put("channelLineId", r.channelLineId()).put("sku", r.sku())
                    .put("reserved", r.reserved()).put("shipped", r.consumed());
            byWarehouse.computeIfAbsent(r.warehouse(), k -> json.createArrayNode()).add(line);
        }
        ArrayNode warehouses = routing.putArray("warehouses");
        byWarehouse.forEach((code, lines) -> warehouses.addObject().put("code", code).set("lines", lines));
        if (holds.stream().noneMatch(h -> h.code().equals(BACKORDER))) {
            routing.remove("backordered");
        }
        return routing;
    }
}
