package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.channel.MappingException;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.testing.Lossless;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Orders as the GraphQL Admin API returns them (from the emulator) map to consistent canonical orders. */
class ShopifyGraphqlOrderMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode nodes;
    private final ShopifyGraphqlOrderMapper mapper = new ShopifyGraphqlOrderMapper();

    @BeforeAll
    static void ordersFromTheEmulator() {
        SandboxShop shop = new SandboxShop();
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, 7, Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 120; i++) {
            generator.createOrder();
        }
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("t.myshopify.com", "tok", 1e9, 1e9, 1_000_000, 200, 0, 0, 1),
                System::nanoTime);
        ShopifyAdminApi.Response r = api.execute("tok", ShopifyOrdersQuery.ordersSince(20),
                Map.of("first", 120, "q", "updated_at:>='2026-11-01T00:00:00Z'"), null);
        nodes = JSON.valueToTree(r.body()).at("/data/orders/nodes");
    }

    @Test
    void totalsAddUpInBothCurrencies() {
        assertThat(nodes.size()).isEqualTo(120);
        for (JsonNode node : nodes) {
            Order order = mapper.map(node, "t.myshopify.com", "2026-01");
            MoneySet lines = order.lines().stream().map(OrderLine::lineTotal).reduce(MoneySet::plus).orElseThrow();
            assertThat(lines).isEqualTo(order.subtotal());
            MoneySet expected = order.subtotal().plus(order.taxTotal()).plus(order.shippingTotal());
            assertThat(order.grandTotal()).isEqualTo(expected);
            MoneySet lineTax = order.lines().stream().map(OrderLine::tax).filter(java.util.Objects::nonNull)
                    .reduce(MoneySet::plus).orElse(null);
            if (lineTax != null) {
                assertThat(lineTax).isEqualTo(order.taxTotal());
            }
            assertThat(order.currency()).isEqualTo("EUR");
            assertThat(order.grandTotal().presentment().currency().getCurrencyCode()).isEqualTo(order.presentmentCurrency());
            assertThat(order.status()).isIn(OrderStatus.OPEN, OrderStatus.PENDING_PAYMENT);
            assertThat(order.id()).isEqualTo(Order.idFor(order.channel(), "t.myshopify.com", node.get("id").asText()));
            assertThat(order.shipTo().address().countryCode()).hasSize(2);
        }
    }

    @Test
    void mappingIsLossless() {
        for (JsonNode node : nodes) {
            Lossless.assertLossless(node, mapper.mapTracked(node, "t.myshopify.com", "2026-01"), "lineItems.nodes");
        }
    }

    @Test
    void discountsAreTheDifferenceBetweenOriginalAndDiscountedPrices() {
        boolean sawDiscount = false;
        for (JsonNode node : nodes) {
            Order order = mapper.map(node, "t.myshopify.com", "2026-01");
            for (OrderLine line : order.lines()) {
                assertThat(line.lineSubtotal().settlement().minus(line.discount().settlement())).isEqualTo(line.lineTotal().settlement());
                sawDiscount |= !line.discount().settlement().isZero();
            }
        }
        assertThat(sawDiscount).as("the generator produces discounted orders").isTrue();
    }

    @Test
    void unicodeNamesAndAddressesSurvive() {
        boolean sawNonAscii = false;
        for (JsonNode node : nodes) {
            Order order = mapper.map(node, "t.myshopify.com", "2026-01");
            String text = order.shipTo().name() + order.shipTo().address().city();
            sawNonAscii |= !text.chars().allMatch(c -> c < 128);
            assertThat(order.shipTo().name()).isEqualTo(node.at("/shippingAddress/name").asText());
        }
        assertThat(sawNonAscii).isTrue();
    }

    @Test
    void badPayloadsFailWithAClearReason() {
        ObjectNode noTotal = nodes.get(0).deepCopy();
        noTotal.remove("totalPriceSet");
        assertThatThrownBy(() -> mapper.map(noTotal, "s", "v")).isInstanceOf(MappingException.class).hasMessageContaining("totalPriceSet");

        ObjectNode badAmount = nodes.get(0).deepCopy();
        ((ObjectNode) badAmount.at("/totalPriceSet/shopMoney")).put("amount", "12,50");
        assertThatThrownBy(() -> mapper.map(badAmount, "s", "v")).isInstanceOf(MappingException.class).hasMessageContaining("12,50");

        ObjectNode badCurrency = nodes.get(0).deepCopy();
        ((ObjectNode) badCurrency.at("/totalPriceSet/shopMoney")).put("currencyCode", "EURO");
        assertThatThrownBy(() -> mapper.map(badCurrency, "s", "v")).isInstanceOf(MappingException.class);

        ObjectNode noUpdatedAt = nodes.get(0).deepCopy();
        noUpdatedAt.remove("updatedAt");
        assertThatThrownBy(() -> mapper.map(noUpdatedAt, "s", "v")).isInstanceOf(MappingException.class).hasMessageContaining("updatedAt");

        assertThatThrownBy(() -> mapper.map(JSON.createArrayNode(), "s", "v")).isInstanceOf(MappingException.class);
        assertThat(Money.of("1.00", "EUR")).isNotNull();
    }
}
