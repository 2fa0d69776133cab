package io.kontor.model;

/** One reason an order is held: a stable code (PAYMENT_NOT_CAPTURED, BACKORDER…) and a message for people. */
public record HoldReason(String code, String message) {
}
