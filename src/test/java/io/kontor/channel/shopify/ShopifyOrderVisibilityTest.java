package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether the app sees all of a shop's orders, asked of the emulated shop's access scopes (once per shop). */
class ShopifyOrderVisibilityTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAppWithoutReadAllOrdersIsToldSoAndTheAnswerIsKept() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(10_000, 1_000); CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            ShopifyAccessTokens tokens = new ShopifyAccessTokens(null, null, null, null, json, meters);
            ShopifyGraphqlCalls calls = new ShopifyGraphqlCalls(json, camel.createProducerTemplate(), tokens,
                    new ShopifyRetryPolicy(meters, tokens));

            assertThat(new ShopifyOrderVisibility(json, calls).seesAllOrders(poll(emulator))).isTrue();

            emulator.grantScopes(List.of("read_orders", "write_merchant_managed_fulfillment_orders"));
            ShopifyOrderVisibility visibility = new ShopifyOrderVisibility(json, calls);
            assertThat(visibility.seesAllOrders(poll(emulator))).isFalse();
            int asked = emulator.requests.get();
            assertThat(visibility.seesAllOrders(poll(emulator))).isFalse();
            assertThat(emulator.requests.get()).as("asked once per shop").isEqualTo(asked);
        }
    }

    private static ShopifyPollState poll(ShopifyEmulatorServer emulator) {
        ShopifyAccessTokens.Credentials credentials = new ShopifyAccessTokens.Credentials(ShopifyEmulatorServer.SHOP, emulator.baseUrl(),
                ShopifyEmulatorServer.TOKEN, null, null, null);
        return new ShopifyPollState(credentials, emulator.baseUrl() + "/admin/api/2026-01/graphql.json", 10, 50, "", Duration.ofSeconds(5),
                Instant.now(), false, 100, Duration.ofMinutes(30), 0, Instant.now(), 100);
    }
}
