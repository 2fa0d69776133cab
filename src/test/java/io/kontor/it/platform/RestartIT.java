package io.kontor.it.platform;

import io.kontor.it.Hub;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.kontor.it.orders.OrderFlowAssertions;

import io.kontor.testing.MutableClock;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the hub mid-stream and starting it again loses no order and duplicates none. */
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void noOrderMissedNoneDuplicatedAcrossARestart() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(5000, 5000);
             Hub hub = new Hub("restart", emulator.baseUrl(), dir)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(3)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 5, clock);
            AtomicInteger created = new AtomicInteger();
            traffic.scheduleAtFixedRate(() -> {
                clock.advance(Duration.ofSeconds(1));
                generator.createOrder();
                created.incrementAndGet();
                generator.updateRandomOrder();
            }, 0, 20, TimeUnit.MILLISECONDS);

            hub.start();
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject("select count(*) from orders", Integer.class) > 20);
            hub.stop(); // mid-stream: traffic goes on while the hub is down
            int storedWhileDown = db.queryForObject("select count(*) from orders", Integer.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> created.get() > storedWhileDown + 50);
            hub.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject("select count(*) from orders", Integer.class) > storedWhileDown);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            OrderFlowAssertions.awaitShopMirrored(emulator.shop, db, Duration.ofSeconds(90));
            assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(created.get());
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
        } finally {
            traffic.shutdownNow();
        }
    }

}
