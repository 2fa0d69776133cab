package io.kontor.it.channel.amazon;

import io.kontor.it.Hub;

import io.kontor.sandbox.amazon.SellingPartnerApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Amazon orders through the hub against the SP-API emulator: buyer data and addresses through a Restricted Data
 * Token, Pending orders held until Amazon reports payment, requests paced to the rate Amazon states (never a 429 of
 * the hub's own making), throttling and server-error storms survived with nothing lost or doubled; and, for an app
 * without the PII roles, orders that arrive with what Amazon shows and are held for their missing street.
 */
class AmazonOrdersIT {

    @TempDir
    Path dir;

    @Test
    void ordersArriveWithBuyerDataPendingOnesWaitForPaymentAndStormsLoseNothing() {
        // a usage plan of one getOrders a second, so the test need not wait a minute per poll
        try (AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 60);
             Hub hub = amazon.configure(new Hub("amazon", null, dir)).with("kontor.channels.amazon.orders-api-version", "v0")) {
            List<String> ids = amazon.createOrders(40);
            hub.start();
            JdbcTemplate db = hub.jdbc();
            awaitAmazonOrders(db, 40);

            Map<String, Object> shipped = db.queryForMap("""
                    select canonical #>> '{shipTo,address,lines,0}' as street, canonical #>> '{buyer,email}' as email,
                           canonical ->> 'marketplaceId' as marketplace
                    from orders where channel = 'AMAZON' and canonical ->> 'channelStatus' is null and status = 'OPEN' limit 1""");
            assertThat((String) shipped.get("street")).isNotBlank();
            assertThat((String) shipped.get("email")).contains("@marketplace.amazon.");
            List<String> pending = db.queryForList("""
                    select channel_order_id from orders where channel = 'AMAZON' and status = 'ON_HOLD'
                    and canonical -> 'holdReasons' @> '[{"code":"PAYMENT_NOT_CAPTURED"}]'""", String.class);
            assertThat(pending).as("Pending orders held for payment").isNotEmpty();
            assertThat(db.queryForObject("select count(*) from orders where channel = 'AMAZON' and grand_total is null", Integer.class))
                    .isEqualTo(pending.size());

            // Amazon authorises the payments: the orders get prices and addresses and the holds clear
            amazon.ordersClock.advance(Duration.ofSeconds(5));
            pending.forEach(amazon.generator::advance);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from orders where channel_order_id in (" + quoted(pending)
                            + ") and status <> 'ON_HOLD' and grand_total is not null", Integer.class)).isEqualTo(pending.size()));
            assertThat(amazon.throttledPaths).as("requests paced to the stated rate never meet a 429").isEmpty();

            // storms: getOrderItems throttled five times in a row, getOrders failing with 503 three times
            amazon.api.injectFaults(SellingPartnerApi.Operation.GET_ORDER_ITEMS, 429, 5);
            amazon.api.injectFaults(SellingPartnerApi.Operation.GET_ORDERS, 503, 3);
            amazon.ordersClock.advance(Duration.ofSeconds(5));
            List<String> more = amazon.createOrders(15);
            awaitAmazonOrders(db, 55);
            assertThat(amazon.answered(503)).isEqualTo(3);
            assertThat(amazon.answered(429)).isEqualTo(5);
            assertThat(more).doesNotContainAnyElementsOf(ids);
            // one stored version per channel version: the storm and the overlap re-reads doubled nothing
            assertThat(db.queryForObject("""
                    select count(*) from order_versions v join orders o on o.id = v.order_id where o.channel = 'AMAZON'""", Integer.class))
                    .isEqualTo(55 + pending.size());
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
            // polls complete: what they read reaches Amazon's own upper bound, not the first poll's seven-day look-back
            assertThat(hub.bean(io.micrometer.core.instrument.MeterRegistry.class).get("kontor.channel.poll.behind")
                    .tag("channel", "AMAZON").gauge().value()).isLessThan(Duration.ofDays(1).toSeconds());
        }
    }

    /** Polling Orders v2026-01-01 (searchOrders): the same orders, items inline, so no getOrderItems call at all. */
    @Test
    void ordersArriveThroughSearchOrdersOfTheV2026Api() {
        try (AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 60);
             Hub hub = amazon.configure(new Hub("amazon-2026", null, dir)).with("kontor.channels.amazon.orders-api-version", "2026-01-01")) {
            amazon.createOrders(30);
            hub.start();
            JdbcTemplate db = hub.jdbc();
            awaitAmazonOrders(db, 30);
            assertThat(db.queryForList("select distinct canonical ->> 'sourceApiVersion' from orders where channel = 'AMAZON'", String.class))
                    .containsExactly("2026-01-01");
            Map<String, Object> open = db.queryForMap("""
                    select canonical #>> '{shipTo,address,lines,0}' as street, canonical #>> '{buyer,email}' as email,
                           jsonb_array_length(canonical -> 'lines') as lines
                    from orders where channel = 'AMAZON' and status = 'OPEN' limit 1""");
            assertThat((String) open.get("street")).as("full address by the app's approved roles, no Restricted Data Token").isNotBlank();
            assertThat((String) open.get("email")).contains("@marketplace.amazon.");
            assertThat(((Number) open.get("lines")).intValue()).isPositive();
            List<String> pending = db.queryForList("""
                    select channel_order_id from orders where channel = 'AMAZON' and status = 'ON_HOLD'
                    and canonical -> 'holdReasons' @> '[{"code":"PAYMENT_NOT_CAPTURED"}]'""", String.class);
            assertThat(pending).as("Pending orders held for payment").isNotEmpty();

            amazon.ordersClock.advance(Duration.ofSeconds(5));
            pending.forEach(amazon.generator::advance);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from orders where channel_order_id in (" + quoted(pending)
                            + ") and status <> 'ON_HOLD' and grand_total is not null", Integer.class)).isEqualTo(pending.size()));
            assertThat(amazon.requested).anyMatch(r -> r.equals("GET /orders/2026-01-01/orders"))
                    .noneMatch(r -> r.contains("/orders/v0/"))
                    .noneMatch(r -> r.contains("restrictedDataToken"));
            assertThat(amazon.throttledPaths).isEmpty();
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }

    @Test
    void withoutThePiiRolesOrdersArriveAsAmazonShowsThemAndWaitForAStreet() {
        try (AmazonEmulatorServer amazon = new AmazonEmulatorServer(false, 60);
             Hub hub = amazon.configure(new Hub("amazon-nopii", null, dir)).with("kontor.channels.amazon.orders-api-version", "v0")) {
            amazon.createOrders(20);
            hub.start();
            JdbcTemplate db = hub.jdbc();
            awaitAmazonOrders(db, 20);
            List<Map<String, Object>> open = db.queryForList("""
                    select canonical #>> '{shipTo,address,postalCode}' as postcode, canonical #>> '{shipTo,piiRedacted}' as redacted,
                           canonical -> 'holdReasons' as holds
                    from orders where channel = 'AMAZON' and canonical ->> 'channelStatus' = 'OPEN'""");
            assertThat(open).isNotEmpty().allSatisfy(o -> {
                assertThat((String) o.get("postcode")).isNotBlank();
                assertThat(o.get("redacted")).isEqualTo("true");
                assertThat(String.valueOf(o.get("holds"))).contains("SHIP_TO_STREET_MISSING");
            });
            assertThat(amazon.answered(400)).as("one refused RDT request, not one per poll").isEqualTo(1);
        }
    }

    private static void awaitAmazonOrders(JdbcTemplate db, int n) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(db.queryForObject("select count(*) from orders where channel = 'AMAZON'", Integer.class)).isEqualTo(n));
    }

    private static String quoted(List<String> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    /**
     * ORDER_CHANGE notifications through SQS bring orders without waiting for a poll: each changed order is read
     * whole (getOrder with a Restricted Data Token, its items), a notification SQS or Amazon delivers twice is taken
     * once (NotificationId), one that cannot be read is quarantined, and the queue ends empty. With either Orders API.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"v0", "2026-01-01"})
    void orderChangeNotificationsBringOrdersBetweenPollsOncePerNotification(String apiVersion) throws Exception {
        try (AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 50);
             Hub hub = amazon.subscribe(amazon.configure(new Hub("amazon-push", null, dir)))
                     // the first poll runs at start; the next one not within this test
                     .with("kontor.channels.amazon.poll-interval", 3_600_000)
                     .with("kontor.channels.amazon.orders-api-version", apiVersion)) {
            hub.start();
            JdbcTemplate db = hub.jdbc();
            // the start's poll (token, with v0 a Restricted Data Token, then the search) is done before the orders come
            await().atMost(Duration.ofSeconds(30)).until(() -> amazon.answered(200) >= ("v0".equals(apiVersion) ? 3 : 2));
            java.util.List<String> ids = amazon.createOrders(15);
            amazon.queue.send("{\"NotificationType\":\"ORDER_CHANGE\"}");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(db.queryForList("select channel_order_id from orders where channel = 'AMAZON'", String.class))
                        .containsAll(ids);
                assertThat(amazon.queue.depth()).as("every message taken off the queue").isZero();
            });
            assertThat(amazon.queue.deliveries()).as("some notifications were delivered twice").isGreaterThan(ids.size() + 1);
            assertThat(db.queryForObject("select count(*) from camel_messageprocessed where processorname = 'amazon-order-notifications'",
                    Integer.class)).as("each notification taken once").isEqualTo(ids.size());
            assertThat(db.queryForObject("select count(*) from order_versions v join orders o on o.id = v.order_id where o.channel = 'AMAZON'",
                    Integer.class)).isEqualTo(ids.size());
            // the quarantine reaches its table through the dead-letter topic: give it the time that takes
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(db.queryForList("select reason from dead_letters where route_id = 'amazon-order-notifications'", String.class))
                            .singleElement().asString().contains("NotificationId"));
            // buyer data came with the order: v0's getOrder with a Restricted Data Token, v2026's by the app's roles
            assertThat(db.queryForObject("select count(*) from orders where channel = 'AMAZON' and canonical -> 'buyer' ->> 'email' is not null",
                    Integer.class)).isPositive();
            String getOrder = "GET " + ("v0".equals(apiVersion) ? "/orders/v0/orders/" : "/orders/2026-01-01/orders/") + ids.get(0);
            assertThat(amazon.requested).as("read with the configured API").contains(getOrder);
        }
    }
}
