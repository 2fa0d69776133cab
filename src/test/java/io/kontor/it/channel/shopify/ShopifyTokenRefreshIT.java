package io.kontor.it.channel.shopify;

import io.kontor.it.Hub;

import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shopify's expiring offline tokens: the hub refreshes an hour-old token when the shop answers 401, keeps each
 * rotated refresh token encrypted in PostgreSQL and, after a restart, continues the chain from there (the
 * refresh token from the install has long been retired); when the shop no longer knows that chain, the
 * configured token starts a new one.
 */
class ShopifyTokenRefreshIT {

    @TempDir
    Path dir;

    @Test
    void expiredTokensAreRefreshedAndTheRotatedRefreshTokenSurvivesARestart() throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(5000, 5000);
             Hub hub = new Hub("tokens", emulator.baseUrl(), dir)
                     .with("kontor.channels.shopify.access-token", "")
                     .with("kontor.channels.shopify.client-id", ShopifyEmulatorServer.CLIENT_ID)
                     .with("kontor.channels.shopify.client-secret", ShopifyEmulatorServer.CLIENT_SECRET)
                     .with("kontor.channels.shopify.refresh-token", ShopifyEmulatorServer.INSTALL_REFRESH_TOKEN)) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 17, clock);
            createOrders(generator, clock, 5);

            hub.start();
            JdbcTemplate db = hub.jdbc();
            awaitOrders(db, 5);
            assertThat(emulator.oauth.refreshes()).isEqualTo(1);
            byte[] storedRefresh = db.queryForObject("select refresh_token from channel_credentials", byte[].class);
            assertThat(new String(storedRefresh, StandardCharsets.ISO_8859_1)).doesNotContain("shprt_");

            // an hour later the access token is dead: the shop answers 401, the hub refreshes and goes on
            emulator.tokenClock.advance(Duration.ofMinutes(61));
            createOrders(generator, clock, 5);
            awaitOrders(db, 10);
            assertThat(emulator.oauth.refreshes()).isEqualTo(2);

            // down over another expiry: the next start continues the rotated chain stored in PostgreSQL
            hub.stop();
            emulator.tokenClock.advance(Duration.ofMinutes(61));
            createOrders(generator, clock, 5);
            hub.start();
            awaitOrders(db, 15);
            assertThat(emulator.oauth.refreshes()).isEqualTo(3);

            // the shop forgot every token (re-install with the refresh token the hub was configured with, as a
            // restarted sandbox does): the stored chain is refused, the configured token starts a new one
            emulator.oauth.reinstall(ShopifyEmulatorServer.INSTALL_REFRESH_TOKEN);
            createOrders(generator, clock, 5);
            awaitOrders(db, 20);
            assertThat(emulator.oauth.refreshes()).isEqualTo(4);

            // a re-install with a new refresh token, put into the configuration: it replaces the stored chain
            hub.stop();
            emulator.oauth.reinstall("shprt_it_reinstalled");
            hub.with("kontor.channels.shopify.refresh-token", "shprt_it_reinstalled").start();
            createOrders(generator, clock, 5);
            awaitOrders(db, 25);
            assertThat(emulator.oauth.refreshes()).isEqualTo(5);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }

    private static void createOrders(ShopifyTrafficGenerator generator, MutableClock clock, int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            generator.createOrder();
        }
    }

    private static void awaitOrders(JdbcTemplate db, int n) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(n));
    }
}
