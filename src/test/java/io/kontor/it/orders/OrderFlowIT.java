package io.kontor.it.orders;

import io.kontor.it.Hub;
import io.kontor.it.TopicReader;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import io.kontor.testing.MutableClock;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Emulator -> kamelet -> canonical -> Kafka -> PostgreSQL -> ERP feed, end to end on real Kafka and PostgreSQL. */
class OrderFlowIT {

    @TempDir
    Path dir;

    @Test
    void everyGeneratedOrderIsStoredOnceAtItsLatestVersionWithOneErpRecordPerVersion() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(2000, 1000);
             Hub hub = new Hub("flow", emulator.baseUrl(), dir)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(2)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 11, clock);
            int orders = 150;
            for (int i = 0; i < orders; i++) {
                generator.createOrder();
                clock.advance(Duration.ofMillis(400));
            }
            hub.start();
            JdbcTemplate db = hub.jdbc();
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));

            // changes while the hub runs: payments, edits, fulfilments, cancellations
            for (int i = 0; i < 200; i++) {
                clock.advance(Duration.ofSeconds(1));
                generator.updateRandomOrder();
            }
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));

            assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(orders);
            assertThat(db.queryForObject("select count(*) from orders where revision > 1", Integer.class)).isPositive();
            assertThat(db.queryForObject("select count(*) from orders where status = 'CANCELLED'", Integer.class)).isPositive();
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);

            Integer versions = db.queryForObject("select count(*) from order_versions", Integer.class);
            try (Stream<Path> files = Files.walk(hub.erpDir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(versions.longValue());
            }
            // the order queue itself holds every canonical version the poller published (duplicates from the overlap included)
            assertThat(TopicReader.readAll(hub.ordersTopic).size()).isGreaterThanOrEqualTo(versions);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }

    /**
     * The shop changes orders faster than its rate limit lets the hub read them (20 new orders/s; about 10 orders/s
     * read at 600 points/s). A poll reads up to the moment it started, so polls still end one after another while
     * the changes go on — an open-ended poll would chase them and never end — and once they stop, every order is
     * stored once at its latest version.
     */
    @Test
    void pollsEndWhileTheShopChangesFasterThanItCanBeRead() throws Exception {
        ScheduledExecutorService shopSide = Executors.newSingleThreadScheduledExecutor();
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(1000, 600);
             Hub hub = new Hub("bounded", emulator.baseUrl(), dir)
                     .with("kontor.channels.shopify.poll-interval", 200)
                     .with("kontor.channels.shopify.overlap", "PT1S")
                     // a poll left more than 5 s unread reads them in bulk: page polls alternate with bulk reads
                     .with("kontor.channels.shopify.bulk-after", "PT5S")
                     .with("kontor.channels.shopify.bulk-status-interval", 200)) {
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 5, Clock.systemUTC());
            hub.start();
            int pollsBefore = emulator.pollsStarted.get();
            shopSide.scheduleAtFixedRate(generator::createOrder, 0, 50, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> emulator.pollsStarted.get() - pollsBefore >= 3);
            shopSide.shutdown();
            assertThat(shopSide.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            JdbcTemplate db = hub.jdbc();
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(90));
            assertThat(emulator.shop.size()).isGreaterThan(20);
            // caught up, the polls read up to seconds ago (the first began seven days back)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hub.bean(io.micrometer.core.instrument.MeterRegistry.class)
                    .get("kontor.channel.poll.behind").tag("channel", "SHOPIFY").gauge().value()).isLessThan(10));
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        } finally {
            shopSide.shutdownNow();
        }
    }

    /**
     * A poll whose window reaches back further than bulk-after (the first, seven days back; or one that fell behind)
     * reads it as one bulk operation: every order with all its lines, the watermark at the newest change read, and
     * later polls page again. So does a poll that counts at least bulk-above orders changed since the last poll read,
     * however short its window — and only those count, not the overlap every poll reads again. When Shopify already
     * runs as many bulk queries as it allows, the poll pages instead.
     */
    @Test
    void aPollFarBehindReadsItsWindowAsOneBulkOperationAndPagesWhenShopifyRefusesOne() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(2000, 1000);
             Hub hub = new Hub("bulk", emulator.baseUrl(), dir)
                     .with("kontor.channels.shopify.poll-interval", 300)
                     .with("kontor.channels.shopify.bulk-status-interval", 200)
                     .with("kontor.channels.shopify.bulk-above", 50)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(3)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 23, clock);
            for (int i = 0; i < 120; i++) {
                generator.createOrder();
                clock.advance(Duration.ofSeconds(10));
            }
            hub.start();
            JdbcTemplate db = hub.jdbc();
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));
            MeterRegistry meters = hub.bean(MeterRegistry.class);
            assertThat(bulk(meters, "completed")).isEqualTo(1);
            assertThat(emulator.bulkDownloads.get()).isEqualTo(1);
            for (long id : emulator.shop.ids()) {
                assertThat(db.queryForObject("select jsonb_array_length(canonical -> 'lines') from orders where channel_order_id = ?",
                        Integer.class, "gid://shopify/Order/" + id)).as("lines of order %s", id)
                        .isEqualTo(((java.util.List<?>) emulator.shop.get(id).orElseThrow().get("lineItems")).size());
            }
            Instant newest = emulator.shop.ids().stream().map(id -> Instant.parse((String) emulator.shop.get(id).orElseThrow().get("updatedAt")))
                    .max(Instant::compareTo).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(watermark(db)).isEqualTo(newest));

            // caught up: the next changes come by the page
            clock.advance(Duration.between(clock.instant(), Instant.now()));
            int pollsBefore = emulator.pollsStarted.get();
            for (int i = 0; i < 10; i++) {
                generator.updateRandomOrder();
            }
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(30));
            assertThat(emulator.pollsStarted.get()).isGreaterThan(pollsBefore);
            assertThat(emulator.bulkDownloads.get()).isEqualTo(1);

            // down for a moment while a sale brings 60 orders: seconds behind, but more than bulk-above to read
            hub.stop();
            for (int i = 0; i < 60; i++) {
                generator.createOrder();
            }
            int countsBefore = emulator.counts.get();
            hub.start();
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(60));
            MeterRegistry restarted = hub.bean(MeterRegistry.class);
            assertThat(bulk(restarted, "completed")).isEqualTo(1);
            assertThat(emulator.bulkDownloads.get()).isEqualTo(2);
            // the polls after it count again, and the 60 orders in their overlap do not make them bulk reads
            await().atMost(Duration.ofSeconds(10)).until(() -> emulator.counts.get() - countsBefore >= 4);
            assertThat(bulk(restarted, "started")).isEqualTo(1);

            // back after an hour down while Shopify runs five bulk queries of others: the poll pages through the hour
            hub.stop();
            db.update("update channel_watermarks set watermark = watermark - interval '1 hour' where channel = 'SHOPIFY'");
            emulator.occupyBulkOperations();
            for (int i = 0; i < 10; i++) {
                generator.createOrder();
                generator.updateRandomOrder();
            }
            hub.start();
            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(30));
            assertThat(bulk(hub.bean(MeterRegistry.class), "refused")).isEqualTo(1);
            assertThat(emulator.bulkDownloads.get()).isEqualTo(2);
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }

    private static double bulk(MeterRegistry meters, String outcome) {
        var counter = meters.find("kontor.channel.bulk.operations").tag("channel", "SHOPIFY").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Instant watermark(JdbcTemplate db) {
        return db.queryForObject("select watermark from channel_watermarks where channel = 'SHOPIFY'", java.sql.Timestamp.class).toInstant();
    }
}

