package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.model.Channel;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Money;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.PaymentStatus;
import io.kontor.orders.OrderValidator;
import io.kontor.sandbox.amazon.AmazonTrafficGenerator;
import io.kontor.sandbox.amazon.SandboxAmazonSeller;
import io.kontor.testing.Corpus;
import io.kontor.testing.Lossless;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Orders v0 to canonical: the sandbox examples of Amazon's own model file, and the sandbox seller's traffic. */
class AmazonOrderMapperTest {

    private static final String ORDERS_MODEL = "channels/sp-api-models/models/orders-api-model/ordersV0.json";
    private final ObjectMapper json = new ObjectMapper();
    private final AmazonOrderMapper mapper = new AmazonOrderMapper();

    @Test
    void everyOrderExampleOfTheOfficialModelMapsWithoutLoss() throws IOException {
        JsonNode model = json.readTree(Corpus.file(ORDERS_MODEL).toFile());
        Map<String, JsonNode> itemsByOrder = new HashMap<>();
        for (JsonNode example : examples(model, "/orders/v0/orders/{orderId}/orderItems")) {
            itemsByOrder.put(example.at("/payload/AmazonOrderId").asText(), example.at("/payload/OrderItems"));
        }
        List<JsonNode> orders = new ArrayList<>();
        examples(model, "/orders/v0/orders").forEach(e -> e.at("/payload/Orders").forEach(orders::add));
        examples(model, "/orders/v0/orders/{orderId}").forEach(e -> orders.add(e.get("payload")));
        assertThat(orders).hasSizeGreaterThanOrEqualTo(5);

        Map<String, Order> mapped = new HashMap<>();
        for (JsonNode raw : orders) {
            ObjectNode complete = raw.deepCopy();
            complete.set(AmazonOrderMapper.ITEMS_FIELD, itemsByOrder.getOrDefault(raw.get("AmazonOrderId").asText(), json.createArrayNode()));
            MappedOrder m = mapper.mapTracked(complete, "A2SELLER");
            OrderValidator.validate(m.order());
            Lossless.assertLossless(complete, m, AmazonOrderMapper.ITEMS_FIELD);
            assertThat(m.order().raw()).isEqualTo(complete);
            mapped.put(m.order().channelOrderId(), m.order());
        }

        Order unshipped = mapped.get("902-1845936-5435065");
        assertThat(unshipped.channel()).isEqualTo(AmazonChannel.AMAZON);
        assertThat(unshipped.channelAccount()).isEqualTo("A2SELLER");
        assertThat(unshipped.marketplaceId()).isEqualTo("ATVPDKIKX0DER");
        assertThat(unshipped.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(unshipped.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(unshipped.fulfilledBy()).isEqualTo("MERCHANT");
        assertThat(unshipped.grandTotal().settlement()).isEqualTo(Money.of("11.01", "USD"));
        assertThat(unshipped.createdAt()).isEqualTo(Instant.parse("1970-01-19T03:58:30Z"));
        OrderLine line = unshipped.lines().get(0);
        assertThat(line.channelLineId()).isEqualTo("05015851154158");
        assertThat(line.sku()).isEqualTo("NABetaASINB00551Q3CS");
        assertThat(line.productRefs()).containsEntry("asin", "B00551Q3CS");
        assertThat(line.unitPrice().settlement()).isEqualTo(Money.of("10.00", "USD"));
        assertThat(line.tax().settlement()).isEqualTo(Money.of("1.01", "USD"));
        assertThat(line.extensions()).containsKeys("BuyerRequestedCancel", "DeemedResellerCategory");
        assertThat(unshipped.subtotal().settlement()).isEqualTo(Money.of("10.00", "USD"));
        assertThat(unshipped.taxTotal().settlement()).isEqualTo(Money.of("1.01", "USD"));

        // Pending: payment not authorised, no prices, no address
        Order pending = mapped.get("902-3159896-1390916");
        assertThat(pending.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(pending.paymentStatus()).isEqualTo(PaymentStatus.PENDING);
        assertThat(pending.grandTotal()).isNull();
        assertThat(pending.currency()).isEqualTo("USD"); // from the marketplace
        assertThat(pending.extensions()).containsKey("EasyShipShipmentStatus");

        Order shipped = mapped.get("921-3175655-0452641");
        assertThat(shipped.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.fulfillmentStatus()).isEqualTo(FulfillmentStatus.FULFILLED);
    }

    @Test
    void sandboxOrdersAddUpAndKeepEveryField() {
        SandboxAmazonSeller seller = new SandboxAmazonSeller("A2SELLER");
        AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, 7, Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(generator.createOrder(Duration.ofSeconds(300 - i)));
        }
        int pending = 0;
        int afn = 0;
        int manyLines = 0;
        for (String id : ids) {
            SandboxAmazonSeller.StoredOrder stored = seller.get(id).orElseThrow();
            ObjectNode raw = json.valueToTree(stored.order());
            ArrayNode items = json.valueToTree(stored.items());
            items.forEach(i -> ((ObjectNode) i).remove(List.of("_unit", "_promoted")));
            raw.set(AmazonOrderMapper.ITEMS_FIELD, items);
            MappedOrder m = mapper.mapTracked(raw, "A2SELLER");
            Order o = m.order();
            OrderValidator.validate(o);
            Lossless.assertLossless(raw, m, AmazonOrderMapper.ITEMS_FIELD);
            if (o.status() == OrderStatus.PENDING_PAYMENT) {
                pending++;
                assertThat(o.grandTotal()).isNull();
                assertThat(o.lines()).allSatisfy(l -> assertThat(l.unitPrice()).isNull());
                continue;
            }
            if ("MARKETPLACE".equals(o.fulfilledBy())) {
                afn++;
            }
            if (o.lines().size() > 20) {
                manyLines++;
            }
            // on EU marketplaces the total is the gross items plus shipping, less promotions
            Money expected = o.subtotal().settlement().plus(o.shippingTotal().settlement()).minus(o.discountTotal().settlement());
            assertThat(o.grandTotal().settlement()).as(id).isEqualTo(expected);
            assertThat(o.buyer().email()).endsWith("@marketplace.amazon." + ("GBP".equals(o.currency()) ? "co.uk" : o.buyer().email().substring(o.buyer().email().lastIndexOf('.') + 1)));
            assertThat(o.shipTo().piiRedacted()).isFalse();
            for (OrderLine l : o.lines()) {
                assertThat(l.unitPrice().settlement().times(l.qtyOrdered())).isEqualTo(l.lineSubtotal().settlement());
            }
        }
        assertThat(pending).as("pending orders").isBetween(20, 90);
        assertThat(afn).as("orders fulfilled by Amazon").isPositive();
        assertThat(manyLines).as("business orders with many lines").isPositive();
    }

    @Test
    void anAddressWithoutARestrictedDataTokenIsMarkedRedacted() throws IOException {
        JsonNode raw = json.readTree("""
                {"AmazonOrderId":"302-1111111-2222222","PurchaseDate":"2026-11-27T09:00:00Z","LastUpdateDate":"2026-11-27T09:05:00Z",
                 "OrderStatus":"Unshipped","FulfillmentChannel":"MFN","MarketplaceId":"A1PNLWAPXEIFHG",
                 "OrderTotal":{"CurrencyCode":"EUR","Amount":"29.90"},
                 "ShippingAddress":{"City":"Hamburg","StateOrRegion":"Hamburg","PostalCode":"20095","CountryCode":"DE"},
                 "OrderItems":[{"ASIN":"B0TEST0001","OrderItemId":"1","SellerSKU":"TS-BLK-M","QuantityOrdered":1,
                   "ItemPrice":{"CurrencyCode":"EUR","Amount":"29.90"}}]}""");
        Order o = mapper.map(raw, "A2SELLER");
        assertThat(o.shipTo().piiRedacted()).isTrue();
        assertThat(o.shipTo().address().lines()).isEmpty();
        assertThat(o.shipTo().address().postalCode()).isEqualTo("20095");
        assertThat(o.buyer().piiRedacted()).isTrue();
    }

    @Test
    void refusesOrdersItCannotMapFaithfully() throws IOException {
        JsonNode withoutItems = json.readTree("""
                {"AmazonOrderId":"302-1","PurchaseDate":"2026-11-27T09:00:00Z","LastUpdateDate":"2026-11-27T09:05:00Z","OrderStatus":"Unshipped"}""");
        assertThatThrownBy(() -> mapper.map(withoutItems, "S")).isInstanceOf(MappingException.class).hasMessageContaining("OrderItems");
        JsonNode unknownStatus = ((ObjectNode) withoutItems.deepCopy()).put("OrderStatus", "Lost").set("OrderItems", json.createArrayNode());
        assertThatThrownBy(() -> mapper.map(unknownStatus, "S")).isInstanceOf(MappingException.class).hasMessageContaining("Lost");
        JsonNode mixedCurrency = json.readTree("""
                {"AmazonOrderId":"302-2","LastUpdateDate":"2026-11-27T09:05:00Z","OrderStatus":"Unshipped",
                 "OrderTotal":{"CurrencyCode":"EUR","Amount":"10.00"},
                 "OrderItems":[{"ASIN":"B","OrderItemId":"1","QuantityOrdered":1,"ItemPrice":{"CurrencyCode":"GBP","Amount":"10.00"}}]}""");
        assertThatThrownBy(() -> mapper.map(mixedCurrency, "S")).isInstanceOf(MappingException.class).hasMessageContaining("GBP");
        JsonNode tooPrecise = json.readTree("""
                {"AmazonOrderId":"302-3","LastUpdateDate":"2026-11-27T09:05:00Z","OrderStatus":"Unshipped",
                 "OrderTotal":{"CurrencyCode":"JPY","Amount":"10.5"},"OrderItems":[]}""");
        assertThatThrownBy(() -> mapper.map(tooPrecise, "S")).isInstanceOf(MappingException.class).hasMessageContaining("JPY");
    }

    private static List<JsonNode> examples(JsonNode model, String path) {
        List<JsonNode> out = new ArrayList<>();
        model.path("paths").path(path).path("get").path("responses").path("200").path("x-amzn-api-sandbox").path("static")
                .forEach(e -> out.add(e.get("response")));
        return out;
    }
}
