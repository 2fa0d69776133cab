package io.kontor.it;

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
final class OrderFlowAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderFlowAssertions() {
    }

    /** Waits until every order of the shop is stored at the shop's current updatedAt (other channels' orders aside). */
    static void awaitShopMirrored(SandboxShop shop, JdbcTemplate db, Duration timeout) {
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
    static void assertOneErpRecordPerVersion(JdbcTemplate db, String erpTopic) throws Exception {
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
}
