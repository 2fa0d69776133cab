package io.kontor.it;

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

    /**
     * The same with all five sources flowing — Shopify, Amazon (polled and notified), eBay, a wholesale partner's CSV
     * and EDIFACT files — and fulfilment on: after the restart every order each source created is stored, each
     * version once on the ERP feed, and no stock unit is reserved twice.
     */
    @Test
    void allFiveSourcesLoseAndDuplicateNothingAcrossARestart() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 50);
             EbayEmulatorServer ebay = new EbayEmulatorServer();
             io.kontor.sandbox.wholesale.SandboxSftpServer sftp = io.kontor.sandbox.wholesale.SandboxSftpServer.start(dir.resolve("sftp"), 0,
                     "acme", "sftp-secret");
             Hub hub = amazon.subscribe(ebay.configure(amazon.configure(new Hub("restart-all", shopify.baseUrl(), dir))))
                     .withWholesalePartner(sftp, "acme", "sftp-secret")
                     .with("kontor.fulfilment.enabled", true)
                     .with("kontor.fulfilment.warehouses[0].code", "DE-KOELN")
                     .with("kontor.fulfilment.warehouses[0].country", "DE")
                     .with("kontor.fulfilment.warehouses[0].zones", "AT,NL,FR,CH,GB,US,SE")) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(3)));
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 9, clock);
            io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator partner = new io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator(
                    sftp.ordersDir(), "acme", 9, clock);
            java.util.Set<String> amazonIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.Set<String> ebayIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger ticks = new AtomicInteger();
            traffic.scheduleAtFixedRate(() -> {
                clock.advance(Duration.ofSeconds(1));
                shop.createOrder();
                shop.updateRandomOrder();
                int tick = ticks.incrementAndGet();
                if (tick % 10 == 0) { // the marketplaces at a tenth of the shop's pace, within their rate limits
                    amazonIds.addAll(amazon.createOrders(1));
                    ebay.ordersClock.advance(Duration.ofSeconds(1));
                    ebayIds.add(ebay.generator.createOrder(Duration.ZERO));
                }
                if (tick % 25 == 0) {
                    partner.writeFile();
                    partner.writeEdifact(sftp.edifactDir());
                }
            }, 0, 40, TimeUnit.MILLISECONDS);

            hub.start();
            io.kontor.stock.StockLedger ledger = hub.bean(io.kontor.stock.StockLedger.class);
            for (io.kontor.sandbox.SandboxCatalog.Product p : io.kontor.sandbox.SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", 100_000, "STOCK_COUNT", "it");
            }
            for (String sku : io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator.skus()) {
                ledger.setOnHand(sku, "DE-KOELN", 100_000, "STOCK_COUNT", "it");
            }
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.queryForObject("select count(distinct channel) from orders", Integer.class) == 5);
            hub.stop(); // mid-stream: every source goes on while the hub is down
            TimeUnit.SECONDS.sleep(3);
            hub.start();
            TimeUnit.SECONDS.sleep(3);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

            OrderFlowAssertions.awaitShopMirrored(shopify.shop, db, Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(db.queryForList("select channel_order_id from orders where channel = 'AMAZON'", String.class))
                        .containsExactlyInAnyOrderElementsOf(amazonIds);
                assertThat(db.queryForList("select channel_order_id from orders where channel = 'EBAY'", String.class))
                        .containsExactlyInAnyOrderElementsOf(ebayIds);
                try (var left = java.nio.file.Files.list(sftp.ordersDir()); var edi = java.nio.file.Files.list(sftp.edifactDir())) {
                    assertThat(left.filter(java.nio.file.Files::isRegularFile)).as("CSV files not yet taken").isEmpty();
                    assertThat(edi.filter(java.nio.file.Files::isRegularFile)).as("interchanges not yet taken").isEmpty();
                }
            });
            assertThat(db.queryForObject("select count(*) from orders where channel like 'WHOLESALE_%'", Integer.class)).isPositive();
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
            // every unit reserved once: the ledger's reserved equals what the orders hold
            assertThat(db.queryForObject("select coalesce(sum(reserved), 0) from stock_levels", Long.class))
                    .isEqualTo(db.queryForObject("select coalesce(sum(reserved), 0) from stock_reservations", Long.class));
        } finally {
            traffic.shutdownNow();
        }
    }
}
