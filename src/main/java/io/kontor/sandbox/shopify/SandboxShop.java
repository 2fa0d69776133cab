package io.kontor.sandbox.shopify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The emulated shop's orders, held as GraphQL-shaped maps. Ordered by (updatedAt, id) for the
 * {@code sortKey: UPDATED_AT} scan the pollers use, and by id for the default sort.
 */
public final class SandboxShop {

    /** Position of an order in the UPDATED_AT sort; Shopify timestamps have whole seconds, ids break ties. */
    record UpdatedKey(Instant updatedAt, long id) implements Comparable<UpdatedKey> {
        private static final Comparator<UpdatedKey> ORDER =
                Comparator.comparing(UpdatedKey::updatedAt).thenComparingLong(UpdatedKey::id);

        @Override
        public int compareTo(UpdatedKey o) {
            return ORDER.compare(this, o);
        }
    }

    private final List<Consumer<Map<String, Object>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ConcurrentSkipListMap<UpdatedKey, Map<String, Object>> byUpdated = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, Map<String, Object>> byId = new ConcurrentSkipListMap<>();
    private final Map<Long, UpdatedKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Long> fulfillmentOrderOwners = new ConcurrentHashMap<>();

    /** Stores a new version of an order; {@code updatedAt} is the order map's "updatedAt". */
    public synchronized void put(long id, Instant updatedAt, Map<String, Object> order) {
        Map<String, Object> frozen = Collections.unmodifiableMap(order);
        UpdatedKey old = keys.put(id, new UpdatedKey(updatedAt, id));
        if (old != null) {
            byUpdated.remove(old);
        }
        byUpdated.put(new UpdatedKey(updatedAt, id), frozen);
        byId.put(id, frozen);
        if (order.get(SandboxFulfillmentOrders.ORDERS) instanceof List<?> fos) {
            fos.forEach(fo -> fulfillmentOrderOwners.put((String) ((Map<?, ?>) fo).get("id"), id));
        }
        listeners.forEach(l -> l.accept(frozen));
    }

    /** Every order's current version, for the sandbox's saved state. */
    public List<Map<String, Object>> saved() {
        return new ArrayList<>(byId.values());
    }

    /** Takes back saved orders as they were, without telling the listeners (nothing changed at the shop). */
    public synchronized void restore(List<Map<String, Object>> orders) {
        List<Consumer<Map<String, Object>>> quiet = List.copyOf(listeners);
        listeners.clear();
        try {
            for (Map<String, Object> order : orders) {
                String gid = (String) order.get("id");
                put(Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)), Instant.parse((String) order.get("updatedAt")), order);
            }
        } finally {
            listeners.addAll(quiet);
        }
    }

    /**
     * Forgets finished orders (fulfilled or cancelled) last changed before {@code cutoff} that {@code stillChanging}
     * does not name: the sandbox runs for days, and its history would fill the heap. The hub has read and confirmed
     * them long since; an order still waiting to ship (a backorder) is kept. A real shop keeps them all.
     */
    public synchronized int forgetBefore(Instant cutoff, java.util.function.LongPredicate stillChanging) {
        int forgotten = 0;
        for (UpdatedKey key : new ArrayList<>(byUpdated.headMap(new UpdatedKey(cutoff, Long.MIN_VALUE)).keySet())) {
            Map<String, Object> current = byUpdated.get(key);
            boolean finished = current != null && (current.get("cancelledAt") != null || "FULFILLED".equals(current.get("displayFulfillmentStatus")));
            if (finished && !stillChanging.test(key.id())) {
                Map<String, Object> order = byUpdated.remove(key);
                byId.remove(key.id());
                keys.remove(key.id());
                if (order != null && order.get(SandboxFulfillmentOrders.ORDERS) instanceof List<?> fos) {
                    fos.forEach(fo -> fulfillmentOrderOwners.remove((String) ((Map<?, ?>) fo).get("id")));
                }
                forgotten++;
            }
        }
        return forgotten;
    }

    /** Called with every new version of an order (the webhook subscription of the emulated shop). */
    public void onChange(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    /** Applies a change to the current version of an order, if it exists. */
    public synchronized Optional<Map<String, Object>> update(long id, Instant updatedAt, UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> current = byId.get(id);
        if (current == null) {
            return Optional.empty();
        }
        Map<String, Object> next = change.apply(new java.util.LinkedHashMap<>(current));
        next.put("updatedAt", updatedAt.toString());
        put(id, updatedAt, next);
        return Optional.of(next);
    }

    /** The order a fulfillment order belongs to, or null. */
    Long orderOfFulfillmentOrder(String fulfillmentOrderId) {
        return fulfillmentOrderOwners.get(fulfillmentOrderId);
    }

    public Optional<Map<String, Object>> get(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    public List<Long> ids() {
        return new ArrayList<>(byId.keySet());
    }

    /** Orders after {@code after} (exclusive) in UPDATED_AT order, starting no earlier than {@code from}. */
    NavigableMap<UpdatedKey, Map<String, Object>> updatedSince(Instant from, UpdatedKey after) {
        if (after != null) {
            return byUpdated.tailMap(after, false);
        }
        return from == null ? byUpdated : byUpdated.tailMap(new UpdatedKey(from, Long.MIN_VALUE), true);
    }

    NavigableMap<Long, Map<String, Object>> byIdAfter(Long afterId) {
        return afterId == null ? byId : byId.tailMap(afterId, false);
    }
}
