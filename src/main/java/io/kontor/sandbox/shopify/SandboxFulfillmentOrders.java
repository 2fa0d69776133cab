package io.kontor.sandbox.shopify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fulfilment side of an emulated Shopify order, kept in its GraphQL shape on the order map: fulfillment orders
 * (one per location the shop assigned lines to, each line with its remaining quantity) and the fulfillments made
 * against them. {@code fulfillmentCreate} follows Shopify's rules: every fulfillment order of one call must be
 * assigned to the same location, a quantity cannot exceed what remains, an empty item list fulfils all that remains.
 * A fulfillment order the merchant put on hold (fraud check, wrong address …) is ON_HOLD with its holds, and cannot be
 * fulfilled until they are released; one at a location another app fulfils (a fulfillment service) is refused to this
 * app, as Shopify refuses it.
 */
final class SandboxFulfillmentOrders {

    /** The shop's locations: id and name. */
    static final String[][] LOCATIONS = {{"gid://shopify/Location/71001", "Lager Köln"}, {"gid://shopify/Location/71002", "Lager München"}};
    static final String ORDERS = "fulfillmentOrders";
    static final String FULFILLMENTS = "fulfillments";
    static final String HOLDS = "fulfillmentHolds";

    private final AtomicLong nextId;
    /** Locations whose fulfillment orders another app fulfils. */
    private final java.util.Set<String> otherAppsLocations = java.util.concurrent.ConcurrentHashMap.newKeySet();

    SandboxFulfillmentOrders(long firstId) {
        this.nextId = new AtomicLong(firstId);
    }

    /** From now on another app (a fulfillment service) fulfils what is assigned to this location. */
    void fulfilledByAnotherApp(String locationId) {
        otherAppsLocations.add(locationId);
    }

    /**
     * {@code fulfillmentOrderHold}: the order's open fulfillment orders go ON_HOLD with the reason; the order shows
     * ON_HOLD. False when none was open.
     */
    @SuppressWarnings("unchecked")
    static boolean hold(Map<String, Object> order, String reason, String notes) {
        List<Map<String, Object>> held = new ArrayList<>();
        boolean any = false;
        for (Map<String, Object> fo : (List<Map<String, Object>>) order.getOrDefault(ORDERS, List.of())) {
            Map<String, Object> copy = new LinkedHashMap<>(fo);
            if ("OPEN".equals(fo.get("status")) || "IN_PROGRESS".equals(fo.get("status"))) {
                Map<String, Object> hold = new LinkedHashMap<>();
                hold.put("reason", reason);
                hold.put("reasonNotes", notes);
                copy.put(HOLDS, List.of(hold));
                copy.put("status", "ON_HOLD");
                any = true;
            }
            held.add(copy);
        }
        order.put(ORDERS, held);
        if (any) {
            order.put("displayFulfillmentStatus", "ON_HOLD");
        }
        return any;
    }

    /** {@code fulfillmentOrderReleaseHold}: every hold of the order released; its fulfillment orders open again. */
    @SuppressWarnings("unchecked")
    static void release(Map<String, Object> order) {
        List<Map<String, Object>> released = new ArrayList<>();
        for (Map<String, Object> fo : (List<Map<String, Object>>) order.getOrDefault(ORDERS, List.of())) {
            Map<String, Object> copy = new LinkedHashMap<>(fo);
            copy.remove(HOLDS);
            released.add(copy);
        }
        order.put(ORDERS, released);
        sync(order);
        boolean any = false;
        boolean all = true;
        for (Map<String, Object> l : (List<Map<String, Object>>) order.get("lineItems")) {
            int left = (Integer) l.get("unfulfilledQuantity");
            all &= left == 0;
            any |= left < (Integer) l.get("currentQuantity");
        }
        order.put("displayFulfillmentStatus", all ? "FULFILLED" : any ? "PARTIALLY_FULFILLED" : "UNFULFILLED");
    }

    /** Fulfillment orders for new order lines: usually one location; now and then the lines split over both. */
    List<Map<String, Object>> assign(List<Map<String, Object>> lines, Random random) {
        boolean split = lines.size() > 1 && random.nextInt(4) == 0;
        List<Map<String, Object>> orders = new ArrayList<>();
        for (int location = 0; location < (split ? 2 : 1); location++) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (!split || i % 2 == location) {
                    items.add(item(lines.get(i)));
                }
            }
            Map<String, Object> fo = new LinkedHashMap<>();
            fo.put("id", "gid://shopify/FulfillmentOrder/" + nextId.incrementAndGet());
            fo.put("status", "OPEN");
            fo.put("assignedLocation", Map.of("name", LOCATIONS[location][1], "location", Map.of("id", LOCATIONS[location][0],
                    "name", LOCATIONS[location][1])));
            fo.put("lineItems", items);
            orders.add(fo);
        }
        return orders;
    }

    private Map<String, Object> item(Map<String, Object> line) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "gid://shopify/FulfillmentOrderLineItem/" + nextId.incrementAndGet());
        item.put("totalQuantity", line.get("quantity"));
        item.put("remainingQuantity", line.get("unfulfilledQuantity"));
        item.put("lineItem", line);
        return item;
    }

    /** Brings the fulfillment orders in line with the order's lines after an edit, a cancellation or a fulfilment. */
    @SuppressWarnings("unchecked")
    static void sync(Map<String, Object> order) {
        Map<String, Map<String, Object>> lines = new LinkedHashMap<>();
        for (Map<String, Object> l : (List<Map<String, Object>>) order.get("lineItems")) {
            lines.put((String) l.get("id"), l);
        }
        boolean cancelled = order.get("cancelledAt") != null;
        List<Map<String, Object>> synced = new ArrayList<>();
        for (Map<String, Object> fo : (List<Map<String, Object>>) order.getOrDefault(ORDERS, List.of())) {
            Map<String, Object> copy = new LinkedHashMap<>(fo);
            List<Map<String, Object>> items = new ArrayList<>();
            int remaining = 0;
            int total = 0;
            for (Map<String, Object> item : (List<Map<String, Object>>) fo.get("lineItems")) {
                Map<String, Object> c = new LinkedHashMap<>(item);
                Map<String, Object> line = lines.get((String) ((Map<String, Object>) item.get("lineItem")).get("id"));
                int unfulfilled = line == null || cancelled ? 0 : (Integer) line.get("unfulfilledQuantity");
                c.put("totalQuantity", line == null ? 0 : line.get("quantity"));
                c.put("remainingQuantity", unfulfilled);
                c.put("lineItem", line == null ? item.get("lineItem") : line);
                remaining += unfulfilled;
                total += line == null ? 0 : (Integer) line.get("currentQuantity");
                items.add(c);
            }
            copy.put("lineItems", items);
            boolean held = fo.get(HOLDS) instanceof List<?> holds && !holds.isEmpty();
            copy.put("status", cancelled || remaining == 0 ? "CLOSED" : held ? "ON_HOLD" : remaining < total ? "IN_PROGRESS" : "OPEN");
            synced.add(copy);
        }
        order.put(ORDERS, synced);
    }

    /** What {@code fulfillmentCreate} answers: the fulfillment, or the user errors that stopped it. */
    record Outcome(Map<String, Object> fulfillment, List<Map<String, Object>> userErrors) {
    }

    /** Applies {@code fulfillmentCreate(fulfillment: input)} to the order map (changed in place only when it succeeds). */
    @SuppressWarnings("unchecked")
    Outcome create(Map<String, Object> order, Map<String, Object> input, Instant now) {
        List<Map<String, Object>> byFo = (List<Map<String, Object>>) input.getOrDefault("lineItemsByFulfillmentOrder", List.of());
        if (byFo.isEmpty()) {
            return refused("lineItemsByFulfillmentOrder", "Line items by fulfillment order must not be empty.");
        }
        Map<String, Map<String, Object>> fos = new LinkedHashMap<>();
        for (Map<String, Object> fo : (List<Map<String, Object>>) order.getOrDefault(ORDERS, List.of())) {
            fos.put((String) fo.get("id"), fo);
        }
        String location = null;
        Map<String, Integer> take = new LinkedHashMap<>(); // fulfillment order line item id -> units
        for (Map<String, Object> part : byFo) {
            Map<String, Object> fo = fos.get((String) part.get("fulfillmentOrderId"));
            if (fo == null) {
                return refused("fulfillmentOrderId", "Fulfillment order does not exist.");
            }
            if ("CLOSED".equals(fo.get("status")) || "CANCELLED".equals(fo.get("status")) || "ON_HOLD".equals(fo.get("status"))) {
                return refused("fulfillmentOrderId", "Fulfillment order " + fo.get("id") + " has an unfulfillable status= "
                        + String.valueOf(fo.get("status")).toLowerCase(java.util.Locale.ROOT) + ".");
            }
            String here = (String) ((Map<String, Object>) ((Map<String, Object>) fo.get("assignedLocation")).get("location")).get("id");
            if (otherAppsLocations.contains(here)) {
                return refused("fulfillmentOrderId", "The api_client does not have access to the fulfillment order.");
            }
            if (location != null && !location.equals(here)) {
                return refused("lineItemsByFulfillmentOrder", "All fulfillment orders must be assigned to a single location.");
            }
            location = here;
            List<Map<String, Object>> wanted = (List<Map<String, Object>>) part.get("fulfillmentOrderLineItems");
            for (Map<String, Object> item : (List<Map<String, Object>>) fo.get("lineItems")) {
                int remaining = (Integer) item.get("remainingQuantity");
                if (wanted == null || wanted.isEmpty()) {
                    if (remaining > 0) {
                        take.put((String) item.get("id"), remaining);
                    }
                    continue;
                }
                for (Map<String, Object> w : wanted) {
                    if (item.get("id").equals(w.get("id"))) {
                        int units = ((Number) w.get("quantity")).intValue();
                        if (units < 1 || units + take.getOrDefault((String) item.get("id"), 0) > remaining) {
                            return refused("fulfillmentOrderLineItems", "Invalid fulfillment order line item quantity requested.");
                        }
                        take.merge((String) item.get("id"), units, Integer::sum);
                    }
                }
            }
            if (wanted != null) {
                for (Map<String, Object> w : wanted) {
                    boolean known = ((List<Map<String, Object>>) fo.get("lineItems")).stream().anyMatch(i -> i.get("id").equals(w.get("id")));
                    if (!known) {
                        return refused("fulfillmentOrderLineItems", "Fulfillment order line item " + w.get("id") + " does not belong to "
                                + fo.get("id") + ".");
                    }
                }
            }
        }
        if (take.isEmpty()) {
            return refused("lineItemsByFulfillmentOrder", "The fulfillment orders have nothing left to fulfil.");
        }
        // apply: the order's lines lose unfulfilled units, then the fulfillment orders follow
        Map<String, Integer> perLine = new LinkedHashMap<>();
        for (Map<String, Object> fo : fos.values()) {
            for (Map<String, Object> item : (List<Map<String, Object>>) fo.get("lineItems")) {
                Integer units = take.get((String) item.get("id"));
                if (units != null) {
                    perLine.merge((String) ((Map<String, Object>) item.get("lineItem")).get("id"), units, Integer::sum);
                }
            }
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        boolean all = true;
        boolean any = false;
        for (Map<String, Object> l : (List<Map<String, Object>>) order.get("lineItems")) {
            Map<String, Object> c = new LinkedHashMap<>(l);
            int left = (Integer) c.get("unfulfilledQuantity") - perLine.getOrDefault((String) c.get("id"), 0);
            c.put("unfulfilledQuantity", left);
            all &= left == 0;
            any |= left < (Integer) c.get("currentQuantity");
            lines.add(c);
        }
        order.put("lineItems", lines);
        order.put("displayFulfillmentStatus", all ? "FULFILLED" : any ? "PARTIALLY_FULFILLED" : "UNFULFILLED");
        Map<String, Object> tracking = (Map<String, Object>) input.get("trackingInfo");
        Map<String, Object> fulfillment = new LinkedHashMap<>();
        fulfillment.put("id", "gid://shopify/Fulfillment/" + nextId.incrementAndGet());
        fulfillment.put("status", "SUCCESS");
        fulfillment.put("createdAt", now.toString());
        fulfillment.put("location", Map.of("id", location));
        List<Map<String, Object>> info = new ArrayList<>();
        if (tracking != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("company", tracking.get("company"));
            t.put("number", tracking.get("number"));
            t.put("url", tracking.get("url"));
            info.add(t);
        }
        fulfillment.put("trackingInfo", info);
        List<Map<String, Object>> done = new ArrayList<>((List<Map<String, Object>>) order.getOrDefault(FULFILLMENTS, List.of()));
        done.add(fulfillment);
        order.put(FULFILLMENTS, done);
        sync(order);
        return new Outcome(fulfillment, List.of());
    }

    private static Outcome refused(String field, String message) {
        return new Outcome(null, List.of(Map.of("field", List.of("fulfillment", field), "message", message)));
    }
}
