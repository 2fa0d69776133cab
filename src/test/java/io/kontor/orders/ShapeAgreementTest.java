package io.kontor.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.shopify.ShopifyGraphqlOrderMapper;
import io.kontor.channel.shopify.ShopifyOrdersQuery;
import io.kontor.channel.shopify.ShopifyRestOrderMapper;
import io.kontor.model.Order;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyRestShape;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A version polled through GraphQL and the same version delivered by a REST-shaped webhook map to the same
 * business content, so the hub stores it once: every order the sandbox generates, through its updates
 * (payment, edits, partial and full fulfilment, cancellation with refund), foreign presentment currencies.
 */
class ShapeAgreementTest {

    private static final String SHOP = "shape.myshopify.com";
    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
    private final VersionFingerprint fingerprint = new VersionFingerprint(json);

    @Test
    void graphqlAndRestShapesOfOneVersionHaveOneFingerprint() {
        SandboxShop shop = new SandboxShop();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, 31, clock);
        for (int i = 0; i < 150; i++) {
            generator.createOrder();
            clock.advance(Duration.ofSeconds(1));
            generator.updateRandomOrder();
            generator.updateRandomOrder();
        }
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties(SHOP, "t", 1e9, 1e9, 1_000_000, 200, 0, 0, 1),
                System::nanoTime);
        JsonNode nodes = json.valueToTree(api.execute("t", ShopifyOrdersQuery.ordersSince(20),
                Map.of("first", 250, "q", "updated_at:>='2026-01-01T00:00:00Z'"), null).body()).at("/data/orders/nodes");
        assertThat(nodes.size()).isEqualTo(150);
        int compared = 0;
        for (JsonNode node : nodes) {
            Order polled = new ShopifyGraphqlOrderMapper().map(node, SHOP, "2026-01");
            long id = Long.parseLong(node.get("id").asText().replaceAll("\\D", ""));
            JsonNode webhook = json.valueToTree(ShopifyRestShape.order(shop.get(id).orElseThrow()));
            Order delivered = new ShopifyRestOrderMapper().map(webhook, SHOP, "2026-01");
            assertThat(fingerprint.content(delivered)).as("order %s", polled.orderNumber()).isEqualTo(fingerprint.content(polled));
            compared++;
        }
        assertThat(compared).isEqualTo(150);
    }
}
