package io.kontor.it.orders;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import io.kontor.it.TopicReader;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import io.kontor.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.shopify.ShopifyOrdersQuery;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Hostile conditions: server errors, a throttling storm, malformed channel data and garbage on the queue. */
class FaultIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void serverErrorsAndThrottlingAreRetriedAndBadInputIsQuarantinedWhileTheRoutesKeepRunning() throws Exception {
        ScheduledExecutorService rivalApp = Executors.newSingleThreadScheduledExecutor();
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(1000, 200);
             Hub hub = new Hub("fault", emulator.baseUrl(), dir)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 3, clock);
            for (int i = 0; i < 60; i++) {
                generator.createOrder();
                clock.advance(Duration.ofSeconds(1));
            }
            // a malformed order in the shop: an amount with a decimal comma
            long badId = generator.createOrder();
            emulator.shop.update(badId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), o -> {
                o.put("totalPriceSet", Map.of("shopMoney", Map.of("amount", "12,50", "currencyCode", "EUR"),
                        "presentmentMoney", Map.of("amount", "12,50", "currencyCode", "EUR")));
                return o;
            });
            emulator.failNext(3); // the first polls meet HTTP 503
            // another app drains the same bucket: the hub's queries get THROTTLED answers
            rivalApp.scheduleAtFixedRate(() -> drainBucket(emulator), 0, 150, TimeUnit.MILLISECONDS);

            hub.start();
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(60));
            assertThat(emulator.throttled.get()).as("THROTTLED answers seen").isPositive();
            rivalApp.shutdownNow();

            // the malformed order is quarantined with its reason, not retried, not lost
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForList(
                    "select reason from dead_letters where kind = 'QUARANTINE' and route_id = 'shopify-orders'", String.class))
                    .singleElement().asString().contains("12,50"));

            // garbage on the order queue is quarantined by the consumer, which keeps going
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBrokers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>(hub.ordersTopic, "SHOPIFY:x:1", "{not json")).get();
                producer.send(new ProducerRecord<>(hub.ordersTopic, "SHOPIFY:x:2", "{\"schemaVersion\":1,\"channel\":\"SHOPIFY\"}")).get();
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from dead_letters where route_id = 'order-intake' and kind = 'QUARANTINE'", Integer.class)).isEqualTo(2));

            // replay through the API: admin only; the replayed garbage is quarantined again, nothing else changes
            String garbageId = db.queryForObject("select id::text from dead_letters where route_id = 'order-intake' and message_key = 'SHOPIFY:x:1'", String.class);
            HttpClient http = HttpClient.newHttpClient();
            URI replay = URI.create("http://localhost:" + hub.port() + "/api/dead-letters/" + garbageId + "/replay");
            assertThat(http.send(Hub.post(replay, "ops", Hub.OPS_PASSWORD), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            HttpResponse<String> replayed = http.send(Hub.post(replay, "admin", Hub.ADMIN_PASSWORD), HttpResponse.BodyHandlers.ofString());
            assertThat(replayed.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(replayed.body()).get("status").asText()).isEqualTo("REPLAYED");
            assertThat(http.send(Hub.post(replay, "admin", Hub.ADMIN_PASSWORD), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(409);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from dead_letters where message_key = 'SHOPIFY:x:1'", Integer.class)).isEqualTo(2));

            // the routes are still running: new orders keep arriving
            for (int i = 0; i < 5; i++) {
                clock.advance(Duration.ofSeconds(1));
                generator.createOrder();
            }
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(65));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> stored = db.queryForList("select channel_order_id from orders", String.class);
                for (long id : emulator.shop.ids()) {
                    if (!stored.contains("gid://shopify/Order/" + id)) {
                        System.out.println("MISSING " + id + " " + emulator.shop.get(id).orElseThrow().get("updatedAt"));
                    }
                }
                System.out.println("WATERMARK " + db.queryForList("select watermark::text from channel_watermarks", String.class));
                TopicReader.readAll(hub.ordersTopic).stream().map(r -> r.key()).distinct().sorted().forEach(k -> System.out.println("TOPIC " + k));
                throw e;
            }
            HttpResponse<String> list = http.send(Hub.get(URI.create("http://localhost:" + hub.port() + "/api/dead-letters"), "ops", Hub.OPS_PASSWORD),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode letters = JSON.readTree(list.body());
            assertThat(letters.get("total").asInt()).isEqualTo(4);
            assertThat(letters.get("items").get(0).get("reason").asText()).isNotBlank();
            // a page far past the end is an empty page, not an offset that overflowed into a database error
            HttpResponse<String> far = http.send(Hub.get(URI.create("http://localhost:" + hub.port()
                    + "/api/dead-letters?page=10000000&size=500"), "ops", Hub.OPS_PASSWORD), HttpResponse.BodyHandlers.ofString());
            assertThat(far.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(far.body()).get("items")).isEmpty();
        } finally {
            rivalApp.shutdownNow();
        }
    }

    /**
     * A server error is answered by sending the same request again after a growing pause. A poll that meets seven in a
     * row ends — one dead letter says why — and cancels the bulk operation it was waiting for, which would otherwise hold
     * one of the shop's five places; the next poll starts over, and every order is stored once.
     */
    @Test
    void aPollThatMeetsServerErrorsAsksAgainThenEndsAndCancelsItsBulkOperation() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(2000, 1000);
             Hub hub = new Hub("bulk-cancel", emulator.baseUrl(), dir)
                     .with("kontor.channels.shopify.bulk-status-interval", 100)
                     .with("kontor.channels.shopify.retry-pause", 20)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(3)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 31, clock);
            for (int i = 0; i < 40; i++) {
                generator.createOrder();
                clock.advance(Duration.ofSeconds(10));
            }
            emulator.bulkRunsFor(Duration.ofHours(1));
            hub.start();
            // the first poll reads its seven days in bulk; while it waits, Shopify fails seven status queries in a row
            await().atMost(Duration.ofSeconds(60)).until(() -> emulator.bulkStarted.size() == 1);
            emulator.failNext(7);
            emulator.bulkRunsFor(Duration.ofMillis(300)); // the next poll's bulk read completes
            await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(emulator.bulkStatus(emulator.bulkStarted.get(0)))
                    && !"CREATED".equals(emulator.bulkStatus(emulator.bulkStarted.get(0))));
            assertThat(emulator.bulkStatus(emulator.bulkStarted.get(0))).isIn("CANCELING", "CANCELED");
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.queryForList(
                    "select reason from dead_letters where kind = 'DEAD_LETTER' and route_id = 'shopify-orders-source'", String.class))
                    .singleElement().asString().contains("HTTP 503 to 7 requests in a row"));

            // the next poll starts a bulk read of its own, which completes: the orders come from its file alone
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));
            assertThat(emulator.bulkStarted).hasSize(2);
            assertThat(emulator.bulkDownloads.get()).isEqualTo(1);

            // fewer errors in a row than that: the same request again, and the poll goes on
            emulator.failNext(3);
            clock.advance(Duration.between(clock.instant(), Instant.now()));
            for (int i = 0; i < 10; i++) {
                generator.updateRandomOrder();
            }
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(30));
            io.micrometer.core.instrument.MeterRegistry meters = hub.bean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(meters.counter("kontor.channel.bulk.operations", "channel", "SHOPIFY", "outcome", "cancelled").count()).isEqualTo(1);
            assertThat(meters.counter("kontor.channel.server.errors", "channel", "SHOPIFY").count()).isEqualTo(10);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isOne();
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
        }
    }

    /**
     * The follow-up queries for the lines an order page did not carry meet server errors too: each is asked again after
     * the pause, and every order arrives with all its lines, without a dead letter.
     */
    /**
     * Every way a bulk read can fail to give the whole window ends in pages through it, and no order is lost: an
     * operation that ends FAILED (its partial data left unused), one whose result expired, a result URL the storage
     * refuses, and an operation still running after bulk-timeout (cancelled, so it holds no place of the shop's).
     */
    @Test
    void aBulkReadThatFailsExpiresOrRunsTooLongIsReadByThePageInstead() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(2000, 1000);
             Hub hub = new Hub("bulk-faults", emulator.baseUrl(), dir)
                     .with("kontor.channels.shopify.poll-interval", 300)
                     .with("kontor.channels.shopify.bulk-status-interval", 100)
                     .with("kontor.channels.shopify.bulk-after", "")
                     .with("kontor.channels.shopify.bulk-above", 5)
                     .with("kontor.channels.shopify.bulk-timeout", "PT3S")) {
            MutableClock clock = new MutableClock(Instant.now());
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 37, clock);
            emulator.bulk().failNext("TIMEOUT");
            createOrders(generator, clock, 10);
            hub.start();
            JdbcTemplate db = hub.jdbc();
            io.micrometer.core.instrument.MeterRegistry meters = hub.bean(io.micrometer.core.instrument.MeterRegistry.class);
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));
            assertThat(bulk(meters, "failed")).isEqualTo(1);
            assertThat(emulator.bulkDownloads.get()).as("partial data is not read").isZero();

            emulator.bulk().urlsExpireAfter(Duration.ZERO);
            createOrders(generator, clock, 10);
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(30));
            assertThat(bulk(meters, "failed")).as("EXPIRED").isEqualTo(2);
            emulator.bulk().urlsExpireAfter(Duration.ofDays(7));

            emulator.storageRefuses(true);
            createOrders(generator, clock, 10);
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(30));
            assertThat(bulk(meters, "expired")).isEqualTo(1);
            emulator.storageRefuses(false);

            emulator.bulkRunsFor(Duration.ofHours(1));
            createOrders(generator, clock, 10);
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(30));
            assertThat(bulk(meters, "timed-out")).isEqualTo(1);
            assertThat(bulk(meters, "cancelled")).isEqualTo(1);
            assertThat(emulator.bulkStatus(emulator.bulkStarted.get(emulator.bulkStarted.size() - 1))).isIn("CANCELING", "CANCELED");

            assertThat(bulk(meters, "completed")).as("no bulk read gave the window").isZero();
            assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(40);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
        }
    }

    /** Orders changed two seconds ahead: one poll's window holds them all, so that one count finds them all. */
    private static void createOrders(ShopifyTrafficGenerator generator, MutableClock clock, int n) {
        clock.advance(Duration.between(clock.instant(), Instant.now().plusSeconds(2)));
        for (int i = 0; i < n; i++) {
            generator.createOrder();
        }
    }

    private static double bulk(io.micrometer.core.instrument.MeterRegistry meters, String outcome) {
        var counter = meters.find("kontor.channel.bulk.operations").tag("channel", "SHOPIFY").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theRemainingLinesOfAnOrderAreAskedAgainAfterServerErrors() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(2000, 1000);
             Hub hub = new Hub("more-lines", emulator.baseUrl(), dir)
                     .with("kontor.channels.shopify.lines-per-order", 1)
                     .with("kontor.channels.shopify.bulk-after", "")
                     .with("kontor.channels.shopify.retry-pause", 20)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 37, clock);
            for (int i = 0; i < 20; i++) {
                generator.createOrder();
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(emulator.shop.ids()).as("orders with more lines than a page carries")
                    .anyMatch(id -> ((List<?>) emulator.shop.get(id).orElseThrow().get("lineItems")).size() > 1);
            emulator.failNextWith("MoreLines", 3);
            hub.start();
            JdbcTemplate db = hub.jdbc();
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));
            for (long id : emulator.shop.ids()) {
                assertThat(db.queryForObject("select jsonb_array_length(canonical -> 'lines') from orders where channel_order_id = ?",
                        Integer.class, "gid://shopify/Order/" + id)).as("lines of order %s", id)
                        .isEqualTo(((List<?>) emulator.shop.get(id).orElseThrow().get("lineItems")).size());
            }
            io.micrometer.core.instrument.MeterRegistry meters = hub.bean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(meters.counter("kontor.channel.server.errors", "channel", "SHOPIFY").count()).isEqualTo(3);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }

    private static void drainBucket(ShopifyEmulatorServer emulator) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/admin/api/2026-01/graphql.json"))
                    .header("X-Shopify-Access-Token", ShopifyEmulatorServer.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                            "query", ShopifyOrdersQuery.ordersSince(10),
                            "variables", Map.of("first", 6, "q", "updated_at:>='2020-01-01T00:00:00Z'")))))
                    .build();
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // the rival app does not care
        }
    }
}
