package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.channel.MappingException;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.sandbox.amazon.AmazonTrafficGenerator;
import io.kontor.sandbox.amazon.SandboxAmazonSeller;
import io.kontor.sandbox.amazon.SandboxLoginWithAmazon;
import io.kontor.sandbox.amazon.SellingPartnerApi;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same seller's orders read through Orders v0 (getOrders + getOrderItems) and v2026-01-01 (searchOrders) become
 * the same canonical orders — status, payment, totals, lines with their prices, tax and discounts, the parties —
 * so a seller can switch API versions without the ERP noticing; and the spec's own example maps as it reads.
 */
class AmazonOrder2026MapperTest {

    private static final String SELLER = "A2SELLER";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void bothApiVersionsGiveTheSameCanonicalOrder() {
        SandboxAmazonSeller seller = new SandboxAmazonSeller(SELLER);
        AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, 5, clock);
        for (int i = 0; i < 60; i++) {
            String id = generator.createOrder(Duration.ofMinutes(60 - i));
            if (i % 3 != 0) {
                generator.advance(id); // paid, cancelled or shipped: every status the generator makes
            }
        }
        clock.advance(Duration.ofMinutes(2)); // the searches show a change about two minutes later
        SandboxLoginWithAmazon lwa = new SandboxLoginWithAmazon("c", "s", "Atzr|r", SandboxLoginWithAmazon.ACCESS_TOKEN_LIFETIME, clock);
        SellingPartnerApi api = new SellingPartnerApi(seller, lwa, true, 1000, clock, System::nanoTime);
        String token = (String) lwa.token(Map.of("grant_type", "refresh_token", "refresh_token", "Atzr|r", "client_id", "c",
                "client_secret", "s")).body().get("access_token");
        String rdt = json.valueToTree(api.handle(new SellingPartnerApi.Request("POST", "/tokens/2021-03-01/restrictedDataToken", Map.of(),
                Map.of("x-amz-access-token", token), """
                {"restrictedResources":[{"method":"GET","path":"/orders/v0/orders","dataElements":["buyerInfo","shippingAddress"]}]}""")).body())
                .get("restrictedDataToken").asText();

        JsonNode v0 = body(api, "/orders/v0/orders", Map.of("MarketplaceIds", "A1PNLWAPXEIFHG,A13V1IB3VIYZZH,A1F83G8C2ARO7P",
                "LastUpdatedAfter", "2026-11-27T07:00:00Z"), rdt).at("/payload/Orders");
        JsonNode v2026 = body(api, "/orders/2026-01-01/orders", Map.of("lastUpdatedAfter", "2026-11-27T07:00:00Z",
                "includedData", AmazonOrdersPoller.INCLUDED_DATA), token).get("orders"); // v2026: the roles, no RDT
        assertThat(v2026).hasSameSizeAs(v0).hasSize(60);

        Map<String, Order> fromV2026 = new LinkedHashMap<>();
        for (JsonNode o : v2026) {
            assertThat(AmazonOrder2026Mapper.isV2026(o)).isTrue();
            fromV2026.put(o.get("orderId").asText(), new AmazonOrder2026Mapper().map(o, SELLER));
        }
        Set<OrderStatus> statuses = new java.util.HashSet<>();
        for (JsonNode o : v0) {
            String id = o.get("AmazonOrderId").asText();
            ObjectNode complete = o.deepCopy();
            complete.set(AmazonOrderMapper.ITEMS_FIELD, body(api, "/orders/v0/orders/" + id + "/orderItems", Map.of(), token).at("/payload/OrderItems"));
            assertThat(AmazonOrder2026Mapper.isV2026(complete)).isFalse();
            Order expected = new AmazonOrderMapper().map(complete, SELLER);
            Order actual = fromV2026.get(id);
            statuses.add(expected.status());
            assertThat(actual).as("order %s", id).usingRecursiveComparison()
                    .comparingOnlyFields("id", "channelOrderId", "orderNumber", "marketplaceId", "createdAt", "channelUpdatedAt", "cancelledAt",
                            "status", "paymentStatus", "fulfillmentStatus", "fulfilledBy", "currency", "subtotal", "shippingTotal",
                            "taxTotal", "discountTotal", "grandTotal", "shipTo", "buyer.name", "buyer.email", "buyer.piiRedacted")
                    .isEqualTo(expected);
            assertThat(actual.lines()).hasSameSizeAs(expected.lines());
            for (int i = 0; i < expected.lines().size(); i++) {
                OrderLine e = expected.lines().get(i);
                assertThat(actual.lines().get(i)).as("order %s line %s", id, e.channelLineId()).usingRecursiveComparison()
                        .comparingOnlyFields("channelLineId", "sku", "productRefs", "title", "qtyOrdered", "qtyFulfilled", "qtyCancelled",
                                "unitPrice", "lineSubtotal", "discount", "tax", "lineTotal")
                        .isEqualTo(e);
            }
        }
        assertThat(statuses).as("statuses compared").contains(OrderStatus.PENDING_PAYMENT, OrderStatus.OPEN);
    }

    /** The example of channel-contracts.md §2.2 (the spec's searchOrders example, trimmed). */
    @Test
    void theSpecExampleMapsAsItReads() throws Exception {
        JsonNode order = json.readTree("""
                {"orderId":"123-4567890-1234567","createdTime":"2024-12-25T10:30:00Z","lastUpdatedTime":"2024-12-25T14:45:00Z",
                 "salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
                 "buyer":{"buyerName":"John Smith","buyerEmail":"buyer-email@marketplace.amazon.com"},
                 "recipient":{"deliveryAddress":{"name":"John Smith","addressLine1":"123 Main Street","city":"Seattle",
                   "stateOrRegion":"WA","postalCode":"98101","countryCode":"US","addressType":"COMMERCIAL"}},
                 "proceeds":{"grandTotal":{"amount":"154.99","currencyCode":"USD"}},
                 "fulfillment":{"fulfillmentStatus":"SHIPPED","fulfilledBy":"MERCHANT"},
                 "orderItems":[{"orderItemId":"12345678901234","quantityOrdered":2,
                   "product":{"asin":"B08N5WRWNW","sellerSku":"ECHO-DOT-4-CHARCOAL","price":{"unitPrice":{"amount":"49.99","currencyCode":"USD"}}}}]}""");

        Order mapped = new AmazonOrder2026Mapper().map(order, SELLER);

        assertThat(mapped.channelOrderId()).isEqualTo("123-4567890-1234567");
        assertThat(mapped.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(mapped.fulfilledBy()).isEqualTo("MERCHANT");
        assertThat(mapped.grandTotal().settlement().amount()).isEqualByComparingTo("154.99");
        assertThat(mapped.currency()).isEqualTo("USD");
        assertThat(mapped.shipTo().address().city()).isEqualTo("Seattle");
        assertThat(mapped.shipTo().piiRedacted()).isFalse();
        assertThat(mapped.buyer().email()).isEqualTo("buyer-email@marketplace.amazon.com");
        OrderLine line = mapped.lines().get(0);
        assertThat(line.sku()).isEqualTo("ECHO-DOT-4-CHARCOAL");
        assertThat(line.qtyOrdered()).isEqualTo(2);
        assertThat(line.unitPrice().settlement().amount()).isEqualByComparingTo("49.99");
        assertThat(line.lineSubtotal().settlement().amount()).isEqualByComparingTo("99.98");
        assertThat(mapped.sourceApiVersion()).isEqualTo("2026-01-01");
    }

    @Test
    void anOrderWithoutItsFulfillmentDatasetIsRefusedSayingWhichDatasetIsMissing() throws Exception {
        JsonNode order = json.readTree("""
                {"orderId":"1","createdTime":"2024-12-25T10:30:00Z","lastUpdatedTime":"2024-12-25T14:45:00Z",
                 "salesChannel":{"channelName":"AMAZON"},"orderItems":[]}""");

        assertThatThrownBy(() -> new AmazonOrder2026Mapper().map(order, SELLER)).isInstanceOf(MappingException.class)
                .hasMessageContaining("FULFILLMENT");
    }

    private JsonNode body(SellingPartnerApi api, String path, Map<String, String> params, String token) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request("GET", path, query, Map.of("x-amz-access-token", token), null));
        assertThat(r.status()).as(path).isEqualTo(200);
        return json.valueToTree(r.body());
    }
}
