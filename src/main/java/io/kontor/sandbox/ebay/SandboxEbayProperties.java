package io.kontor.sandbox.ebay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox eBay seller (Sell Fulfillment API emulator) and Kontor's app authorised on it.
 *
 * @param sellerId       the seller's eBay user id: the channel account of its orders
 * @param clientId       the app's client id (App ID)
 * @param clientSecret   the app's client secret (Cert ID) (secret)
 * @param refreshToken   the user refresh token from the seller's consent (secret)
 * @param dailyCallLimit Fulfillment API calls the app may make per day
 * @param ordersPerSecond new orders per second (0 stops the generator)
 * @param updatesPerOrder average later changes per order
 * @param backlogOrders  orders paid in the hour before the sandbox started
 * @param seed           random seed, so a run's traffic can be reproduced
 */
@ConfigurationProperties("kontor.sandbox.ebay")
public record SandboxEbayProperties(
        @DefaultValue("kontor_sandbox_store") String sellerId,
        @DefaultValue("KontorSa-Kontor-SBX-5c0ffee00-1a2b3c4d") String clientId,
        @DefaultValue("SBX-5c0ffee00sandbox") String clientSecret,
        @DefaultValue("v^1.1#i^1#r^1#kontor-sandbox-refresh") String refreshToken,
        @DefaultValue("100000") int dailyCallLimit,
        @DefaultValue("0.15") double ordersPerSecond,
        @DefaultValue("1.5") double updatesPerOrder,
        @DefaultValue("10") int backlogOrders,
        @DefaultValue("20261128") long seed) {

    @Override
    public String toString() {
        return "SandboxEbayProperties[sellerId=" + sellerId + ", clientId=" + clientId + "]";
    }
}
