package io.kontor.channel.amazon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The Amazon seller account Kontor polls; routes/orders/amazon-orders.yaml hands these to the
 * amazon-orders-source kamelet.
 *
 * @param enabled          start the amazon-orders route
 * @param sellerId         the seller (merchant token): the channel account of its orders
 * @param marketplaceIds   comma-separated marketplace ids to read orders from (at most 50)
 * @param baseUrl          the regional SP-API endpoint, e.g. {@code https://sellingpartnerapi-eu.amazon.com}
 * @param tokenUrl         the LWA token endpoint, e.g. {@code https://api.amazon.com/auth/o2/token}
 * @param clientId         the app's LWA client id
 * @param clientSecret     the app's LWA client secret (secret)
 * @param refreshToken     the refresh token of the seller's authorisation (secret)
 * @param restrictedData   fetch buyer data and full shipping addresses with a Restricted Data Token (the app needs the
 *                         roles); off or refused, orders arrive with the public address parts only and are marked so
 * @param pollInterval     milliseconds between polls (getOrders refills one request a minute, burst 20)
 * @param overlap          how far before the watermark each poll starts again (Amazon's data settles late)
 * @param initialLookback  how far back the very first poll reads
 * @param pageSize         MaxResultsPerPage, 1–100
 * @param ordersApiVersion the Orders API to poll: {@code v0} (getOrders + getOrderItems) or {@code 2026-01-01} (searchOrders)
 */
@ConfigurationProperties("kontor.channels.amazon")
public record AmazonChannelProperties(
        @DefaultValue("true") boolean enabled,
        String sellerId,
        String marketplaceIds,
        String baseUrl,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String refreshToken,
        @DefaultValue("true") boolean restrictedData,
        @DefaultValue("60000") long pollInterval,
        @DefaultValue("PT5M") Duration overlap,
        @DefaultValue("P7D") Duration initialLookback,
        @DefaultValue("100") int pageSize,
        @DefaultValue("2026-01-01") String ordersApiVersion) {

    /** The seller's account as a route names it, with the app's secret and the seller's refresh token from here. */
    public io.kontor.channel.SellerAccount account(String sellerId, String baseUrl, String tokenUrl, String clientId) {
        return new io.kontor.channel.SellerAccount(sellerId, baseUrl, tokenUrl, clientId, clientSecret, refreshToken);
    }

    @Override
    public String toString() {
        return "AmazonChannelProperties[sellerId=" + sellerId + ", marketplaceIds=" + marketplaceIds + ", baseUrl=" + baseUrl + "]";
    }
}
