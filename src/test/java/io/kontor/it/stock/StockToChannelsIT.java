package io.kontor.it.stock;

import io.kontor.it.Hub;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.sandbox.wholesale.SandboxPartnerStock;
import io.kontor.sandbox.wholesale.SandboxSftpServer;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One ledger, four channels: a stock change reaches the Shopify location, the eBay listing, the Amazon listing and the
 * wholesale partner's STOCK csv and INVRPT, each with its own figure (its warehouses, its buffer); a burst of changes is coalesced, so each channel gets the
 * newest figure with fewer calls than changes and within its rate limits (the emulators enforce them and would answer
 * 429); stock Amazon fulfils itself is never written.
 */
class StockToChannelsIT {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final String KOELN = "gid://shopify/Location/71001";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eachChannelGetsItsFigureOnceTheBurstSettlesAndWithinItsLimits() throws Exception {
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(2_000, 1_000);
             EbayEmulatorServer ebay = new EbayEmulatorServer();
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 1);
             SandboxSftpServer partner = SandboxSftpServer.start(dir.resolve("sftp"), 0, "acme", "sftp-secret");
             Hub hub = amazon.configure(ebay.configure(new Hub("stock-channels", shopify.baseUrl(), dir)))
                     .withWholesalePartner(partner, "ACME", "sftp-secret")
                     .with("kontor.channels.wholesale-csv.stock.interval", 500)
                     .with("kontor.channels.wholesale-edifact.stock.interval", 500)
                     .withCologneWarehouse()
                     .with("kontor.fulfilment.warehouses[1].code", "AT-WIEN")
                     .with("kontor.fulfilment.warehouses[1].country", "AT")
                     .withShopifyStockFrom("DE-KOELN")
                     .with("kontor.stock.allocation.SHOPIFY.buffer-units", 1)
                     .with("kontor.stock.allocation.EBAY.buffer-units", 2)
                     .with("kontor.stock.allocation.EBAY.show-at-most", 1_000_000) // no cap here: every figure shows
                     .with("kontor.channels.ebay.stock.read-interval", 500)
                     .with("kontor.channels.amazon.stock.read-back-interval", 500)
                     .with("kontor.channels.amazon.stock.read-back-settle", "PT0S")
                     .with("kontor.channels.amazon.stock.fba-read-interval", 1000)
                     .with("kontor.stock.not-sellable-after", "PT1S")
                     .with("kontor.channels.amazon.stock.feed-threshold", 8)
                     .with("kontor.channels.amazon.stock.feed-interval", 500)
                     .with("kontor.channels.amazon.stock.feed-check-interval", 500)
                     .with("kontor.stock.allocation.AMAZON.buffer-percent", 10)
                     .with("kontor.stock.allocation.AMAZON.warehouses", "DE-KOELN")) {
            hub.start();
            JdbcTemplate db = hub.jdbc();
            String sku = SandboxCatalog.PRODUCTS.get(0).sku();

            count(hub, "DE-KOELN", sku, 20);
            count(hub, "AT-WIEN", sku, 5); // Shopify's location and Amazon do not sell from Vienna; eBay does
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(shopify.inventory().available(sku, KOELN)).isEqualTo(19);
                assertThat(ebay.inventory.listed(sku)).isEqualTo(23);
                assertThat(amazon.api.listings().sellable(sku)).isEqualTo(18);
                // the partner reads its STOCK csv and its INVRPT as its own system would
                assertThat(SandboxPartnerStock.read(partner.root().resolve("inbound/stock"))).containsEntry(sku, 25);
                try (var files = java.nio.file.Files.list(partner.root().resolve("inbound/stock"))) {
                    List<String> names = files.map(f -> f.getFileName().toString()).toList();
                    assertThat(names).anyMatch(n -> n.startsWith("STOCK_ACME_")).anyMatch(n -> n.startsWith("INVRPT_ACME_"));
                }
                // the EDIFACT way on its own: the reports read in the order they were written
                java.util.Map<String, Integer> fromInvrpt = new java.util.TreeMap<>();
                try (var files = java.nio.file.Files.list(partner.root().resolve("inbound/stock"))) {
                    for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().startsWith("INVRPT_")).sorted().toList()) {
                        fromInvrpt.putAll(SandboxPartnerStock.invrpt(f));
                    }
                }
                assertThat(fromInvrpt).containsEntry(sku, 25);
            });

            // eBay sends no webhook: its figures read back are the hub's own (an echo); one set in Seller Hub is found and overwritten
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(23).equals(db.query(
                    "select reported from stock_sync where channel = 'EBAY' and sku = ?", rs -> rs.next() ? (Integer) rs.getObject(1) : null, sku)));
            assertThat(db.queryForObject("select count(*) from stock_channel_edits where channel = 'EBAY'", Integer.class)).isZero();
            ebay.inventory.setByHand(sku, 30);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.queryForList("select published || '>' || found from stock_channel_edits where channel = 'EBAY' and sku = ?",
                        String.class, sku)).containsExactly("23>30");
                assertThat(ebay.inventory.listed(sku)).isEqualTo(23);
            });

            // Amazon neither: its listings are read back, the echo recognised, a quantity set in Seller Central found and overwritten
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(18).equals(db.query(
                    "select reported from stock_sync where channel = 'AMAZON' and sku = ?", rs -> rs.next() ? (Integer) rs.getObject(1) : null, sku)));
            amazon.api.listings().setByHand(sku, 30);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.queryForList("select published || '>' || found from stock_channel_edits where channel = 'AMAZON' and sku = ?",
                        String.class, sku)).containsExactly("18>30");
                assertThat(amazon.api.listings().attributeEntries(sku)).containsEntry("DEFAULT", 18);
            });

            // stock Amazon fulfils is Amazon's: read from Amazon and shown beside the warehouses as the channel's own ...
            String fba = amazon.api.listings().fbaSkus().get(0);
            int fbaBefore = amazon.api.listings().attributeEntries(fba).get("AMAZON_EU");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(JSON.readTree(get(hub, "/api/stock/" + fba)).path("held"))
                    .anySatisfy(h -> {
                        assertThat(h.path("channel").asText()).isEqualTo("AMAZON");
                        assertThat(h.path("fulfillable").asInt()).isEqualTo(fbaBefore);
                        assertThat(h.path("total").asInt()).isEqualTo(fbaBefore);
                    }));
            // ... and never written: a change of the warehouses' stock goes to the other channels, not to Amazon
            count(hub, "DE-KOELN", fba, 40);
            await().atMost(Duration.ofSeconds(30)).until(() -> "SYNCED".equals(db.query(
                    "select status from stock_sync where channel = 'EBAY' and sku = ?", rs -> rs.next() ? rs.getString(1) : null, fba)));
            assertThat(db.queryForList("select status from stock_sync where channel = 'AMAZON' and sku = ?", String.class, fba)).isEmpty();
            assertThat(amazon.api.listings().attributeEntries(fba)).containsEntry("AMAZON_EU", fbaBefore).doesNotContainKey("DEFAULT");
            assertThat(amazon.requested).noneMatch(r -> r.endsWith("/" + fba));

            // a burst: 40 changes on four SKUs; each channel ends on the newest figure, with fewer calls than changes
            List<String> burst = List.of(SandboxCatalog.PRODUCTS.get(1).sku(), SandboxCatalog.PRODUCTS.get(2).sku(),
                    SandboxCatalog.PRODUCTS.get(3).sku(), SandboxCatalog.PRODUCTS.get(4).sku());
            int ebayCallsBefore = ebay.stockCalls.size();
            for (int round = 1; round <= 10; round++) {
                for (String s : burst) {
                    count(hub, "DE-KOELN", s, 10 * round);
                }
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (String s : burst) {
                    assertThat(shopify.inventory().available(s, KOELN)).isEqualTo(99);
                    assertThat(ebay.inventory.listed(s)).isEqualTo(98);
                    assertThat(amazon.api.listings().sellable(s)).isEqualTo(90);
                }
            });
            assertThat(ebay.stockCalls.size() - ebayCallsBefore).as("coalesced: fewer calls than the 40 changes").isLessThan(40);
            assertThat(amazon.throttledPaths).as("Amazon's 5/s for patchListingsItem never exceeded")
                    .noneMatch(p -> p.contains("/listings/"));

            // a bulk change (goods received for twelve SKUs at once): Amazon gets one listings feed, not twelve patches
            amazon.api.feeds().timing(Duration.ofSeconds(1), Duration.ofSeconds(1));
            List<String> bulk = SandboxCatalog.PRODUCTS.subList(5, 17).stream().map(SandboxCatalog.Product::sku).toList();
            hub.bean(io.kontor.stock.StockLedger.class).bookAll(bulk.stream()
                    .map(s -> io.kontor.stock.StockLedger.Booking.receipt(s, "DE-KOELN", 30, "PO-BULK")).toList());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForList(
                    "select status || ' ' || accepted from amazon_stock_feeds", String.class)).containsExactly("ANSWERED 12"));
            for (String s : bulk) {
                assertThat(amazon.api.listings().sellable(s)).as(s).isEqualTo(27);
            }
            assertThat(amazon.requested).as("the backlog went as one feed, none of it as patches")
                    .containsOnlyOnce("POST /feeds/2021-06-30/feeds").noneMatch(r -> bulk.stream().anyMatch(s -> r.equals("PATCH /listings/2021-08-01/items/"
                            + AmazonEmulatorServer.SELLER + "/" + s)));

            // accepted but not sellable: the listing takes the new figure, Amazon's summarised view keeps the old one —
            // read back beside the setting, and found by the reconciliation once Amazon should long have shown it
            String stuck = bulk.get(0);
            amazon.api.listings().summaryStuck(stuck, Instant.now().plus(Duration.ofMinutes(5)));
            count(hub, "DE-KOELN", stuck, 50);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(JSON.readTree(get(hub, "/api/stock/" + stuck)).path("channels"))
                    .anySatisfy(c -> {
                        assertThat(c.path("channel").asText()).isEqualTo("AMAZON");
                        assertThat(c.path("reported").asInt()).isEqualTo(45);
                        assertThat(c.path("sellable").asInt()).isEqualTo(27);
                    }));
            // the reconciliation's bound (1 s here) after Amazon took the figure has to pass, and a read after it: looked at until then
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + "/api/stock/reconciliations"))
                        .header("Authorization", Hub.basic("admin", Hub.ADMIN_PASSWORD)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(run.statusCode()).isEqualTo(201);
                assertThat(JSON.readTree(get(hub, "/api/stock/discrepancies?status=OPEN&sku=" + stuck))).anySatisfy(d -> {
                    assertThat(d.path("sku").asText()).isEqualTo(stuck);
                    assertThat(d.path("kind").asText()).isEqualTo("NOT_SELLABLE");
                    assertThat(d.path("reported").asInt()).isEqualTo(27);
                });
            });

            // and the hub knows it: every figure acknowledged (the partner's files go out every 500 ms)
            await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject(
                    "select count(*) from stock_sync where status in ('PENDING', 'IN_FLIGHT')", Integer.class) == 0);
            // every channel's answers are kept for the stock dashboard, with the lag of each acknowledgement
            assertThat(db.queryForList("select distinct channel from stock_sync_outcomes where outcome = 'ACKNOWLEDGED' and lag_ms >= 0", String.class))
                    .contains("SHOPIFY", "EBAY", "AMAZON", "WHOLESALE_CSV");
        }
    }

    private String get(Hub hub, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + path))
                .header("Authorization", Hub.basic("ops", Hub.OPS_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private void count(Hub hub, String warehouse, String sku, int onHand) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + "/api/stock/" + warehouse + "/" + sku))
                .header("Authorization", Hub.basic("admin", Hub.ADMIN_PASSWORD)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\":" + onHand + ",\"note\":\"count\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
