package io.kontor.shipping.spi;

/**
 * A channel takes no tracking for an order cancelled there: thrown by a shipment sink that finds the order cancelled
 * on its channel after the parcel shipped. The parcel is not tried again; it needs a return or a refund.
 */
public class OrderCancelledOnChannelException extends RuntimeException {

    public OrderCancelledOnChannelException(String message) {
        super(message);
    }
}
