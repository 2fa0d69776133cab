package io.kontor.sandbox.amazon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The sandbox Amazon seller account (SP-API emulator) and Kontor's app authorised on it.
 *
 * @param sellerId              the emulated seller (merchant token)
 * @param clientId              the LWA client id of Kontor's app
 * @param clientSecret          the LWA client secret (secret)
 * @param refreshToken          the refresh token the seller's authorisation handed over (secret)
 * @param accessTokenLifetime   LWA access token and Restricted Data Token lifetime (Amazon: one hour)
 * @param restrictedRolesGranted whether the app holds the roles for buyer data and shipping addresses (RDT)
 * @param rateScale             multiplies the documented per-operation rates (a seller's usage plan)
 * @param ordersPerSecond       new marketplace orders per second (0 stops the generator)
 * @param updatesPerOrder       average later changes per order (payment, shipment, cancellation)
 * @param backlogOrders         orders placed during the hour before the sandbox started, there on the first poll
 * @param seed                  random seed, so a run's traffic can be reproduced
 */
@ConfigurationProperties("kontor.sandbox.amazon")
public record SandboxAmazonProperties(
        @DefaultValue("A2KONTORSANDBOX1") String sellerId,
        @DefaultValue("amzn1.application-oa2-client.kontorsandbox") String clientId,
        @DefaultValue("amzn1.oa2-cs.v1.sandboxsecret") String clientSecret,
        @DefaultValue("Atzr|kontor-sandbox-refresh") String refreshToken,
        @DefaultValue("PT1H") Duration accessTokenLifetime,
        @DefaultValue("true") boolean restrictedRolesGranted,
        @DefaultValue("1.0") double rateScale,
        @DefaultValue("0.2") double ordersPerSecond,
        @DefaultValue("1.5") double updatesPerOrder,
        @DefaultValue("12") int backlogOrders,
        @DefaultValue("20261127") long seed) {

    @Override
    public String toString() {
        return "SandboxAmazonProperties[sellerId=" + sellerId + ", clientId=" + clientId + ", rateScale=" + rateScale + "]";
    }
}
