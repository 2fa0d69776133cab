package io.kontor.sandbox.ebay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The emulated eBay seller's orders, as Sell Fulfillment API Order objects. */
public final class SandboxEbaySeller {

    private final String sellerId;
    private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();

    public SandboxEbaySeller(String sellerId) {
        this.sellerId = sellerId;
    }

    public String sellerId() {
        return sellerId;
    }

    public void put(Map<String, Object> order) {
        orders.put((String) order.get("orderId"), Collections.unmodifiableMap(order));
    }

    public synchronized Optional<Map<String, Object>> update(String orderId, UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> current = orders.get(orderId);
        if (current == null) {
            return Optional.empty();
        }
        Map<String, Object> next = change.apply(new java.util.LinkedHashMap<>(current));
        put(next);
        return Optional.of(orders.get(orderId));
    }

    /** Forgets fulfilled or cancelled orders last modified before {@code cutoff} that are not still changing (see {@code SandboxShop#forgetBefore}). */
    public synchronized int forgetBefore(Instant cutoff, java.util.function.Predicate<String> stillChanging) {
        int before = orders.size();
        orders.values().removeIf(o -> Instant.parse((String) o.get("lastModifiedDate")).isBefore(cutoff)
                && ("FULFILLED".equals(o.get("orderFulfillmentStatus"))
                || o.get("cancelStatus") instanceof Map<?, ?> cancel && "CANCELED".equals(cancel.get("cancelState")))
                && !stillChanging.test((String) o.get("orderId")));
        return before - orders.size();
    }

    /** Every order, for the sandbox's saved state. */
    public List<Map<String, Object>> saved() {
        return new ArrayList<>(orders.values());
    }

    public Optional<Map<String, Object>> get(String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    public int size() {
        return orders.size();
    }

    /** Every order, newest created first (the order getOrders pages in: new orders join at the head). */
    List<Map<String, Object>> newestFirst() {
        List<Map<String, Object>> all = new ArrayList<>(orders.values());
        all.sort(Comparator.comparing((Map<String, Object> o) -> Instant.parse((String) o.get("creationDate"))).reversed()
                .thenComparing(o -> (String) o.get("orderId")));
        return all;
    }
}
