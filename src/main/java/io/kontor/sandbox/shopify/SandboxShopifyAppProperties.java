package io.kontor.sandbox.shopify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Kontor as a public app installed in the sandbox shop: the credentials its token endpoint knows.
 *
 * @param clientId            the app's client id
 * @param clientSecret        the app's client secret (secret)
 * @param installRefreshToken the refresh token the install handed over; the first refresh starts from it (secret)
 * @param accessTokenLifetime lifetime of an expiring access token (Shopify: one hour)
 * @param webhookUrl          where the shop delivers order webhooks (the app's subscription); empty: none
 * @param duplicateDeliveryRate share of webhook events delivered twice, as Shopify's at-least-once delivery does
 */
@ConfigurationProperties("kontor.sandbox.shopify.app")
public record SandboxShopifyAppProperties(
        @DefaultValue("kontor-sandbox-app") String clientId,
        @DefaultValue("shpss_sandbox_secret") String clientSecret,
        @DefaultValue("shprt_sandbox_install") String installRefreshToken,
        @DefaultValue("PT1H") Duration accessTokenLifetime,
        String webhookUrl,
        @DefaultValue("0.02") double duplicateDeliveryRate) {

    @Override
    public String toString() {
        return "SandboxShopifyAppProperties[clientId=" + clientId + ", accessTokenLifetime=" + accessTokenLifetime
                + ", webhookUrl=" + webhookUrl + "]";
    }
}
