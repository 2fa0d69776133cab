package io.kontor.channel.shopify;

import io.kontor.channel.MappedOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Channel;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Money;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.PaymentStatus;
import io.kontor.testing.Corpus;
import io.kontor.testing.Lossless;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Shopify order fixture of shopify_python_api (REST-shaped, as webhooks deliver) maps without loss. */
class ShopifyRestOrderMapperCorpusTest {

    private static final String FIXTURES = "channels/shopify-python-api/test/fixtures/";
    private final ObjectMapper json = new ObjectMapper();
    private final ShopifyRestOrderMapper mapper = new ShopifyRestOrderMapper();

    @Test
    void singleOrderFixtureMapsEveryField() throws IOException {
        JsonNode raw = json.readTree(Corpus.file(FIXTURES + "order.json").toFile()).get("order");
        MappedOrder mapped = mapper.mapTracked(raw, "test-shop.myshopify.com", "2026-01");
        Order order = mapped.order();

        assertThat(order.channel()).isEqualTo(ShopifyChannel.SHOPIFY);
        assertThat(order.channelOrderId()).isEqualTo("gid://shopify/Order/450789469");
        assertThat(order.orderNumber()).isEqualTo("#1001");
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2008-01-10T16:00:00Z"));
        assertThat(order.paymentStatus()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(order.fulfillmentStatus()).isEqualTo(FulfillmentStatus.UNFULFILLED);
        assertThat(order.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(order.grandTotal().settlement()).isEqualTo(Money.of("409.94", "USD"));
        assertThat(order.taxTotal().settlement()).isEqualTo(Money.of("11.94", "USD"));
        assertThat(order.subtotal().settlement()).isEqualTo(Money.of("398.00", "USD"));
        assertThat(order.lines()).hasSize(raw.get("line_items").size());
        OrderLine first = order.lines().get(0);
        assertThat(first.sku()).isEqualTo("IPOD2008GREEN");
        assertThat(first.unitPrice().settlement()).isEqualTo(Money.of("199.00", "USD"));
        assertThat(first.productRefs()).containsEntry("variantId", "39072856");
        assertThat(order.shipTo().address().countryCode()).isEqualTo("US");
        assertThat(order.shipTo().address().postalCode()).isEqualTo("40202");
        assertThat(order.buyer().email()).isEqualTo("bob.norman@hostmail.com");
        // unmapped fields are kept, not dropped
        assertThat(order.extensions()).containsKeys("note_attributes", "discount_codes", "tax_lines", "shipping_lines",
                "shipping_address.latitude");
        assertThat(order.raw()).isEqualTo(raw);
        Lossless.assertLossless(raw, mapped, "line_items");
    }

    @Test
    void ordersListFixtureMapsWithShopAndPresentmentMoney() throws IOException {
        JsonNode orders = json.readTree(Corpus.file(FIXTURES + "orders.json").toFile()).get("orders");
        assertThat(orders.size()).isPositive();
        for (JsonNode raw : orders) {
            MappedOrder mapped = mapper.mapTracked(raw, "test-shop.myshopify.com", "2026-01");
            Order order = mapped.order();
            assertThat(order.channelOrderId()).isEqualTo(raw.get("admin_graphql_api_id").asText());
            assertThat(order.grandTotal().settlement().amount()).isEqualByComparingTo(raw.at("/total_price_set/shop_money/amount").asText());
            assertThat(order.grandTotal().presentment().currency().getCurrencyCode())
                    .isEqualTo(raw.at("/total_price_set/presentment_money/currency_code").asText());
            assertThat(order.presentmentCurrency()).isEqualTo(raw.get("presentment_currency").asText());
            Lossless.assertLossless(raw, mapped, "line_items");
        }
    }
}
