package io.kontor.channel.woocommerce;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * A WooCommerce store ({@code kontor.channels.woocommerce}); defaults in {@code woocommerce-defaults.properties} beside
 * this class.
 *
 * @param storeUrl       the site's address, e.g. {@code https://shop.example.com} (the REST API lives under
 *                       {@code /wp-json}); also the channel account of every order
 * @param consumerKey    REST API key ({@code ck_…}) with read/write access, sent over HTTPS with Basic auth
 * @param consumerSecret its secret ({@code cs_…})
 * @param webhookSecret  the secret of the store's {@code order.created} and {@code order.updated} webhooks
 * @param tracking       {@code notes}: tracking as a customer note and the order completed; {@code shipment-tracking}:
 *                       the Shipment Tracking extension's items as well
 */
@ConfigurationProperties("kontor.channels.woocommerce")
public record WooCommerceProperties(boolean enabled, String storeUrl, String consumerKey, String consumerSecret, String webhookSecret,
                                    long pollInterval, Duration overlap, Duration initialLookback, int pageSize, String tracking) {

    public WooCommerceProperties {
        pageSize = Math.max(1, Math.min(100, pageSize == 0 ? 100 : pageSize));
        tracking = tracking == null || tracking.isBlank() ? "notes" : tracking;
        overlap = overlap == null ? Duration.ofMinutes(2) : overlap;
        initialLookback = initialLookback == null ? Duration.ofDays(7) : initialLookback;
    }

    /** The store as the channel account: its address. */
    public String account() {
        return storeUrl;
    }

    boolean shipmentTrackingExtension() {
        return "shipment-tracking".equals(tracking);
    }

    @Override
    public String toString() {
        return "WooCommerceProperties[enabled=" + enabled + ", storeUrl=" + storeUrl + ", tracking=" + tracking + "]";
    }
}
