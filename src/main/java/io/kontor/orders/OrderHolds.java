package io.kontor.orders;

import io.kontor.model.HoldReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.fulfilment.OrderAllocation;
import io.kontor.model.OrderStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;

/**
 * A person clears holds on an order: recorded with who, when and why, the order leaves ON_HOLD once no hold is
 * left, and a released hold does not come back with later versions of the order. A release is a new revision of
 * the order, so the ERP feed carries it (through the outbox relay).
 */
@Service
public class OrderHolds {

    private static final Logger log = LoggerFactory.getLogger(OrderHolds.class);

    private final JdbcTemplate jdbc;
    private final OrderRepository orders;
    private final CanonicalOrders canonicals;
    private final MeterRegistry meters;

    public OrderHolds(JdbcTemplate jdbc, OrderRepository orders, CanonicalOrders canonicals, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.canonicals = canonicals;
        this.meters = meters;
    }

    /**
     * Releases the given hold codes (all current ones when none are given) and returns the order as it is now.
     *
     * @throws NoSuchElementException   no such order
     * @throws IllegalStateException    the order is not on hold
     * @throws IllegalArgumentException a code the order is not held for, or no comment
     */
    @Transactional
    public JsonNode release(UUID orderId, List<String> codes, String user, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("A release needs a comment saying why");
        }
        String stored = jdbc.query("select canonical::text from orders where id = ? for update",
                rs -> rs.next() ? rs.getString(1) : null, orderId);
        if (stored == null) {
            throw new NoSuchElementException("No order " + orderId);
        }
        ObjectNode canonical = canonicals.canonicalTree(stored);
        List<HoldReason> current = new ArrayList<>();
        canonical.path("holdReasons").forEach(h -> current.add(new HoldReason(h.path("code").asText(), h.path("message").asText())));
        if (current.isEmpty()) {
            throw new IllegalStateException("Order " + orderId + " is not on hold");
        }
        Set<String> held = new LinkedHashSet<>(current.stream().map(HoldReason::code).toList());
        Set<String> releasing = new LinkedHashSet<>(codes == null || codes.isEmpty() ? held : codes);
        releasing.stream().filter(c -> !held.contains(c)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("Order " + orderId + " is not held for " + c + "; it is held for " + held);
        });
        if (codes == null || codes.isEmpty()) {
            releasing.removeAll(OrderAllocation.STOCK_HOLDS);
        }
        releasing.stream().filter(OrderAllocation.STOCK_HOLDS::contains).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("Hold " + c + " ends when stock is reserved for the order; it cannot be released");
        });
        if (releasing.isEmpty()) {
            throw new IllegalArgumentException("Order " + orderId + " is held only until stock is reserved for it: " + held);
        }
        for (String code : releasing) {
            jdbc.update("""
                    insert into order_hold_releases (order_id, code, released_by, comment) values (?, ?, ?, ?)
                    on conflict (order_id, code) do update set released_by = excluded.released_by,
                        released_at = now(), comment = excluded.comment""", orderId, code, user, comment.trim());
            meters.counter("kontor.orders.hold.released", "code", code).increment();
        }
        List<HoldReason> remaining = current.stream().filter(h -> !releasing.contains(h.code())).toList();
        OrderStatus channelStatus = OrderStatus.valueOf(canonical.path(canonical.has("channelStatus") ? "channelStatus" : "status").asText());
        ObjectNode updated = canonicals.withHubState(canonical, channelStatus, remaining,
                orders.holdReleases(List.of(orderId)).getOrDefault(orderId, List.of()));
        orders.storeHubRevision(orderId, updated);
        log.info("{} released holds {} on order {}: {}", user, releasing, orderId, comment.trim());
        return updated;
    }
}
