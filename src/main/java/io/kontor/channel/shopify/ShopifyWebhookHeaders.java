package io.kontor.channel.shopify;

/** Message headers the Shopify webhook route reads (set by the controller from Shopify's delivery headers). */
public final class ShopifyWebhookHeaders {

    public static final String EVENT_ID = "kontorShopifyEventId";
    public static final String TOPIC = "kontorShopifyTopic";
    public static final String SHOP = "kontorShopifyShop";
    public static final String API_VERSION = "kontorShopifyApiVersion";
    public static final String TRIGGERED_AT = "kontorShopifyTriggeredAt";

    private ShopifyWebhookHeaders() {
    }
}
