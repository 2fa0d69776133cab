package io.kontor.it.orders;

import io.kontor.it.TopicReader;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.shopify.SandboxShop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What "every order arrived once, at its latest version" means, checked on both sides: table and topic. */
public final class OrderFlowAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderFlowAssertions() {
    }

    /** Waits until every order of the shop is stored at the shop's current updatedAt (other channels' orders aside). */
    public static void awaitShopMirrored(SandboxShop shop, JdbcTemplate db, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Instant> stored = new HashMap<>();
            db.query("select channel_order_id, channel_updated_at from orders where channel = 'SHOPIFY'",
                    rs -> {
                        stored.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    });
            assertThat(stored).hasSize(shop.size());
            for (long id : shop.ids()) {
                Map<String, Object> order = shop.get(id).orElseThrow();
                assertThat(stored.get("gid://shopify/Order/" + id)).as("order %s", id)
                        .isEqualTo(Instant.parse((String) order.get("updatedAt")));
            }
        });
    }

    /** One ERP record per stored version on the topic, and no version twice. */
    public static void assertOneErpRecordPerVersion(JdbcTemplate db, String erpTopic) throws Exception {
        Integer versions = db.queryForObject("select count(*) from order_versions", Integer.class);
        Integer revisions = db.queryForObject("select coalesce(sum(revision), 0) from orders", Integer.class);
        assertThat(versions).isEqualTo(revisions);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(db.queryForObject("select count(*) from order_versions where erp_published_at is null", Integer.class)).isZero());
        List<ConsumerRecord<String, String>> records = TopicReader.readAll(erpTopic);
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, String> r : records) {
            JsonNode doc = JSON.readTree(r.value());
            assertThat(seen.add(doc.get("orderId").asText() + "#" + doc.get("revision").asInt()))
                    .as("ERP record for %s revision %s published twice", doc.get("orderId"), doc.get("revision")).isTrue();
            assertThat(r.key()).isEqualTo(doc.at("/order/channel").asText() + ":" + doc.at("/order/channelAccount").asText()
                    + ":" + doc.at("/order/channelOrderId").asText());
        }
        assertThat(records).hasSize(versions);
    }

    public static void assertNoOversellAndEveryOrderRoutedOrHeld(JdbcTemplate db, Map<String, Integer> opening) {
        for (Map<String, Object> level : db.queryForList("""
                select l.sku, l.on_hand, l.reserved,
                       (select coalesce(sum(r.reserved), 0) from stock_reservations r where r.sku = l.sku and r.warehouse = l.warehouse) as held,
                       (select coalesce(sum(r.consumed), 0) from stock_reservations r where r.sku = l.sku and r.warehouse = l.warehouse) as shipped
                from stock_levels l""")) {
            String sku = (String) level.get("sku");
            int onHand = ((Number) level.get("on_hand")).intValue();
            int shipped = ((Number) level.get("shipped")).intValue();
            int reserved = ((Number) level.get("reserved")).intValue();
            assertThat(reserved).as("reserved %s = what the orders hold", sku).isEqualTo(((Number) level.get("held")).intValue());
            assertThat(opening.get(sku) - onHand).as("units of %s gone = units shipped", sku).isEqualTo(shipped);
            assertThat(reserved + shipped).as("promised and shipped %s within the opening stock", sku).isLessThanOrEqualTo(opening.get(sku));
        }
        assertThat(db.queryForObject("select count(*) from orders where canonical -> 'holdReasons' @> '[{\"code\":\"BACKORDER\"}]'",
                Integer.class)).as("orders that lost the competition wait as backorders").isPositive();
        assertThat(db.queryForObject("select count(distinct channel) from orders", Integer.class)).isEqualTo(5);
        // held orders say why; every order we ship was routed, with its decision kept
        assertThat(db.queryForList("""
                select o.order_number from orders o where o.status = 'ON_HOLD'
                and jsonb_array_length(coalesce(o.canonical -> 'holdReasons', '[]'::jsonb)) = 0""", String.class)).isEmpty();
        assertThat(db.queryForList("""
                select o.order_number from orders o where o.status in ('OPEN', 'PARTIALLY_SHIPPED', 'SHIPPED', 'ON_HOLD')
                and coalesce(o.canonical ->> 'fulfilledBy', 'MERCHANT') <> 'MARKETPLACE'
                and not exists (select 1 from order_routing r where r.order_id = o.id)
                and (o.status <> 'ON_HOLD' or exists (select 1 from stock_reservations s where s.order_id = o.id))""", String.class))
                .as("orders holding or shipping stock without a routing decision").isEmpty();
    }

    /** Every order the channels hold is stored once, whether it came before, during or after the hub's restart; every partner file was taken. */
    public static void assertEveryChannelOrderStoredOnce(JdbcTemplate db, ShopifyEmulatorServer shopify, AmazonEmulatorServer amazon,
                                                          EbayEmulatorServer ebay, io.kontor.sandbox.wholesale.SandboxSftpServer sftp) throws Exception {
        assertThat(db.queryForList("select channel || ' ' || channel_order_id from orders group by 1 having count(*) > 1", String.class))
                .as("orders stored twice").isEmpty();
        assertThat(db.queryForObject("select count(*) from orders where channel = 'SHOPIFY'", Integer.class)).isEqualTo(shopify.shop.size());
        assertThat(db.queryForObject("select count(*) from orders where channel = 'AMAZON'", Integer.class)).isEqualTo(amazon.seller.size());
        assertThat(db.queryForObject("select count(*) from orders where channel = 'EBAY'", Integer.class)).isEqualTo(ebay.seller.size());
        assertThat(partnerFilesLeft(sftp)).as("partner files not yet taken").isEmpty();
    }

    /** Files still in the partner's drop directories (CSV and EDIFACT). */
    public static List<java.nio.file.Path> partnerFilesLeft(io.kontor.sandbox.wholesale.SandboxSftpServer sftp) throws Exception {
        try (var csv = java.nio.file.Files.list(sftp.ordersDir()); var edifact = java.nio.file.Files.list(sftp.edifactDir())) {
            return java.util.stream.Stream.concat(csv, edifact).filter(java.nio.file.Files::isRegularFile).toList();
        }
    }
}
