package io.kontor.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kontor.channel.shopify.ShopifyGraphqlOrderMapper;
import io.kontor.channel.shopify.ShopifyOrdersQuery;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** One version delivered in two shapes is one version; any change of business content is a new one. */
class VersionFingerprintTest {

    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
    private final VersionFingerprint fingerprint = new VersionFingerprint(json);

    @Test
    void howAVersionArrivedDoesNotChangeItsFingerprint() {
        Order order = someOrder();
        Map<String, JsonNode> otherExtensions = Map.of("note_attributes", TextNode.valueOf("from a webhook"));
        // the same version as another source shape carries it: raw payload, extensions, status words, map order
        Order reshaped = copy(order, Map.of("financial_status", "paid"), lines(order, l -> {
            List<String> keys = new ArrayList<>(l.productRefs().keySet());
            Collections.reverse(keys);
            Map<String, String> refs = new LinkedHashMap<>();
            keys.forEach(k -> refs.put(k, l.productRefs().get(k)));
            return line(l, refs, l.qtyOrdered(), "fulfilled?", otherExtensions);
        }), "2025-10", otherExtensions, TextNode.valueOf("{}"));
        assertThat(fingerprint.of(reshaped)).isEqualTo(fingerprint.of(order));
    }

    @Test
    void aChangeOfBusinessContentIsANewVersion() {
        Order order = someOrder();
        Order moreOfTheFirstLine = copy(order, order.rawStatuses(), lines(order, l -> l == order.lines().get(0)
                ? line(l, l.productRefs(), l.qtyOrdered() + 1, l.rawStatus(), l.extensions()) : l),
                order.sourceApiVersion(), order.extensions(), order.raw());
        assertThat(fingerprint.of(moreOfTheFirstLine)).isNotEqualTo(fingerprint.of(order));
    }

    @Test
    void fingerprintsStoredBeforeStayValid() throws Exception {
        // as versions were fingerprinted before the tree was shared with the stored JSON: the order serialised with
        // maps by key and without its raw payload, the source-shape fields removed from that tree in place
        Order order = someOrder();
        ObjectMapper sorted = json.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .addMixIn(Order.class, WithoutRawPayload.class);
        JsonNode tree = sorted.valueToTree(order);
        List<JsonNode> objects = new ArrayList<>(List.of(tree));
        for (int i = 0; i < objects.size(); i++) {
            if (objects.get(i) instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove(List.of("raw", "extensions", "rawStatuses", "rawStatus", "sourceApiVersion", "productRefs", "refundedTotal"));
            }
            objects.get(i).forEach(objects::add);
        }
        String before = io.kontor.platform.Digests.sha256Hex(sorted.writeValueAsBytes(tree));

        com.fasterxml.jackson.databind.node.ObjectNode shared = fingerprint.tree(order);
        String sharedBefore = shared.toString();
        assertThat(fingerprint.of(shared)).isEqualTo(before).isEqualTo(fingerprint.of(order));
        assertThat(shared.toString()).as("the tree is stored as it is").isEqualTo(sharedBefore).contains("\"productRefs\"");
    }

    private static List<OrderLine> lines(Order o, UnaryOperator<OrderLine> change) {
        return o.lines().stream().map(change).toList();
    }

    private static OrderLine line(OrderLine l, Map<String, String> refs, int qty, String rawStatus, Map<String, JsonNode> extensions) {
        return new OrderLine(l.channelLineId(), l.sku(), refs, l.title(), qty, l.qtyFulfilled(), l.qtyCancelled(),
                l.qtyRefunded(), l.unitPrice(), l.lineSubtotal(), l.discount(), l.tax(), l.lineTotal(), rawStatus, extensions);
    }

    private static Order copy(Order o, Map<String, String> rawStatuses, List<OrderLine> lines, String apiVersion,
                              Map<String, JsonNode> extensions, JsonNode raw) {
        return new Order(o.schemaVersion(), o.id(), o.channel(), o.channelAccount(), o.marketplaceId(), o.channelOrderId(),
                o.orderNumber(), o.createdAt(), o.channelUpdatedAt(), o.cancelledAt(), o.status(), o.paymentStatus(),
                o.fulfillmentStatus(), rawStatuses, o.fulfilledBy(), o.currency(), o.presentmentCurrency(), o.subtotal(),
                o.shippingTotal(), o.taxTotal(), o.discountTotal(), o.grandTotal(), o.refundedTotal(), o.buyer(), o.shipTo(),
                o.billTo(), lines, apiVersion, extensions, raw);
    }

    private Order someOrder() {
        SandboxShop shop = new SandboxShop();
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, 3,
                Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        generator.createOrder();
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("f.myshopify.com", "t", 1e9, 1e9, 1_000_000, 200, 0, 0, 1),
                System::nanoTime);
        JsonNode node = json.valueToTree(api.execute("t", ShopifyOrdersQuery.ordersSince(20),
                Map.of("first", 1, "q", "updated_at:>='2026-01-01T00:00:00Z'"), null).body()).at("/data/orders/nodes/0");
        return new ShopifyGraphqlOrderMapper().map(node, "f.myshopify.com", "2026-01");
    }
}
