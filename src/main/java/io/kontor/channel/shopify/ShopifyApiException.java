package io.kontor.channel.shopify;

/** Shopify answered with GraphQL errors that retrying will not fix (bad query, cost limit, access denied). */
public class ShopifyApiException extends RuntimeException {
    public ShopifyApiException(String message) {
        super(message);
    }
}
