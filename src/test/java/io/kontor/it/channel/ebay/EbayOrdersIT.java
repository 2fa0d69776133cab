package io.kontor.it.channel.ebay;

import io.kontor.it.Hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * eBay orders through the hub against the Sell Fulfillment emulator: offset paging over a live set while orders keep
 * changing, each order at its latest version once; a buyer's cancel request read through getOrder; a two-hour token
 * renewed; server errors waited out with nothing lost.
 */
class EbayOrdersIT {

    @TempDir
    Path dir;

    @Test
    void everyOrderArrivesAtItsLatestVersionWhileTheSetChangesUnderThePages() {
        try (EbayEmulatorServer ebay = new EbayEmulatorServer();
             Hub hub = ebay.configure(new Hub("ebay", null, dir))) {
            for (int i = 0; i < 150; i++) {
                ebay.ordersClock.advance(Duration.ofSeconds(1));
                ebay.generator.createOrder(Duration.ZERO);
            }
            hub.start();
            JdbcTemplate db = hub.jdbc();
            // while the hub pages, the seller sells and ships
            for (int i = 0; i < 60; i++) {
                ebay.ordersClock.advance(Duration.ofSeconds(1));
                if (i % 3 == 0) {
                    ebay.generator.createOrder(Duration.ZERO);
                } else {
                    ebay.generator.updateRandomOrder();
                }
            }
            awaitMirrored(ebay, db);

            // the access token expires after two hours: the hub renews it when eBay says 401
            int tokensBefore = ebay.tokenRequests.get();
            ebay.apiClock.advance(Duration.ofHours(2).plusMinutes(1));
            ebay.api.injectFaults(503, 3);
            for (int i = 0; i < 30; i++) {
                ebay.ordersClock.advance(Duration.ofSeconds(1));
                ebay.generator.updateRandomOrder();
            }
            awaitMirrored(ebay, db);
            assertThat(ebay.tokenRequests.get()).isGreaterThan(tokensBefore);
            assertThat(ebay.answered(503)).isEqualTo(3);

            // a buyer's cancel request, only visible through getOrder, is kept with the order
            Integer withRequests = db.queryForObject("""
                    select count(*) from orders where channel = 'EBAY' and raw_payload -> 'cancelStatus' ->> 'cancelState' = 'CANCEL_REQUESTED'
                    and jsonb_array_length(raw_payload -> 'cancelStatus' -> 'cancelRequests') > 0""", Integer.class);
            Integer requested = db.queryForObject("""
                    select count(*) from orders where channel = 'EBAY' and raw_payload -> 'cancelStatus' ->> 'cancelState' = 'CANCEL_REQUESTED'""",
                    Integer.class);
            assertThat(requested).as("the seed gives some buyers' cancel requests").isPositive();
            assertThat(withRequests).isEqualTo(requested);
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
            // a complete poll read everything up to its start: the hub is that close behind eBay
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(hub.bean(io.micrometer.core.instrument.MeterRegistry.class)
                    .get("kontor.channel.poll.behind").tag("channel", "EBAY").gauge().value()).isLessThan(60));
        }
    }

    /** Every order of the seller is stored at the seller's current lastModifiedDate. */
    private static void awaitMirrored(EbayEmulatorServer ebay, JdbcTemplate db) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Map<String, Instant> stored = new HashMap<>();
            db.query("select channel_order_id, channel_updated_at from orders where channel = 'EBAY'",
                    rs -> {
                        stored.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    });
            assertThat(stored).hasSize(ebay.seller.size());
            for (String id : stored.keySet()) {
                assertThat(stored.get(id)).as(id).isEqualTo(Instant.parse((String) ebay.seller.get(id).orElseThrow().get("lastModifiedDate")));
            }
        });
    }
}
