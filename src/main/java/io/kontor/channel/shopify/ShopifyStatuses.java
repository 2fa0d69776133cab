package io.kontor.channel.shopify;

import io.kontor.model.FulfillmentStatus;
import io.kontor.model.OrderStatus;
import io.kontor.model.PaymentStatus;

import java.time.Instant;
import java.util.Locale;

/** Shopify's financial and fulfilment vocabularies (GraphQL enums and REST lowercase) to canonical statuses. */
final class ShopifyStatuses {

    private ShopifyStatuses() {
    }

    static PaymentStatus payment(String raw) {
        if (raw == null || raw.isBlank()) {
            return PaymentStatus.PENDING;
        }
        return switch (raw.trim().toUpperCase(Locale.ROOT)) {
            case "AUTHORIZED" -> PaymentStatus.AUTHORIZED;
            case "EXPIRED" -> PaymentStatus.EXPIRED;
            case "PAID" -> PaymentStatus.PAID;
            case "PARTIALLY_PAID" -> PaymentStatus.PARTIALLY_PAID;
            case "PARTIALLY_REFUNDED" -> PaymentStatus.PARTIALLY_REFUNDED;
            case "PENDING" -> PaymentStatus.PENDING;
            case "REFUNDED" -> PaymentStatus.REFUNDED;
            case "VOIDED" -> PaymentStatus.VOIDED;
            default -> throw new io.kontor.channel.MappingException("Unknown Shopify financial status '" + raw + "'");
        };
    }

    /** GraphQL displayFulfillmentStatus, or REST fulfillment_status (null, partial, fulfilled, restocked). */
    static FulfillmentStatus fulfillment(String raw) {
        if (raw == null || raw.isBlank()) {
            return FulfillmentStatus.UNFULFILLED;
        }
        return switch (raw.trim().toUpperCase(Locale.ROOT)) {
            case "PARTIALLY_FULFILLED", "PARTIAL" -> FulfillmentStatus.PARTIALLY_FULFILLED;
            case "FULFILLED" -> FulfillmentStatus.FULFILLED;
            case "RESTOCKED" -> FulfillmentStatus.RESTOCKED;
            case "IN_PROGRESS" -> FulfillmentStatus.IN_PROGRESS;
            case "ON_HOLD" -> FulfillmentStatus.ON_HOLD;
            // UNFULFILLED, PENDING_FULFILLMENT, OPEN, SCHEDULED, REQUEST_DECLINED: nothing has shipped yet
            default -> FulfillmentStatus.UNFULFILLED;
        };
    }

    /** channel-contracts.md §5: cancellation wins, then fulfilment, then the payment gate. */
    static OrderStatus order(Instant cancelledAt, PaymentStatus payment, FulfillmentStatus fulfillment) {
        if (cancelledAt != null) {
            return OrderStatus.CANCELLED;
        }
        return switch (fulfillment) {
            case PARTIALLY_FULFILLED -> OrderStatus.PARTIALLY_SHIPPED;
            case FULFILLED -> OrderStatus.SHIPPED;
            case ON_HOLD -> OrderStatus.ON_HOLD;
            default -> payment == PaymentStatus.PENDING ? OrderStatus.PENDING_PAYMENT : OrderStatus.OPEN;
        };
    }
}
