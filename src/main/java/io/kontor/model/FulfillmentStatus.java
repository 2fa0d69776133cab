package io.kontor.model;

public enum FulfillmentStatus {
    UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED, RESTOCKED, IN_PROGRESS, ON_HOLD
}
