package io.kontor.channel.shopify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The Shopify shop Kontor polls; routes/orders/shopify-orders.yaml hands these to the
 * shopify-orders-source kamelet.
 *
 * @param enabled       start the shopify-orders route
 * @param shopDomain    the shop's myshopify.com domain (the channel account of its orders)
 * @param baseUrl       where the Admin API lives, e.g. {@code https://my-shop.myshopify.com}
 * @param apiVersion    pinned Admin API version
 * @param accessToken   a custom app's non-expiring Admin API token, sent as X-Shopify-Access-Token (secret)
 * @param clientId      the app's client id (expiring offline tokens)
 * @param clientSecret  the app's client secret (secret); also the key of webhook signatures
 * @param previousClientSecret the secret before a rotation, still accepted on webhooks for the hour Shopify may
 *                      keep signing with it (secret)
 * @param refreshToken  the refresh token from the install; set it to use expiring offline tokens, which public
 *                      apps must from 1 January 2027 (secret)
 * @param pollInterval  milliseconds between polls
 * @param overlap       how far before the watermark each poll starts again
 * @param linesPerOrder line items fetched with each order in a page
 * @param bulkAfter     a poll whose window reaches back further than this reads it as one bulk operation (null: never)
 * @param bulkStatusInterval milliseconds between status queries while a bulk operation runs
 * @param bulkTimeout   a bulk operation still running after this is cancelled and the poll pages instead
 * @param bulkAbove     a poll that finds at least this many orders changed since the last poll read reads its window
 *                      as one bulk operation (0: never counts)
 * @param retryPause    milliseconds before a request answered with a server error or 429 goes again, doubled for each
 *                      such answer in a row (at most 30 s); after seven the poll gives up until the next
 */
@ConfigurationProperties("kontor.channels.shopify")
public record ShopifyChannelProperties(
        @DefaultValue("true") boolean enabled,
        String shopDomain,
        String baseUrl,
        @DefaultValue("2026-01") String apiVersion,
        String accessToken,
        String clientId,
        String clientSecret,
        String previousClientSecret,
        String refreshToken,
        @DefaultValue("5000") long pollInterval,
        @DefaultValue("PT5S") Duration overlap,
        @DefaultValue("10") int linesPerOrder,
        @DefaultValue("PT15M") Duration bulkAfter,
        @DefaultValue("2000") long bulkStatusInterval,
        @DefaultValue("PT30M") Duration bulkTimeout,
        @DefaultValue("1000") int bulkAbove,
        @DefaultValue("500") long retryPause) {

    @Override
    public String toString() {
        return "ShopifyChannelProperties[shopDomain=" + shopDomain + ", baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + "]";
    }
}
