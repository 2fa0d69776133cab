package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.amazon.SellingPartnerApi.Request;
import io.kontor.sandbox.amazon.SellingPartnerApi.Response;

import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static io.kontor.sandbox.amazon.SellingPartnerApi.error;
import static io.kontor.sandbox.amazon.SellingPartnerApi.invalid;

/** Orders v0 {@code confirmShipment} for seller-fulfilled orders, and the packages confirmed so far. */
final class SandboxShipmentConfirmations {

    private static final Pattern PACKAGE_REFERENCE = Pattern.compile("[1-9][0-9]{0,17}");

    private final SandboxAmazonSeller seller;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** Confirmed packages per order, by packageReferenceId: the natural key that makes a repeated confirmation harmless. */
    private final Map<String, Map<String, JsonNode>> packages = new ConcurrentHashMap<>();

    SandboxShipmentConfirmations(SandboxAmazonSeller seller, Clock clock) {
        this.seller = seller;
        this.clock = clock;
    }

    /** The packages confirmed for an order, by packageReferenceId, as the seller sent them. */
    public Map<String, JsonNode> packagesOf(String orderId) {
        return Map.copyOf(packages.getOrDefault(orderId, Map.of()));
    }

    /**
     * One package of a seller-fulfilled order shipped: the items' QuantityShipped grow and the order becomes
     * PartiallyShipped or Shipped. (orderId, packageReferenceId) is the natural key: the same package again is
     * accepted and changes nothing; another package under a used reference is refused.
     */
    Response confirm(Request request, String orderId) {
        if (seller.get(orderId).isEmpty()) {
            return error(404, "NotFound", "The resource specified does not exist.", "Order " + orderId + " was not found.");
        }
        JsonNode body;
        try {
            body = json.readTree(request.body() == null ? "" : request.body());
        } catch (java.io.IOException e) {
            return invalid("The request body is not valid JSON.");
        }
        if (body == null || !body.isObject() || !body.path("marketplaceId").isTextual()) {
            return invalid("marketplaceId is required.");
        }
        JsonNode p = body.path("packageDetail");
        if (!p.isObject()) {
            return invalid("packageDetail is required.");
        }
        JsonNode reference = p.get("packageReferenceId");
        if (reference == null || !reference.isTextual()) {
            return invalid("packageReferenceId must be a string.");
        }
        if (!PACKAGE_REFERENCE.matcher(reference.asText()).matches()) {
            return invalid("packageReferenceId must contain a positive number: " + reference.asText());
        }
        for (String field : List.of("carrierCode", "trackingNumber", "shipDate")) {
            if (!p.path(field).isTextual() || p.path(field).asText().isBlank()) {
                return invalid(field + " is required.");
            }
        }
        if ("Other".equals(p.get("carrierCode").asText()) && p.path("carrierName").asText("").isBlank()) {
            return invalid("carrierName is required when carrierCode is Other.");
        }
        try {
            SandboxOrderSearches.parseDate(p.get("shipDate").asText());
        } catch (DateTimeParseException e) {
            return invalid("shipDate is not an ISO 8601 date-time: " + p.get("shipDate").asText());
        }
        Map<String, Integer> quantities = new LinkedHashMap<>();
        if (!p.path("orderItems").isArray() || p.path("orderItems").isEmpty()) {
            return invalid("orderItems must name at least one order item.");
        }
        for (JsonNode item : p.get("orderItems")) {
            if (!item.path("orderItemId").isTextual() || !item.path("quantity").isInt() || item.get("quantity").asInt() < 1) {
                return invalid("Each order item needs an orderItemId and a positive quantity: " + item);
            }
            quantities.merge(item.get("orderItemId").asText(), item.get("quantity").asInt(), Integer::sum);
        }
        synchronized (seller) {
            SandboxAmazonSeller.StoredOrder current = seller.get(orderId).orElseThrow();
            JsonNode before = packages.getOrDefault(orderId, Map.of()).get(reference.asText());
            if (before != null) {
                return before.equals(p) ? new Response(204, Map.of(), null)
                        : invalid("packageReferenceId " + reference.asText() + " was already confirmed for order " + orderId + " with other contents.");
            }
            if (!body.get("marketplaceId").asText().equals(current.order().get("MarketplaceId"))) {
                return invalid("marketplaceId " + body.get("marketplaceId").asText() + " is not the marketplace of order " + orderId + ".");
            }
            String status = (String) current.order().get("OrderStatus");
            if (!"MFN".equals(current.order().get("FulfillmentChannel")) || !Set.of("Unshipped", "PartiallyShipped").contains(status)) {
                return invalid("Order " + orderId + " (" + current.order().get("FulfillmentChannel") + ", " + status
                        + ") cannot take a shipment confirmation.");
            }
            List<Map<String, Object>> items = new ArrayList<>();
            current.items().forEach(i -> items.add(new LinkedHashMap<>(i)));
            for (Map.Entry<String, Integer> q : quantities.entrySet()) {
                Map<String, Object> item = items.stream().filter(i -> q.getKey().equals(i.get("OrderItemId"))).findFirst().orElse(null);
                if (item == null) {
                    return invalid("Order item " + q.getKey() + " is not part of order " + orderId + ".");
                }
                int open = ((Number) item.get("QuantityOrdered")).intValue() - ((Number) item.get("QuantityShipped")).intValue();
                if (q.getValue() > open) {
                    return invalid("Quantity " + q.getValue() + " exceeds the " + open + " unshipped units of order item " + q.getKey() + ".");
                }
                item.put("QuantityShipped", ((Number) item.get("QuantityShipped")).intValue() + q.getValue());
            }
            Map<String, Object> order = new LinkedHashMap<>(current.order());
            boolean all = items.stream().allMatch(i -> ((Number) i.get("QuantityShipped")).intValue() >= ((Number) i.get("QuantityOrdered")).intValue());
            order.put("OrderStatus", all ? "Shipped" : "PartiallyShipped");
            order.put("LastUpdateDate", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            AmazonTrafficGenerator.setQuantities(order, items);
            seller.put(order, items);
            packages.computeIfAbsent(orderId, k -> new ConcurrentHashMap<>()).put(reference.asText(), p);
        }
        return new Response(204, Map.of(), null);
    }

}
