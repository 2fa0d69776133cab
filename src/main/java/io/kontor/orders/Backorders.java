package io.kontor.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.fulfilment.OrderAllocation;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;

/**
 * Tries backordered orders again (the {@code backorder-retry} route calls it): stock may have arrived, or another
 * order released it. An order that now gets units becomes a new revision — its routing and holds as they are now —
 * which the ERP receives through the outbox relay. One transaction for up to 200 waiting orders, longest-waiting first
 * (the first gets the stock first), each order's row locked, so a new version from the channel and a retry never
 * allocate the same order at once; an order the intake is storing just then is skipped — the intake allocates it.
 */
@Component("backorders")
public class Backorders {

    private static final Logger log = LoggerFactory.getLogger(Backorders.class);
    private static final int BATCH = 200;

    private final OrderRepository orders;
    private final CanonicalOrders canonicals;
    private final OrderAllocation allocation;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    public Backorders(OrderRepository orders, CanonicalOrders canonicals, OrderAllocation allocation, TransactionTemplate tx, MeterRegistry meters) {
        this.orders = orders;
        this.canonicals = canonicals;
        this.allocation = allocation;
        this.tx = tx;
        this.meters = meters;
    }

    /** Returns how many orders changed (got stock, or wait for less). */
    public int retry() {
        List<UUID> waiting = orders.heldFor(OrderAllocation.BACKORDER, BATCH);
        if (waiting.isEmpty()) {
            return 0;
        }
        Integer changed = tx.execute(status -> retryAll(waiting));
        if (changed != null && changed > 0) {
            meters.counter("kontor.orders.backorders.filled").increment(changed);
            log.debug("{} backordered orders got stock", changed);
        }
        return changed == null ? 0 : changed;
    }

    private int retryAll(List<UUID> waiting) {
        List<OrderRepository.StoredVersion> current = orders.lockCurrentUnlessBusy(waiting);
        List<OrderAllocation.Result> results = allocation.applyAll(current.stream()
                .map(c -> new OrderAllocation.Target(c.orderId(), c.order())).toList());
        int changed = 0;
        for (int i = 0; i < current.size(); i++) {
            OrderAllocation.Result r = results.get(i);
            ObjectNode before = canonicals.canonicalTree(current.get(i).canonicalJson());
            ObjectNode after = canonicals.withStockState(before.deepCopy(), r.routing(), r.holds(), OrderAllocation.STOCK_HOLDS);
            if (!same(before, after)) {
                orders.storeHubRevision(current.get(i).orderId(), after);
                changed++;
            }
        }
        return changed;
    }

    /** Nothing a reader of the order would notice: the same holds and the same units in the same warehouses. */
    private static boolean same(JsonNode before, JsonNode after) {
        return before.path("holdReasons").equals(after.path("holdReasons"))
                && before.path("routing").path("warehouses").equals(after.path("routing").path("warehouses"));
    }
}
