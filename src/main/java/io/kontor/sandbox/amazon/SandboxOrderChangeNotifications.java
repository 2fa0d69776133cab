package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Amazon's Notifications API for the sandbox seller: every order change becomes an ORDER_CHANGE notification (the
 * envelope of schemas/notifications/OrderChangeNotification.json, NotificationVersion 1.0) on the seller's SQS
 * queue. Like SQS itself, now and then one is delivered twice under the same NotificationId.
 */
public final class SandboxOrderChangeNotifications {

    private final SandboxSqsQueue queue;
    private final String applicationId;
    private final double duplicateRate;
    private final Clock clock;
    private final Random random = new Random(3);
    private final ObjectMapper json = new ObjectMapper();

    public SandboxOrderChangeNotifications(SandboxSqsQueue queue, String applicationId, double duplicateRate, Clock clock) {
        this.queue = queue;
        this.applicationId = applicationId;
        this.duplicateRate = duplicateRate;
        this.clock = clock;
    }

    public void changed(String sellerId, SandboxAmazonSeller.StoredOrder order) {
        String body;
        try {
            body = json.writeValueAsString(envelope(sellerId, order));
        } catch (Exception e) {
            throw new IllegalStateException("notification cannot be written", e);
        }
        queue.send(body);
        if (random.nextDouble() < duplicateRate) {
            queue.send(body);
        }
    }

    Map<String, Object> envelope(String sellerId, SandboxAmazonSeller.StoredOrder stored) {
        Map<String, Object> o = stored.order();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> i : stored.items()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("OrderItemId", i.get("OrderItemId"));
            item.put("SupplySourceId", "");
            // an item is Unshipped or Shipped (the schema's only two values), whatever the order's status
            item.put("OrderItemStatus", ((Number) i.get("QuantityShipped")).intValue() >= ((Number) i.get("QuantityOrdered")).intValue()
                    ? "Shipped" : "Unshipped");
            item.put("SellerSKU", i.get("SellerSKU"));
            item.put("Quantity", i.get("QuantityOrdered"));
            item.put("QuantityShipped", i.get("QuantityShipped"));
            items.add(item);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("MarketplaceId", o.get("MarketplaceId"));
        summary.put("OrderStatus", o.get("OrderStatus"));
        summary.put("PurchaseDate", o.get("PurchaseDate"));
        Object address = o.get("ShippingAddress");
        summary.put("DestinationPostalCode", address instanceof Map<?, ?> a && a.get("PostalCode") != null ? a.get("PostalCode") : "");
        summary.put("FulfillmentType", o.get("FulfillmentChannel"));
        summary.put("OrderType", o.getOrDefault("OrderType", "StandardOrder"));
        summary.put("OrderItems", items);
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("NotificationLevel", "OrderLevel");
        change.put("SellerId", sellerId);
        change.put("AmazonOrderId", stored.id());
        change.put("OrderChangeType", "OrderStatusChange");
        change.put("OrderChangeTrigger", Map.of("TimeOfOrderChange", o.get("LastUpdateDate"), "ChangeReason", "OrderStatusChange"));
        change.put("Summary", summary);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("NotificationVersion", "1.0");
        envelope.put("NotificationType", "ORDER_CHANGE");
        envelope.put("PayloadVersion", "1.0");
        envelope.put("EventTime", clock.instant().toString());
        envelope.put("Payload", Map.of("OrderChangeNotification", change));
        envelope.put("NotificationMetadata", Map.of("ApplicationId", applicationId, "SubscriptionId", "sandbox-subscription-order-change",
                "PublishTime", clock.instant().toString(), "NotificationId", UUID.randomUUID().toString()));
        return envelope;
    }
}
