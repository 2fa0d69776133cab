package io.kontor.sandbox.shopify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox Shopify shop (GraphQL Admin API emulator) and the traffic generator feeding it.
 *
 * @param shopDomain        the emulated shop, e.g. {@code kontor-sandbox.myshopify.com}
 * @param accessToken       the only X-Shopify-Access-Token the emulator accepts (secret)
 * @param bucketSize        leaky bucket size in cost points ({@code throttleStatus.maximumAvailable})
 * @param restoreRate       points restored per second (Standard plan 100, Advanced 200, Plus 1000)
 * @param maxQueryCost      a single query above this requested cost is rejected outright (Shopify: 1000)
 * @param throttledStatus   HTTP status of a THROTTLED answer: Shopify clients mostly see 200, some 429
 * @param ordersPerSecond   new orders the generator creates per second (0 stops it)
 * @param updatesPerOrder   average later updates per order (payment, fulfilment, edits, cancellations)
 * @param seed              random seed, so a run's traffic can be reproduced
 */
@ConfigurationProperties("kontor.sandbox.shopify")
public record ShopifyEmulatorProperties(
        @DefaultValue("kontor-sandbox.myshopify.com") String shopDomain,
        @DefaultValue("shpat_sandbox_0000000000000000") String accessToken,
        @DefaultValue("1000") double bucketSize,
        @DefaultValue("100") double restoreRate,
        @DefaultValue("1000") int maxQueryCost,
        @DefaultValue("200") int throttledStatus,
        @DefaultValue("2") double ordersPerSecond,
        @DefaultValue("1.5") double updatesPerOrder,
        @DefaultValue("20261126") long seed) {
}
