package io.kontor.channel.shopify;

import io.kontor.shipping.spi.OrderCancelledOnChannelException;
import io.kontor.shipping.spi.ShipmentNotice;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Confirms a shipped parcel on Shopify through its fulfillment orders: the order's open fulfillment orders are read,
 * the parcel's units are taken from their line items, and one {@code fulfillmentCreate} is sent per location (Shopify
 * refuses fulfillment orders of several locations in one call), each with the parcel's carrier and tracking number.
 * {@code fulfillmentCreate} takes no idempotency key, so before creating anything the order's fulfillments are read:
 * a location that already has a fulfillment with this parcel's tracking number was done by an earlier attempt.
 * The read stays under Shopify's single-query cost limit (about 600 of 1000 points): 20 fulfillments, 5 fulfillment
 * orders of up to 50 lines.
 * <p>
 * Units the merchant holds on Shopify (a fulfillment order ON_HOLD: fraud check, wrong address …) are not confirmed:
 * the hub does not release a merchant's hold. What is open is confirmed, and the attempt fails naming the hold, so the
 * parcel waits (retried, and in the unconfirmed report) until the hold is released there. A fulfillment order at a
 * location another app fulfils is refused to this app; the refusal says so.
 */
@Component("shopifyShipmentConfirmer")
public class ShopifyShipmentConfirmer {

    static final String ORDER_QUERY = """
            query ParcelTargets($id: ID!) {
              order(id: $id) {
                id cancelledAt
                fulfillments(first: 20) { id location { id } trackingInfo(first: 1) { number } }
                fulfillmentOrders(first: 5) {
                  nodes {
                    id status
                    fulfillmentHolds { reason reasonNotes }
                    assignedLocation { location { id } }
                    lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } }
                  }
                }
              }
            }""";
    /** ORDER_QUERY as Shopify counts it: 20 fulfilments, 5 fulfillment orders of 50 lines each. */
    static final int ORDER_QUERY_COST = 600;
    static final String CREATE = """
            mutation CreateFulfillment($fulfillment: FulfillmentInput!) {
              fulfillmentCreate(fulfillment: $fulfillment) {
                fulfillment { id status }
                userErrors { field message }
              }
            }""";

    private final ShopifyAdminClient admin;

    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final ShopifyChannelProperties props;

    public ShopifyShipmentConfirmer(ShopifyAdminClient admin, ShopifyChannelProperties props) {
        this.props = props;
        this.admin = admin;
    }

    /** @return the ids of the parcel's fulfillments on Shopify (one per location) */
    public List<String> confirm(ShipmentNotice notice, String shop, String baseUrl, String apiVersion, String clientId) throws Exception {
        ShopifyAccessTokens.Credentials credentials = new ShopifyAccessTokens.Credentials(shop, baseUrl, props.accessToken(), clientId,
                props.clientSecret(), props.refreshToken());
        String endpoint = baseUrl + "/admin/api/" + apiVersion + "/graphql.json";
        JsonNode order = admin.graphql(credentials, endpoint, ORDER_QUERY, Map.of("id", notice.channelOrderId()), ORDER_QUERY_COST).path("data")
                .path("order");
        if (order.isMissingNode() || order.isNull()) {
            throw new ShopifyApiException("Shopify " + shop + " has no order " + notice.channelOrderId());
        }
        List<String> ids = new ArrayList<>();
        Set<String> doneAt = new LinkedHashSet<>();
        for (JsonNode f : order.path("fulfillments")) {
            for (JsonNode t : f.path("trackingInfo")) {
                if (notice.trackingNumber().equals(t.path("number").asText(null))) {
                    ids.add(f.path("id").asText());
                    doneAt.add(f.path("location").path("id").asText());
                }
            }
        }
        if (order.path("cancelledAt").isTextual()) {
            if (!ids.isEmpty()) {
                return ids; // confirmed before the order was cancelled
            }
            throw new OrderCancelledOnChannelException("Shopify " + shop + " cancelled " + notice.orderNumber() + " at "
                    + order.path("cancelledAt").asText());
        }
        Plan plan = plan(notice, order, doneAt);
        for (Map.Entry<String, List<Map<String, Object>>> location : plan.byLocation().entrySet()) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("lineItemsByFulfillmentOrder", location.getValue());
            Map<String, Object> tracking = new LinkedHashMap<>();
            tracking.put("company", notice.carrierName() != null ? notice.carrierName() : notice.carrierCode());
            tracking.put("number", notice.trackingNumber());
            if (notice.trackingUrl() != null) {
                tracking.put("url", notice.trackingUrl());
            }
            input.put("trackingInfo", tracking);
            input.put("notifyCustomer", true);
            JsonNode payload = admin.graphql(credentials, endpoint, CREATE, Map.of("fulfillment", input)).path("data").path("fulfillmentCreate");
            if (!payload.path("userErrors").isEmpty()) {
                boolean foreign = payload.path("userErrors").toString().contains("does not have access to the fulfillment order");
                throw new ShopifyApiException("Shopify " + shop + " refused the fulfillment of " + notice.orderNumber() + " at "
                        + location.getKey() + (foreign ? " (the location is fulfilled by another app, which confirms its own parcels;"
                        + " if this parcel did ship from here, confirm it by hand)" : "") + ": " + payload.path("userErrors"));
            }
            ids.add(payload.path("fulfillment").path("id").asText());
        }
        if (!plan.held().isEmpty()) {
            throw new ShopifyApiException("Shopify " + shop + " holds " + notice.orderNumber() + " (" + String.join("; ", plan.held())
                    + "): the held units are confirmed once the merchant releases the hold on Shopify"
                    + (ids.isEmpty() ? "" : "; the rest is confirmed (" + ids + ")"));
        }
        if (ids.isEmpty()) {
            throw new ShopifyApiException("Shopify " + shop + " has nothing of parcel " + notice.trackingNumber() + " left to fulfil on "
                    + notice.orderNumber());
        }
        return ids;
    }

    /**
     * @param byLocation the parcel's units taken from the open fulfillment order line items of each location not done
     *                   before: location id → {@code lineItemsByFulfillmentOrder}
     * @param held       the holds on fulfillment orders that keep units of the parcel no open one has
     */
    record Plan(Map<String, List<Map<String, Object>>> byLocation, List<String> held) {
    }

    static Plan plan(ShipmentNotice notice, JsonNode order, Set<String> doneAt) {
        Map<String, Integer> need = new LinkedHashMap<>();
        notice.lines().forEach(l -> need.merge(l.channelLineId(), l.units(), Integer::sum));
        Map<String, List<Map<String, Object>>> byLocation = new LinkedHashMap<>();
        List<JsonNode> onHold = new ArrayList<>();
        for (JsonNode fo : order.path("fulfillmentOrders").path("nodes")) {
            String status = fo.path("status").asText();
            if ("ON_HOLD".equals(status)) {
                onHold.add(fo);
            }
            if (!"OPEN".equals(status) && !"IN_PROGRESS".equals(status)) {
                continue;
            }
            String location = fo.path("assignedLocation").path("location").path("id").asText();
            List<Map<String, Object>> items = new ArrayList<>();
            for (JsonNode item : fo.path("lineItems").path("nodes")) {
                String lineId = item.path("lineItem").path("id").asText();
                int units = Math.min(need.getOrDefault(lineId, 0), item.path("remainingQuantity").asInt());
                if (units > 0) {
                    need.merge(lineId, -units, Integer::sum);
                    items.add(Map.of("id", item.path("id").asText(), "quantity", units));
                }
            }
            if (!items.isEmpty() && !doneAt.contains(location)) {
                byLocation.computeIfAbsent(location, k -> new ArrayList<>())
                        .add(Map.of("fulfillmentOrderId", fo.path("id").asText(), "fulfillmentOrderLineItems", items));
            }
        }
        List<String> held = new ArrayList<>();
        for (JsonNode fo : onHold) {
            boolean keepsUnits = false;
            for (JsonNode item : fo.path("lineItems").path("nodes")) {
                keepsUnits |= need.getOrDefault(item.path("lineItem").path("id").asText(), 0) > 0 && item.path("remainingQuantity").asInt() > 0;
            }
            if (keepsUnits) {
                List<String> reasons = new ArrayList<>();
                fo.path("fulfillmentHolds").forEach(h -> reasons.add(h.path("reason").asText()
                        + (h.path("reasonNotes").isTextual() && !h.path("reasonNotes").asText().isBlank() ? " \"" + h.path("reasonNotes").asText() + "\"" : "")));
                held.add("fulfillment order " + fo.path("id").asText() + " ON_HOLD: " + (reasons.isEmpty() ? "no reason given" : String.join(", ", reasons)));
            }
        }
        return new Plan(byLocation, held);
    }
}
