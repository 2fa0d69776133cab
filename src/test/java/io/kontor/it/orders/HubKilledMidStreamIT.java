package io.kontor.it.orders;

import io.kontor.it.Hub;
import io.kontor.it.TopicReader;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.kontor.it.invoices.InvoiceApi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.sandbox.wholesale.SandboxSftpServer;
import io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub in a JVM of its own, killed with SIGKILL twice while all five sources keep selling — once in full flow,
 * once while it catches up on what came in while it was down — then started a third time. Whatever the kill cut
 * (a page half queued, an intake transaction, an ERP batch sent but not marked, a partner file half read), in the
 * end every channel order is stored once at its latest version with all its versions, stock is reserved once per
 * order line and never oversold, and every version reaches the ERP feed (a version sent again after a kill is the
 * same document: the feed is at least once, keyed by order and revision).
 */
class HubKilledMidStreamIT {

    private static final Set<String> SCARCE_SKUS = Set.of("TS-BLK-M", "HD-NAV-M", "MG-CER-350");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killedTwiceMidStreamNothingIsLostOrStoredTwice() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 50);
             EbayEmulatorServer ebay = new EbayEmulatorServer();
             SandboxSftpServer sftp = SandboxSftpServer.start(dir.resolve("sftp"), 0, "acme", "sftp-secret");
             Hub hub = ebay.configure(amazon.configure(new Hub("killed", shopify.baseUrl(), dir)))
                     .withWholesalePartner(sftp, "acme", "sftp-secret")
                     .withCologneWarehouse()
                     .with("kontor.fulfilment.wave-interval", 3_600_000)) {
            // orders placed an hour back in time, so the channels' "not newer than" rules never hide them
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 11, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
            shop.sellerShips(false);
            amazon.generator.sellerShips(false);
            ebay.generator.sellerShips(false);
            WholesaleOrderFileGenerator partner = new WholesaleOrderFileGenerator(sftp.ordersDir(), "acme", 5,
                    new io.kontor.testing.MutableClock(Instant.now().minus(Duration.ofHours(1))));
            JdbcTemplate db = hub.jdbc();
            // the three runs' output, kept for a look after a failure
            Path logs = java.nio.file.Files.createDirectories(Path.of("target", "it-logs"));

            hub.startProcess(logs.resolve("hub-killed-1.log"));
            Map<String, Integer> opening = stockUp(InvoiceApi.client(hub, "admin", Hub.ADMIN_PASSWORD));
            // every 100 ms a Shopify order and a change; Amazon twice and eBay once a second; a partner file every few seconds
            AtomicInteger tick = new AtomicInteger();
            traffic.scheduleAtFixedRate(() -> {
                int t = tick.incrementAndGet();
                shop.createOrder();
                shop.updateRandomOrder();
                if (t % 5 == 0) {
                    amazon.generator.advance(amazon.createOrders(1).get(0));
                }
                if (t % 10 == 0) {
                    // eBay stamps a change with its own now, a second after the last one at the least
                    Duration behind = Duration.between(ebay.ordersClock.instant(), Instant.now());
                    ebay.ordersClock.advance(behind.isNegative() ? Duration.ofSeconds(1) : behind.plusSeconds(1));
                    ebay.generator.createOrder(Duration.ZERO);
                }
                try {
                    if (t % 40 == 0) {
                        partner.writeFile();
                    } else if (t % 40 == 20) {
                        partner.writeEdifact(sftp.edifactDir());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            // kill -9 in full flow
            awaitStored(db, 60);
            hub.kill();
            awaitTraffic(tick, 20); // two seconds of selling while the hub is down
            // started again with a backlog; killed again while catching up
            int beforeSecondKill = stored(db);
            hub.startProcess(logs.resolve("hub-killed-2.log"));
            awaitStored(db, beforeSecondKill + 40);
            hub.kill();
            hub.startProcess(logs.resolve("hub-killed-3.log"));
            awaitTraffic(tick, 30);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tick.get()).as("traffic ticks").isGreaterThan(100);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(db.queryForObject("select count(*) from orders where channel = 'SHOPIFY'", Integer.class)).isEqualTo(shopify.shop.size());
                assertThat(db.queryForObject("select count(*) from orders where channel = 'AMAZON'", Integer.class)).isEqualTo(amazon.seller.size());
                assertThat(db.queryForObject("select count(*) from orders where channel = 'EBAY'", Integer.class)).isEqualTo(ebay.seller.size());
                // a file the kill left between recorded as taken and moved is moved to done/ on a later poll
                assertThat(OrderFlowAssertions.partnerFilesLeft(sftp)).as("partner files left in the drop").isEmpty();
            });
            assertThat(db.queryForList("select channel || ' ' || channel_order_id from orders group by 1 having count(*) > 1", String.class))
                    .as("orders stored twice").isEmpty();
            OrderFlowAssertions.awaitShopMirrored(shopify.shop, db, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from order_versions where erp_published_at is null", Integer.class)).isZero());
            OrderFlowAssertions.assertNoOversellAndEveryOrderRoutedOrHeld(db, opening);
            assertThat(db.queryForObject("select count(*) from order_versions", Integer.class))
                    .isEqualTo(db.queryForObject("select coalesce(sum(revision), 0)::int from orders", Integer.class));
            assertThat(db.queryForList("select kind || ' ' || route_id || ': ' || reason from dead_letters", String.class))
                    .as("nothing parked").isEmpty();
            assertEveryVersionFedToTheErp(db, hub.erpTopic);
        } finally {
            traffic.shutdownNow();
        }
    }

    /** Every product in the one warehouse: a few of some (every source sells them, so some orders must wait), plenty of the rest. */
    private static Map<String, Integer> stockUp(RestClient admin) {
        Map<String, Integer> opening = new HashMap<>();
        SandboxCatalog.PRODUCTS.forEach(p -> opening.put(p.sku(), SCARCE_SKUS.contains(p.sku()) ? 5 : 100_000));
        WholesaleOrderFileGenerator.skus().forEach(sku -> opening.putIfAbsent(sku, 100_000));
        opening.forEach((sku, units) -> admin.put().uri("/api/stock/DE-KOELN/" + sku).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("onHand", units, "note", "opening")).retrieve().toBodilessEntity());
        return opening;
    }

    /** Waits until the traffic has made {@code ticks} more ticks (100 ms each). */
    private static void awaitTraffic(AtomicInteger tick, int ticks) {
        int until = tick.get() + ticks;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> tick.get() >= until);
    }

    private static int stored(JdbcTemplate db) {
        return db.queryForObject("select count(*) from orders", Integer.class);
    }

    private static void awaitStored(JdbcTemplate db, int atLeast) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> stored(db) >= atLeast);
    }

    /** Each stored version is on the ERP topic; one that appears more than once (sent again after a kill) is the same record. */
    private static void assertEveryVersionFedToTheErp(JdbcTemplate db, String erpTopic) throws Exception {
        Map<String, JsonNode> fed = new HashMap<>();
        int again = 0;
        for (ConsumerRecord<String, String> r : TopicReader.readAll(erpTopic)) {
            JsonNode doc = JSON.readTree(r.value());
            String version = doc.get("orderId").asText() + "#" + doc.get("revision").asInt();
            JsonNode before = fed.put(version, doc);
            if (before != null) {
                // sent again from the stored version: the same document (PostgreSQL's jsonb may order its keys differently)
                again++;
                assertThat(doc).as("ERP record %s sent again", version).isEqualTo(before);
            }
        }
        assertThat(fed.keySet()).containsExactlyInAnyOrderElementsOf(
                db.queryForList("select order_id::text || '#' || revision from order_versions", String.class));
        System.out.printf("ERP feed after two kills: %d versions, %d records sent again%n", fed.size(), again);
    }
}
