package io.kontor.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The canonical order, as published on {@code kontor.orders.v1}. Lossless: every source field that has no
 * canonical home is kept in {@code extensions}, and the channel's payload is kept whole in {@code raw}.
 * A newer {@code channelUpdatedAt} is a newer version of the same order.
 */
public record Order(int schemaVersion, String id, Channel channel, String channelAccount, String marketplaceId,
                    String channelOrderId, String orderNumber,
                    Instant createdAt, Instant channelUpdatedAt, Instant cancelledAt,
                    OrderStatus status, PaymentStatus paymentStatus, FulfillmentStatus fulfillmentStatus,
                    Map<String, String> rawStatuses, String fulfilledBy, String currency, String presentmentCurrency,
                    MoneySet subtotal, MoneySet shippingTotal, MoneySet taxTotal, MoneySet discountTotal,
                    MoneySet grandTotal, MoneySet refundedTotal,
                    Party buyer, Party shipTo, Party billTo,
                    List<OrderLine> lines, String sourceApiVersion, Map<String, JsonNode> extensions, JsonNode raw) {

    public static final int SCHEMA_VERSION = 1;

    public Order {
        rawStatuses = rawStatuses == null ? Map.of() : Map.copyOf(rawStatuses);
        lines = lines == null ? List.of() : List.copyOf(lines);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The hub's id of an order: stable for its natural key, so every version and every replay lands on one row. */
    public static String idFor(Channel channel, String channelAccount, String channelOrderId) {
        String key = channel + "|" + channelAccount + "|" + channelOrderId;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Kafka key: channel + channel order id, so all versions of an order stay in one partition, in order. */
    public String kafkaKey() {
        return channel + ":" + channelAccount + ":" + channelOrderId;
    }
}
