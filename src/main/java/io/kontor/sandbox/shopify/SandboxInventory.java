package io.kontor.sandbox.shopify;

import io.kontor.sandbox.SandboxCatalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The emulated shop's inventory, after Shopify's GraphQL Admin inventory contract: an inventory item per SKU, a level
 * per location with its named quantities ({@code available}, {@code committed}; {@code on_hand} their sum), and
 * {@code inventorySetQuantities} with the rules of the API version asked — the compare-and-set of ≤ 2025-10
 * ({@code compareQuantity}), of 2026-01 ({@code changeFromQuantity} when given, even as null, else the old rule) and of
 * 2026-04 on (changeFromQuantity on every quantity, an idempotency key on every call); the reason allow-list, the
 * bounds, duplicate pairs, unstocked locations; the idempotency cache (same key and input: the first answer; same key,
 * other input: a mismatch; while running: concurrent). A refused call changes nothing. Orders placed move units from
 * available to committed. Every change is announced to the listeners (the inventory_levels/update webhook).
 */
public final class SandboxInventory {

    static final Set<String> REASONS = Set.of("correction", "cycle_count_available", "damaged", "other", "promotion", "received", "restock",
            "shrinkage", "movement_created", "safety_stock");
    static final int MAX_QUANTITY = 1_000_000_000;
    private static final String ITEM = "gid://shopify/InventoryItem/";

    /** One item's level at one location. */
    static final class Level {
        int available;
        int committed;
        Instant updatedAt;

        Level(int available, Instant updatedAt) {
            this.available = available;
            this.updatedAt = updatedAt;
        }
    }

    record Item(long id, String sku, boolean mutable, Map<String, Level> levels) {
    }

    /** One change of a level, as the webhook tells it. */
    public record LevelChange(long inventoryItemId, long locationId, int available, Instant updatedAt) {
    }

    private final Map<Long, Item> items = new TreeMap<>();
    private final Map<String, Long> bySku = new HashMap<>();
    private final Map<String, Object[]> idempotent = new HashMap<>();
    private final Set<String> running = new HashSet<>();
    private final List<Consumer<LevelChange>> listeners = new CopyOnWriteArrayList<>();
    private long groups = 90_000;

    /** Every catalogue SKU stocked at every location with some units. */
    public SandboxInventory(List<String> locationIds, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
            Map<String, Level> levels = new LinkedHashMap<>();
            locationIds.forEach(l -> levels.put(l, new Level(random.nextInt(40), now)));
            add(new Item(itemId(p.sku()), p.sku(), true, levels));
        }
    }

    /** Every level's figures (sku → location → available, committed), kept across a restart as the shop keeps them. */
    public synchronized Map<String, Map<String, List<Integer>>> saved() {
        Map<String, Map<String, List<Integer>>> out = new LinkedHashMap<>();
        for (Item item : items.values()) {
            Map<String, List<Integer>> levels = new LinkedHashMap<>();
            item.levels().forEach((location, l) -> levels.put(location, List.of(l.available, l.committed)));
            out.put(item.sku(), levels);
        }
        return out;
    }

    /** The figures saved before a restart, for the SKUs and locations the shop still has. */
    public synchronized void restore(Map<String, Map<String, List<Integer>>> saved) {
        saved.forEach((sku, levels) -> {
            Long id = bySku.get(sku);
            if (id != null) {
                levels.forEach((location, figures) -> {
                    Level l = items.get(id).levels().get(location);
                    if (l != null && figures.size() == 2) {
                        l.available = figures.get(0);
                        l.committed = figures.get(1);
                    }
                });
            }
        });
    }

    /** The inventory item id Shopify gives a SKU's variant in the sandbox (the same the order lines carry). */
    public static long itemId(String sku) {
        return 50_000 + Math.abs(sku.hashCode() % 10_000);
    }

    synchronized void add(Item item) {
        items.put(item.id(), item);
        bySku.put(item.sku(), item.id());
    }

    public void onChange(Consumer<LevelChange> listener) {
        listeners.add(listener);
    }

    // ---- reads ---------------------------------------------------------------------------------------------------

    /** Items matching a search of {@code sku:X} terms joined by OR (no query: all), in id order. */
    synchronized List<Map<String, Object>> search(String query) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        if (query != null && !query.isBlank()) {
            for (String term : query.split("\\s+OR\\s+")) {
                String t = term.strip();
                if (!t.startsWith("sku:")) {
                    throw new IllegalArgumentException("The sandbox searches inventory items by sku only: " + term);
                }
                skus.add(t.substring(4).replaceAll("^['\"]|['\"]$", ""));
            }
        }
        for (Item item : items.values()) {
            if (skus.isEmpty() || skus.contains(item.sku())) {
                out.add(node(item));
            }
        }
        return out;
    }

    synchronized Map<String, Object> item(String gid) {
        long id = ShopifyAdminApi.numericId(gid, ITEM);
        Item item = items.get(id);
        return item == null ? null : node(item);
    }

    public synchronized Integer available(String sku, String locationId) {
        Long id = bySku.get(sku);
        Level level = id == null ? null : items.get(id).levels().get(locationId);
        return level == null ? null : level.available;
    }

    private static Map<String, Object> node(Item item) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", ITEM + item.id());
        node.put("sku", item.sku());
        node.put("tracked", true);
        List<Map<String, Object>> levels = new ArrayList<>();
        item.levels().forEach((location, level) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", "gid://shopify/InventoryLevel/" + ShopifyAdminApi.numericId(location, "gid://shopify/Location/") + "?inventory_item_id=" + item.id());
            l.put("location", Map.of("id", location, "name", location));
            l.put("updatedAt", level.updatedAt.toString());
            l.put("quantities", Map.of("available", level.available, "committed", level.committed, "on_hand", level.available + level.committed,
                    "reserved", 0, "incoming", 0));
            levels.add(l);
        });
        node.put("inventoryLevels", levels);
        return node;
    }

    // ---- inventorySetQuantities ----------------------------------------------------------------------------------

    /**
     * {@code inventorySetQuantities} as the given API version runs it.
     *
     * @param key the {@code @idempotent} key, null when none was given
     * @return the payload, or a top-level error message (a String) where Shopify answers with one
     */
    public Object setQuantities(String version, String key, Map<String, Object> input) {
        boolean from2026_04 = version.compareTo("2026-04") >= 0;
        if (from2026_04 && key == null) {
            return "The @idempotent directive is required for this mutation.";
        }
        if (key != null) {
            synchronized (this) {
                Object[] seen = idempotent.get(key);
                if (seen != null) {
                    return Objects.equals(seen[0], input) ? seen[1] : payload(null, List.of(error(List.of("input"),
                            "The idempotency key was used with different parameters.", "IDEMPOTENCY_KEY_PARAMETER_MISMATCH")));
                }
                if (!running.add(key)) {
                    return payload(null, List.of(error(List.of("input"), "A request with this idempotency key is in progress, try again.",
                            "IDEMPOTENCY_CONCURRENT_REQUEST")));
                }
            }
        }
        try {
            Object result = apply(version, input);
            if (key != null && !(result instanceof String)) {
                synchronized (this) {
                    idempotent.put(key, new Object[]{input, result});
                }
            }
            return result;
        } finally {
            if (key != null) {
                synchronized (this) {
                    running.remove(key);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Object apply(String version, Map<String, Object> input) {
        boolean from2026_01 = version.compareTo("2026-01") >= 0;
        boolean from2026_04 = version.compareTo("2026-04") >= 0;
        List<Map<String, Object>> errors = new ArrayList<>();
        String name = (String) input.get("name");
        if (!"available".equals(name) && !"on_hand".equals(name)) {
            errors.add(error(List.of("input", "name"), "The quantity name must be available or on_hand.", "INVALID_NAME"));
        }
        if (!REASONS.contains(input.get("reason"))) {
            errors.add(error(List.of("input", "reason"), "The reason is not valid.", "INVALID_REASON"));
        }
        Object uri = input.get("referenceDocumentUri");
        if (uri != null && !String.valueOf(uri).matches("[a-zA-Z][a-zA-Z0-9+.-]*:\\S+")) {
            errors.add(error(List.of("input", "referenceDocumentUri"), "The reference document URI is not a valid URI.", "INVALID_REFERENCE_DOCUMENT"));
        }
        if (from2026_04 && input.containsKey("ignoreCompareQuantity")) {
            return "InventorySetQuantitiesInput does not have a field ignoreCompareQuantity from 2026-04";
        }
        boolean ignoreCompare = Boolean.TRUE.equals(input.get("ignoreCompareQuantity"));
        List<Map<String, Object>> quantities = (List<Map<String, Object>>) input.getOrDefault("quantities", List.of());
        Set<String> pairs = new HashSet<>();
        synchronized (this) {
            for (int i = 0; i < quantities.size(); i++) {
                Map<String, Object> q = quantities.get(i);
                List<String> at = List.of("input", "quantities", String.valueOf(i));
                if (from2026_04 && (q.containsKey("compareQuantity") || !q.containsKey("changeFromQuantity"))) {
                    return q.containsKey("compareQuantity") ? "InventoryQuantityInput does not have a field compareQuantity from 2026-04"
                            : "Argument 'changeFromQuantity' on InventoryQuantityInput is required from 2026-04 (give null to opt out)";
                }
                String itemGid = (String) q.get("inventoryItemId");
                String location = (String) q.get("locationId");
                int quantity = ((Number) q.get("quantity")).intValue();
                Item item = items.get(ShopifyAdminApi.numericId(itemGid, ITEM));
                if (!pairs.add(itemGid + "|" + location)) {
                    errors.add(error(at, "The same inventory item and location pair appears more than once.", "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
                    continue;
                }
                if (item == null) {
                    errors.add(error(with(at, "inventoryItemId"), "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"));
                    continue;
                }
                if (!item.mutable()) {
                    errors.add(error(with(at, "inventoryItemId"), "The inventory item cannot be changed.", "NON_MUTABLE_INVENTORY_ITEM"));
                    continue;
                }
                Level level = item.levels().get(location);
                if (level == null) {
                    errors.add(error(with(at, "locationId"), "The inventory item is not stocked at the location.", "ITEM_NOT_STOCKED_AT_LOCATION"));
                    continue;
                }
                if (quantity < 0) {
                    errors.add(error(with(at, "quantity"), "The quantity can't be negative.", "INVALID_QUANTITY_NEGATIVE"));
                    continue;
                }
                if (quantity > MAX_QUANTITY) {
                    errors.add(error(with(at, "quantity"), "The quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH"));
                    continue;
                }
                int current = "on_hand".equals(name) ? level.available + level.committed : level.available;
                if (from2026_01 && q.containsKey("changeFromQuantity")) {
                    Object from = q.get("changeFromQuantity");
                    if (from != null && ((Number) from).intValue() != current) {
                        errors.add(error(with(at, "changeFromQuantity"), "The specified change from quantity does not match the current quantity.",
                                "CHANGE_FROM_QUANTITY_STALE"));
                    }
                } else if (!ignoreCompare) {
                    Object compare = q.get("compareQuantity");
                    if (compare == null) {
                        errors.add(error(with(at, "compareQuantity"),
                                "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.",
                                "COMPARE_QUANTITY_REQUIRED"));
                    } else if (((Number) compare).intValue() != current) {
                        errors.add(error(with(at, "compareQuantity"), "The specified compare quantity does not match the current quantity.",
                                "COMPARE_QUANTITY_STALE"));
                    }
                }
            }
            if (!errors.isEmpty()) {
                return payload(null, errors);
            }
            Instant now = Instant.now();
            List<Map<String, Object>> changes = new ArrayList<>();
            List<LevelChange> announced = new ArrayList<>();
            for (Map<String, Object> q : quantities) {
                Item item = items.get(ShopifyAdminApi.numericId((String) q.get("inventoryItemId"), ITEM));
                String location = (String) q.get("locationId");
                Level level = item.levels().get(location);
                int quantity = ((Number) q.get("quantity")).intValue();
                int delta = "on_hand".equals(name) ? quantity - level.available - level.committed : quantity - level.available;
                level.available += delta;
                level.updatedAt = now;
                changes.add(Map.of("name", name, "delta", delta, "quantityAfterChange", quantity,
                        "item", node(item), "location", Map.of("id", location, "name", location)));
                announced.add(new LevelChange(item.id(), ShopifyAdminApi.numericId(location, "gid://shopify/Location/"), level.available, now));
            }
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("id", "gid://shopify/InventoryAdjustmentGroup/" + (++groups));
            group.put("createdAt", now.toString());
            group.put("reason", input.get("reason"));
            group.put("referenceDocumentUri", uri);
            group.put("changes", changes);
            announced.forEach(c -> listeners.forEach(l -> l.accept(c)));
            return payload(group, List.of());
        }
    }

    /** A person changes the available units in the shop's admin (the sandbox's faults, tests). */
    public void setByHand(String sku, String locationId, int available) {
        LevelChange change;
        synchronized (this) {
            Level level = items.get(bySku.get(sku)).levels().get(locationId);
            level.available = available;
            level.updatedAt = Instant.now();
            change = new LevelChange(bySku.get(sku), ShopifyAdminApi.numericId(locationId, "gid://shopify/Location/"), available, level.updatedAt);
        }
        listeners.forEach(l -> l.accept(change));
    }

    /** Every line of an order placed in the shop (GraphQL shape) commits its units at the location. */
    public void orderPlaced(Map<String, Object> order, String locationId) {
        for (Object line : (List<?>) order.getOrDefault("lineItems", List.of())) {
            Map<?, ?> l = (Map<?, ?>) line;
            if (l.get("sku") instanceof String sku && l.get("quantity") instanceof Number units) {
                committed(sku, locationId, units.intValue());
            }
        }
    }

    /** An order placed in the shop commits its units at a location: available goes down, committed up. */
    public void committed(String sku, String locationId, int units) {
        LevelChange change;
        synchronized (this) {
            Long id = bySku.get(sku);
            Level level = id == null ? null : items.get(id).levels().get(locationId);
            if (level == null) {
                return;
            }
            level.available -= units;
            level.committed += units;
            level.updatedAt = Instant.now();
            change = new LevelChange(id, ShopifyAdminApi.numericId(locationId, "gid://shopify/Location/"), level.available, level.updatedAt);
        }
        listeners.forEach(l -> l.accept(change));
    }

    private static List<String> with(List<String> path, String field) {
        List<String> out = new ArrayList<>(path);
        out.add(field);
        return out;
    }

    private static Map<String, Object> error(List<String> field, String message, String code) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("message", message);
        e.put("code", code);
        return e;
    }

    private static Map<String, Object> payload(Map<String, Object> group, List<Map<String, Object>> errors) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("inventoryAdjustmentGroup", group);
        p.put("userErrors", errors);
        return p;
    }
}
