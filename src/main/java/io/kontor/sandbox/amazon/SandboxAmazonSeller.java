package io.kontor.sandbox.amazon;

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
import java.util.function.UnaryOperator;

/**
 * The emulated seller account's orders in Orders API v0 shape: each order map plus its order items, indexed
 * by (LastUpdateDate, AmazonOrderId) and (PurchaseDate, AmazonOrderId) for getOrders' two kinds of window.
 */
public final class SandboxAmazonSeller {

    /** One order version: the Order object and its OrderItems, both as the API shows them with full PII. */
    public record StoredOrder(Map<String, Object> order, List<Map<String, Object>> items) {

        public String id() {
            return (String) order.get("AmazonOrderId");
        }

        Instant lastUpdate() {
            return Instant.parse((String) order.get("LastUpdateDate"));
        }

        Instant purchase() {
            return Instant.parse((String) order.get("PurchaseDate"));
        }
    }

    /** A position in one of the two scans; the id breaks ties between orders of the same second. */
    record Key(Instant at, String id) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::at).thenComparing(Key::id);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    private final String sellerId;
    private final List<java.util.function.Consumer<StoredOrder>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, StoredOrder> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Key, StoredOrder> byUpdate = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Key, StoredOrder> byPurchase = new ConcurrentSkipListMap<>();

    public SandboxAmazonSeller(String sellerId) {
        this.sellerId = sellerId;
    }

    public String sellerId() {
        return sellerId;
    }

    /** Stores a new version of an order. */
    public synchronized void put(Map<String, Object> order, List<Map<String, Object>> items) {
        List<Map<String, Object>> frozenItems = new ArrayList<>();
        items.forEach(i -> frozenItems.add(Collections.unmodifiableMap(i)));
        StoredOrder next = new StoredOrder(Collections.unmodifiableMap(order), List.copyOf(frozenItems));
        StoredOrder old = byId.put(next.id(), next);
        if (old != null) {
            byUpdate.remove(new Key(old.lastUpdate(), old.id()));
            byPurchase.remove(new Key(old.purchase(), old.id()));
        }
        byUpdate.put(new Key(next.lastUpdate(), next.id()), next);
        byPurchase.put(new Key(next.purchase(), next.id()), next);
        listeners.forEach(l -> l.accept(next));
    }

    /** Every order's current version, for the sandbox's saved state. */
    public List<StoredOrder> saved() {
        return new ArrayList<>(byId.values());
    }

    /** Takes back saved orders as they were, without telling the listeners (nothing changed at Amazon). */
    public synchronized void restore(List<StoredOrder> orders) {
        List<java.util.function.Consumer<StoredOrder>> quiet = List.copyOf(listeners);
        listeners.clear();
        try {
            orders.forEach(o -> put(new java.util.LinkedHashMap<>(o.order()), o.items()));
        } finally {
            listeners.addAll(quiet);
        }
    }

    /** Forgets shipped or cancelled orders last changed before {@code cutoff} that are not still changing (see {@code SandboxShop#forgetBefore}). */
    public synchronized int forgetBefore(Instant cutoff, java.util.function.Predicate<String> stillChanging) {
        int forgotten = 0;
        for (Key key : new ArrayList<>(byUpdate.headMap(new Key(cutoff, "")).keySet())) {
            StoredOrder current = byUpdate.get(key);
            boolean finished = current != null && ("Shipped".equals(current.order().get("OrderStatus")) || "Canceled".equals(current.order().get("OrderStatus")));
            if (finished && !stillChanging.test(key.id())) {
                StoredOrder order = byUpdate.remove(key);
                byId.remove(key.id());
                if (order != null) {
                    byPurchase.remove(new Key(order.purchase(), order.id()));
                }
                forgotten++;
            }
        }
        return forgotten;
    }

    /** Called with every new version of an order (what Amazon's notification service watches). */
    public void onChange(java.util.function.Consumer<StoredOrder> listener) {
        listeners.add(listener);
    }

    /** Applies a change to the current version; the change sets LastUpdateDate. */
    public synchronized Optional<StoredOrder> update(String id, UnaryOperator<StoredOrder> change) {
        StoredOrder current = byId.get(id);
        if (current == null) {
            return Optional.empty();
        }
        StoredOrder next = change.apply(current);
        put(next.order(), next.items());
        return Optional.of(byId.get(id));
    }

    public Optional<StoredOrder> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public int size() {
        return byId.size();
    }

    /** Orders from {@code from} (inclusive) in LastUpdateDate or PurchaseDate order, after {@code after} when paging on. */
    NavigableMap<Key, StoredOrder> scan(boolean byLastUpdate, Instant from, Key after) {
        ConcurrentSkipListMap<Key, StoredOrder> index = byLastUpdate ? byUpdate : byPurchase;
        return after != null ? index.tailMap(after, false) : index.tailMap(new Key(from, ""), true);
    }
}
