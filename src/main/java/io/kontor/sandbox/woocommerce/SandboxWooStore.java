package io.kontor.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The emulated WooCommerce store's data, as its REST API v3 documents it: orders with their notes, and the Shipment
 * Tracking extension's items. Times are written twice, in the site's time zone without an offset and as GMT
 * ({@code *_gmt}); amounts are strings with two decimals; every change moves {@code date_modified}. Whoever changes an
 * order is told (the webhook sender listens), as WooCommerce fires {@code order.created} and {@code order.updated}.
 */
public final class SandboxWooStore {

    static final Set<String> STATUSES = Set.of("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash");

    /** WordPress's date-time: ISO 8601 to the second, no offset. */
    static final java.time.format.DateTimeFormatter SECONDS = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final ZoneId siteZone;
    private final Map<Long, ObjectNode> orders = new TreeMap<>();
    private final Map<Long, List<ObjectNode>> notes = new LinkedHashMap<>();
    private final Map<Long, List<ObjectNode>> trackingItems = new LinkedHashMap<>();
    private final List<Consumer<ObjectNode>> listeners = new ArrayList<>();
    private long nextId = 1000;

    public SandboxWooStore(Clock clock, ZoneId siteZone) {
        this.clock = clock;
        this.siteZone = siteZone;
    }

    /** Told of each created or changed order, with its topic ({@code order.created}, {@code order.updated}) in {@code _topic}. */
    public synchronized void onChange(Consumer<ObjectNode> listener) {
        listeners.add(listener);
    }

    public synchronized long nextId() {
        return ++nextId;
    }

    /** Stores a new order (as the checkout writes it): ids, order key, both clocks stamped. */
    public ObjectNode create(ObjectNode order) {
        ObjectNode created;
        synchronized (this) {
            long id = order.hasNonNull("id") ? order.get("id").asLong() : ++nextId;
            nextId = Math.max(nextId, id);
            Instant now = now();
            order.put("id", id).put("number", String.valueOf(id)).put("order_key", "wc_order_" + hex(("key" + id).getBytes(StandardCharsets.UTF_8)).substring(0, 13));
            stamp(order, "date_created", now);
            stamp(order, "date_modified", now);
            orders.put(id, order);
            created = order.deepCopy();
        }
        tell(created, "order.created");
        return created;
    }

    /** Changes an order (status, payment, refunds…) and moves its modification time. */
    public ObjectNode update(long id, Consumer<ObjectNode> change) {
        ObjectNode updated;
        synchronized (this) {
            ObjectNode order = orders.get(id);
            if (order == null) {
                return null;
            }
            change.accept(order);
            Instant now = now();
            if (order.path("status").asText().equals("completed") && order.path("date_completed").isNull()) {
                stamp(order, "date_completed", now);
            }
            stamp(order, "date_modified", now);
            updated = order.deepCopy();
        }
        tell(updated, "order.updated");
        return updated;
    }

    public synchronized ObjectNode order(long id) {
        ObjectNode o = orders.get(id);
        return o == null ? null : o.deepCopy();
    }

    public synchronized List<ObjectNode> orders() {
        List<ObjectNode> out = new ArrayList<>();
        orders.values().forEach(o -> out.add(o.deepCopy()));
        return out;
    }

    public synchronized ObjectNode addNote(long orderId, String text, boolean customerNote) {
        ObjectNode note = json.createObjectNode();
        note.put("id", ++nextId).put("author", "WooCommerce");
        stamp(note, "date_created", now());
        note.put("note", text).put("customer_note", customerNote).put("added_by_user", false);
        notes.computeIfAbsent(orderId, k -> new ArrayList<>()).add(note);
        return note.deepCopy();
    }

    public synchronized List<ObjectNode> notes(long orderId) {
        List<ObjectNode> out = new ArrayList<>();
        notes.getOrDefault(orderId, List.of()).forEach(n -> out.add(n.deepCopy()));
        return out;
    }

    public synchronized ObjectNode addTrackingItem(long orderId, ObjectNode item) {
        item.put("tracking_id", hex((orderId + ":" + item.path("tracking_number").asText() + ":" + nextId++).getBytes(StandardCharsets.UTF_8)).substring(0, 32));
        trackingItems.computeIfAbsent(orderId, k -> new ArrayList<>()).add(item);
        return item.deepCopy();
    }

    public synchronized List<ObjectNode> trackingItems(long orderId) {
        List<ObjectNode> out = new ArrayList<>();
        trackingItems.getOrDefault(orderId, List.of()).forEach(n -> out.add(n.deepCopy()));
        return out;
    }

    /** Forgets orders finished (completed, cancelled, refunded) before {@code before}, with their notes and items. */
    public synchronized int forgetBefore(Instant before) {
        List<Long> old = new ArrayList<>();
        orders.forEach((id, o) -> {
            String status = o.path("status").asText();
            if (Set.of("completed", "cancelled", "refunded", "trash").contains(status) && gmt(o, "date_modified").isBefore(before)) {
                old.add(id);
            }
        });
        old.forEach(id -> {
            orders.remove(id);
            notes.remove(id);
            trackingItems.remove(id);
        });
        return old.size();
    }

    /** The store's data for the sandbox's saved state. */
    public synchronized Map<String, Object> saved() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("nextId", nextId);
        s.put("orders", new ArrayList<>(orders.values()));
        s.put("notes", notes);
        s.put("trackingItems", trackingItems);
        return s;
    }

    public synchronized void restore(JsonNode saved) {
        nextId = saved.path("nextId").asLong(nextId);
        saved.path("orders").forEach(o -> orders.put(o.get("id").asLong(), (ObjectNode) o.deepCopy()));
        saved.path("notes").fields().forEachRemaining(e -> e.getValue().forEach(n -> notes.computeIfAbsent(Long.parseLong(e.getKey()),
                k -> new ArrayList<>()).add((ObjectNode) n.deepCopy())));
        saved.path("trackingItems").fields().forEachRemaining(e -> e.getValue().forEach(n -> trackingItems.computeIfAbsent(
                Long.parseLong(e.getKey()), k -> new ArrayList<>()).add((ObjectNode) n.deepCopy())));
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Writes {@code field} in the site's zone and {@code field_gmt}, both without an offset, as WooCommerce does. */
    void stamp(ObjectNode node, String field, Instant at) {
        node.put(field, SECONDS.format(LocalDateTime.ofInstant(at, siteZone)));
        node.put(field + "_gmt", SECONDS.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)));
    }

    static Instant gmt(JsonNode node, String field) {
        String v = node.path(field + "_gmt").asText(null);
        return v == null ? Instant.EPOCH : LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    }

    ArrayNode array() {
        return json.createArrayNode();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    private void tell(ObjectNode order, String topic) {
        List<Consumer<ObjectNode>> now;
        synchronized (this) {
            now = List.copyOf(listeners);
        }
        ObjectNode event = order.deepCopy();
        event.put("_topic", topic);
        now.forEach(l -> l.accept(event));
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
