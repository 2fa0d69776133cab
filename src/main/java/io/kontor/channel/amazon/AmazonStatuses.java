package io.kontor.channel.amazon;

import io.kontor.model.FulfillmentStatus;
import io.kontor.model.OrderStatus;
import io.kontor.model.PaymentStatus;

/** Orders v0 OrderStatus (and v2026-01-01 FulfillmentStatus, by its v0 name) in the canonical vocabularies (channel-contracts.md §5.1). */
final class AmazonStatuses {

    private AmazonStatuses() {
    }

    /** A v2026-01-01 FulfillmentStatus under its v0 OrderStatus name: the two versions name the same states. */
    static String v0Name(String fulfillmentStatus) {
        return switch (fulfillmentStatus) {
            case "PENDING_AVAILABILITY" -> "PendingAvailability";
            case "PENDING" -> "Pending";
            case "UNSHIPPED" -> "Unshipped";
            case "PARTIALLY_SHIPPED" -> "PartiallyShipped";
            case "SHIPPED" -> "Shipped";
            case "CANCELLED" -> "Canceled";
            case "UNFULFILLABLE" -> "Unfulfillable";
            default -> throw new IllegalArgumentException("Unknown Amazon fulfillmentStatus '" + fulfillmentStatus + "'");
        };
    }

    static OrderStatus order(String raw) {
        return switch (raw) {
            case "Pending", "PendingAvailability" -> OrderStatus.PENDING_PAYMENT;
            case "Unshipped" -> OrderStatus.OPEN;
            case "PartiallyShipped" -> OrderStatus.PARTIALLY_SHIPPED;
            case "Shipped", "InvoiceUnconfirmed" -> OrderStatus.SHIPPED;
            case "Canceled" -> OrderStatus.CANCELLED;
            case "Unfulfillable" -> OrderStatus.UNFULFILLABLE;
            default -> throw new IllegalArgumentException("Unknown Amazon OrderStatus '" + raw + "'");
        };
    }

    /** Amazon authorises before an order leaves Pending and charges at shipment; a cancelled order is not charged. */
    static PaymentStatus payment(String raw) {
        return switch (raw) {
            case "Pending", "PendingAvailability" -> PaymentStatus.PENDING;
            case "Canceled" -> PaymentStatus.VOIDED;
            default -> PaymentStatus.PAID;
        };
    }

    static FulfillmentStatus fulfillment(String raw) {
        return switch (raw) {
            case "PartiallyShipped" -> FulfillmentStatus.PARTIALLY_FULFILLED;
            case "Shipped", "InvoiceUnconfirmed" -> FulfillmentStatus.FULFILLED;
            default -> FulfillmentStatus.UNFULFILLED;
        };
    }
}
