package io.kontor.it;

import io.kontor.testing.MutableClock;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

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
}
