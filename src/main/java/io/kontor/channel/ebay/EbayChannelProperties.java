package io.kontor.channel.ebay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The eBay seller Kontor polls; routes/orders/ebay-orders.yaml hands these to the ebay-orders-source kamelet.
 *
 * @param enabled         start the ebay-orders route
 * @param sellerId        the seller's eBay user id: the channel account of its orders
 * @param baseUrl         the API host, {@code https://api.ebay.com} (sandbox: {@code https://api.sandbox.ebay.com})
 * @param tokenUrl        the OAuth token endpoint, {@code https://api.ebay.com/identity/v1/oauth2/token}
 * @param clientId        the app's client id (App ID)
 * @param clientSecret    the app's client secret (Cert ID) (secret)
 * @param refreshToken    the user refresh token from the seller's consent, valid about 18 months (secret)
 * @param pollInterval    milliseconds between polls
 * @param overlap         how far before the last poll's start each poll reads again
 * @param initialLookback how far back the very first poll reads (at most 90 days: eBay's filter window)
 * @param pageSize        orders per page, 1–200
 */
@ConfigurationProperties("kontor.channels.ebay")
public record EbayChannelProperties(
        @DefaultValue("true") boolean enabled,
        String sellerId,
        String baseUrl,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String refreshToken,
        @DefaultValue("60000") long pollInterval,
        @DefaultValue("PT2M") Duration overlap,
        @DefaultValue("P7D") Duration initialLookback,
        @DefaultValue("200") int pageSize) {

    /** The seller's account as a route names it, with the app's secret and the seller's refresh token from here. */
    public io.kontor.channel.SellerAccount account(String sellerId, String baseUrl, String tokenUrl, String clientId) {
        return new io.kontor.channel.SellerAccount(sellerId, baseUrl, tokenUrl, clientId, clientSecret, refreshToken);
    }

    @Override
    public String toString() {
        return "EbayChannelProperties[sellerId=" + sellerId + ", baseUrl=" + baseUrl + "]";
    }
}
