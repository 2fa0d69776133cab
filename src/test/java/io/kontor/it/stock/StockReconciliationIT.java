package io.kontor.it.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.it.Hub;
import io.kontor.it.TopicReader;
import io.kontor.it.TopicWriter;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciliation with the warehouses, the ERP and a channel: each seeded fault is found and classified (a WMS
 * count difference, a shipment the ledger booked twice, a receipt the ERP never got, a channel showing more than it
 * was given), a timing difference is explained by the movements booked after the snapshot and not reported, a run
 * again adds nothing; an admin resolves a discrepancy once (the ledger corrected, or the ledger's figure sent again),
 * recorded and announced on the stock events topic. WMS movements are booked once however often delivered; a snapshot
 * is never booked by itself; a malformed one is quarantined with its reason.
 */
class StockReconciliationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KOELN = "gid://shopify/Location/71001";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void seededFaultsAreFoundAndClassifiedTimingIsExplainedAndAResolutionIsAuditedOnce() throws Exception {
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(2_000, 1_000);
             SandboxSftpServer viennaWms = SandboxSftpServer.serve(dir.resolve("wms-wien"), 0, "wien", "wms-secret", "outbound/stock");
             Hub hub = new Hub("stock-reconciliation", shopify.baseUrl(), dir).withCologneWarehouse()
                     .with("kontor.fulfilment.warehouses[1].code", "AT-WIEN").with("kontor.fulfilment.warehouses[1].country", "AT")
                     .withWmsFiles("AT-WIEN", viennaWms, "wien", "wms-secret", Map.of("delimiter", ";", "time-pattern", "dd.MM.yyyy HH:mm:ss",
                             "time-zone", "Europe/Vienna", "columns.sku", "Artikelnummer", "columns.quantity", "Bestand", "columns.as-of", "Stand",
                             "columns.id", "Beleg", "columns.type", "Art", "columns.reason", "Grund", "types.WE", "RECEIPT"))
                     .withShopifyStockFrom("DE-KOELN")
                     .with("kontor.stock.allocation.SHOPIFY.buffer-units", 0)
                     .with("kontor.stock.reconciliation-enabled", false)) {
            hub.start();
            JdbcTemplate db = hub.jdbc();
            count(hub, "TS-BLK-M", 20);   // matches everywhere
            count(hub, "TS-BLK-L", 10);   // the WMS counts 8
            count(hub, "HD-NAV-M", 30);   // the ledger books a shipment twice
            count(hub, "CP-GRY", 5);      // the WMS has the +2 already, the ledger books it after the snapshot
            count(hub, "BG-TOTE", 9);     // the WMS books a shipment of 2 twice
            count(hub, "SK-TRF", 10);     // 4 go to Vienna; its WMS counts them before the ledger hears of the receipt

            // a transfer's dispatch from the WMS (delivered twice: booked once); a leg with the wrong sign is refused
            String dispatch = "{\"id\":\"WMS-MV-3\",\"warehouse\":\"DE-KOELN\",\"sku\":\"SK-TRF\",\"type\":\"TRANSFER_OUT\",\"quantity\":-4,"
                    + "\"transfer\":\"TO-77\",\"destination\":\"AT-WIEN\"}";
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", dispatch);
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", dispatch);
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", "{\"id\":\"WMS-MV-4\",\"warehouse\":\"DE-KOELN\",\"sku\":\"SK-TRF\","
                    + "\"type\":\"TRANSFER_OUT\",\"quantity\":4,\"transfer\":\"TO-78\",\"destination\":\"AT-WIEN\"}");

            // a receipt outside any purchase order from the WMS, delivered twice: booked once; the ERP never gets it
            String receipt = "{\"id\":\"WMS-MV-1\",\"warehouse\":\"DE-KOELN\",\"sku\":\"MG-CER-350\",\"type\":\"RECEIPT\",\"quantity\":12,"
                    + "\"reason\":\"found pallet\"}";
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", receipt);
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", receipt);
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", "{\"id\":\"WMS-MV-2\",\"warehouse\":\"DE-KOELN\",\"sku\":\"X\",\"type\":\"SHIPPED\",\"quantity\":-1}");
            TopicWriter.send(hub.wmsStockMovementsTopic, "DE-KOELN", "not json at all");
            // a burst, booked together: the one the ledger refuses (fewer than none) is quarantined alone, the others stand
            TopicWriter.sendAll(hub.wmsStockMovementsTopic, List.of(
                    Map.entry("DE-KOELN", "{\"id\":\"WMS-MV-5\",\"warehouse\":\"DE-KOELN\",\"sku\":\"SK-BATCH\",\"type\":\"RECEIPT\",\"quantity\":5}"),
                    Map.entry("DE-KOELN", "{\"id\":\"WMS-MV-6\",\"warehouse\":\"DE-KOELN\",\"sku\":\"TS-BLK-M\",\"type\":\"ADJUSTMENT\",\"quantity\":-100}"),
                    Map.entry("DE-KOELN", "{\"id\":\"WMS-MV-7\",\"warehouse\":\"DE-KOELN\",\"sku\":\"SK-BATCH\",\"type\":\"ADJUSTMENT\",\"quantity\":-2,\"reason\":\"broken\"}")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(onHand(db, "MG-CER-350")).isEqualTo(12);
                assertThat(onHand(db, "SK-TRF")).isEqualTo(6);
                assertThat(onHand(db, "SK-BATCH")).isEqualTo(3);
                assertThat(db.queryForObject("select count(*) from dead_letters where route_id = 'wms-stock-movements'", Integer.class)).isEqualTo(4);
                assertThat(db.queryForObject("select reason from dead_letters where route_id = 'wms-stock-movements' and reason like '%WMS-MV-6%'",
                        String.class)).contains("refused", "fewer than none");
            });
            JsonNode transit = JSON.readTree(get(hub, "/api/stock/SK-TRF")).path("locations");
            assertThat(transit.toString()).contains("{\"location\":\"AT-WIEN\",\"onHand\":0,\"reserved\":0,\"inbound\":0,\"inTransit\":4,\"available\":0}",
                    "{\"location\":\"DE-KOELN\",\"onHand\":6,\"reserved\":0,\"inbound\":0,\"inTransit\":0,\"available\":6}");
            // the same movement delivered twice is booked once: it stays at 12 for a second
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Integer.valueOf(12).equals(onHand(db, "MG-CER-350")));

            // the ledger's fault: one shipment of 3 booked twice (as a WMS reporting it twice under two ids would)
            UUID order = UUID.randomUUID();
            for (int i = 0; i < 2; i++) {
                db.update("insert into stock_movements (sku, warehouse, on_hand_delta, reserved_delta, reason, order_id) values ('HD-NAV-M', 'DE-KOELN', -3, 0, 'SHIPPED', ?)", order);
            }
            db.update("update stock_levels set on_hand = on_hand - 6 where sku = 'HD-NAV-M' and warehouse = 'DE-KOELN'");
            // one shipment of 2 the ledger booked once (the WMS twice)
            db.update("insert into stock_movements (sku, warehouse, on_hand_delta, reserved_delta, reason, order_id) values ('BG-TOTE', 'DE-KOELN', -2, 0, 'SHIPPED', ?)",
                    UUID.randomUUID());
            db.update("update stock_levels set on_hand = on_hand - 2 where sku = 'BG-TOTE' and warehouse = 'DE-KOELN'");

            Instant asOf = Instant.now();
            TopicWriter.send(hub.wmsStockSnapshotsTopic, "DE-KOELN", JSON.writeValueAsString(Map.of("warehouse", "DE-KOELN", "asOf", asOf.toString(),
                    "lines", List.of(line("TS-BLK-M", 20), line("TS-BLK-L", 8), line("HD-NAV-M", 27), line("CP-GRY", 7), line("MG-CER-350", 12),
                    line("BG-TOTE", 5), line("SK-TRF", 6)))));
            // Vienna's WMS drops its files on its SFTP server, in its own columns: a snapshot, movements, one it cannot write right
            String stand = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(java.time.ZoneId.of("Europe/Vienna")).format(asOf);
            drop(viennaWms, "STOCK_0001.csv", "Artikelnummer;Bestand;Stand\nSK-TRF;4;" + stand + "\n");
            drop(viennaWms, "MOVES_0001.csv", "Beleg;Artikelnummer;Art;Bestand;Grund\nB-1;SK-WIEN;WE;3;Fund\n");
            drop(viennaWms, "STOCK_0002.csv", "Artikel;Menge\nSK-TRF;4\n");
            assertThat(post(hub, "/api/stock/erp-snapshots", JSON.writeValueAsString(Map.of("asOf", asOf.toString(), "lines",
                    List.of(Map.of("sku", "TS-BLK-M", "location", "DE-KOELN", "quantity", 20), Map.of("sku", "MG-CER-350", "location", "DE-KOELN", "quantity", 0)))),
                    "admin", Hub.ADMIN_PASSWORD).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject("select count(*) from stock_reports", Integer.class) == 10);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(viennaWms.root().resolve("outbound/stock/error/STOCK_0002.csv.reason.txt")).content()
                        .contains("no column Artikelnummer (sku)");
                assertThat(db.queryForObject("select count(*) from dead_letters where route_id = 'wms-stock-files-AT-WIEN'", Integer.class)).isEqualTo(1);
                assertThat(db.queryForObject("select on_hand from stock_levels where sku = 'SK-WIEN' and warehouse = 'AT-WIEN'", Integer.class)).isEqualTo(3);
            });
            post(hub, "/api/stock/adjustments", "{\"sku\":\"CP-GRY\",\"location\":\"DE-KOELN\",\"quantity\":2,\"reason\":\"late receipt\"}", "admin", Hub.ADMIN_PASSWORD);
            // a snapshot is never booked by itself
            assertThat(onHand(db, "TS-BLK-L")).isEqualTo(10);

            // the shop shows more than the ledger gave it, and has for an hour
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(20).equals(shopify.inventory().available("TS-BLK-M", KOELN)));
            db.update("update stock_sync set reported = published + 4, reported_at = now() - interval '1 hour' where sku = 'TS-BLK-M' and status = 'SYNCED'");

            HttpResponse<String> run = post(hub, "/api/stock/reconciliations", "", "admin", Hub.ADMIN_PASSWORD);
            assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
            JsonNode result = JSON.readTree(run.body());
            Map<String, String> kinds = new HashMap<>();
            result.path("discrepancies").forEach(d -> kinds.put(d.path("sku").asText() + " " + d.path("system").asText(), d.path("classification").asText()));
            assertThat(kinds).containsOnly(
                    Map.entry("TS-BLK-L WMS DE-KOELN", "COUNT_DIFFERENCE"),
                    Map.entry("HD-NAV-M WMS DE-KOELN", "SHIPMENT_BOOKED_TWICE"),
                    Map.entry("BG-TOTE WMS DE-KOELN", "SHIPMENT_BOOKED_TWICE"),
                    Map.entry("MG-CER-350 ERP", "MISSING_RECEIPT"),
                    Map.entry("TS-BLK-M SHOPIFY " + ShopifyEmulatorServer.SHOP, "CHANNEL_DRIFT"));
            assertThat(result.path("explained")).anySatisfy(e -> {
                assertThat(e.path("sku").asText()).isEqualTo("CP-GRY");
                assertThat(e.path("evidence").toString()).contains("ADJUSTMENT +2");
            });
            assertThat(result.path("explained")).anySatisfy(e -> {
                assertThat(e.path("sku").asText()).isEqualTo("SK-TRF");
                assertThat(e.path("system").asText()).isEqualTo("WMS AT-WIEN");
                assertThat(e.path("evidence").toString()).contains("TRANSFER TO-77: 4 in transit from DE-KOELN to AT-WIEN");
            });
            assertThat(post(hub, "/api/stock/reconciliations", "", "admin", Hub.ADMIN_PASSWORD).statusCode()).isEqualTo(201);
            assertThat(db.queryForObject("select count(*) from stock_discrepancies", Integer.class)).as("a second run adds nothing").isEqualTo(5);

            // the day's variance, valued at the last purchase cost (TS-BLK-L was bought at 7.50)
            hub.bean(io.kontor.purchasing.PurchaseOrders.class).store(new io.kontor.model.PurchaseOrder("PO-VAR-1", "DE123456789", "Supplier", "EUR",
                    java.time.LocalDate.now(), List.of(new io.kontor.model.PurchaseOrder.Line(1, "TS-BLK-L", "T-Shirt", java.math.BigDecimal.TEN,
                    new java.math.BigDecimal("7.50"))), "DE-KOELN"));
            JsonNode variance = JSON.readTree(get(hub, "/api/reports/stock-variance"));
            assertThat(variance.path("lines")).anySatisfy(l -> {
                assertThat(l.path("sku").asText()).isEqualTo("TS-BLK-L");
                assertThat(l.path("system").asText()).isEqualTo("WMS DE-KOELN");
                assertThat(l.path("difference").asInt()).isEqualTo(-2);
                assertThat(l.path("value").decimalValue()).isEqualByComparingTo("-15.00");
            });
            assertThat(variance.path("trend")).hasSize(30);
            assertThat(variance.path("trend").get(29).path("lines").asInt()).isEqualTo(variance.path("lines").size());
            assertThat(get(hub, "/api/reports/stock-variance.csv")).startsWith("date,sku,location,system,ledger,reported,difference,unit_cost,currency,value")
                    .contains("TS-BLK-L,DE-KOELN,WMS DE-KOELN,10,8,-2,7.500000,EUR,-15.00");
            HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + "/api/reports/stock-variance.pdf"))
                    .header("Authorization", Hub.basic("ops", Hub.OPS_PASSWORD)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            // inbound: what the open purchase order still brings to Cologne
            assertThat(JSON.readTree(get(hub, "/api/stock/TS-BLK-L")).path("locations").get(0).path("inbound").asInt()).isEqualTo(10);

            JsonNode open = JSON.readTree(get(hub, "/api/stock/discrepancies?status=OPEN"));
            assertThat(open).hasSize(5);
            assertThat(find(open, "BG-TOTE").path("explanation").asText()).contains("WMS DE-KOELN booked it twice");
            long countId = find(open, "TS-BLK-L").path("id").asLong();
            long driftId = find(open, "TS-BLK-M").path("id").asLong();
            assertThat(find(open, "HD-NAV-M").path("evidence").toString()).contains("booked 2 times");
            assertThat(find(open, "MG-CER-350").path("suggestion").asText()).contains("PUSH_LEDGER");

            // resolutions: by an admin only, with a comment, once
            String accept = "{\"action\":\"ACCEPT_COUNT\",\"comment\":\"recounted, two broken\"}";
            assertThat(post(hub, "/api/stock/discrepancies/" + countId + "/resolution", accept, "ops", Hub.OPS_PASSWORD).statusCode()).isEqualTo(403);
            assertThat(post(hub, "/api/stock/discrepancies/" + countId + "/resolution", "{\"action\":\"ACCEPT_COUNT\"}", "admin", Hub.ADMIN_PASSWORD)
                    .statusCode()).isEqualTo(400);
            HttpResponse<String> resolved = post(hub, "/api/stock/discrepancies/" + countId + "/resolution", accept, "admin", Hub.ADMIN_PASSWORD);
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
            assertThat(JSON.readTree(resolved.body()).path("resolvedBy").asText()).isEqualTo("admin");
            assertThat(onHand(db, "TS-BLK-L")).isEqualTo(8);
            assertThat(post(hub, "/api/stock/discrepancies/" + countId + "/resolution", accept, "admin", Hub.ADMIN_PASSWORD).statusCode()).isEqualTo(409);
            assertThat(post(hub, "/api/stock/discrepancies/" + driftId + "/resolution", accept, "admin", Hub.ADMIN_PASSWORD).statusCode())
                    .as("a channel's figure is not taken over").isEqualTo(400);
            shopify.inventory().setByHand("TS-BLK-M", KOELN, 24);
            assertThat(post(hub, "/api/stock/discrepancies/" + driftId + "/resolution", "{\"action\":\"PUSH_LEDGER\",\"comment\":\"the ledger is right\"}",
                    "admin", Hub.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(20).equals(shopify.inventory().available("TS-BLK-M", KOELN)));

            // the transfer arrives: at most what is in transit, then received; nothing is left in transit
            assertThat(post(hub, "/api/stock/transfers/TO-77/SK-TRF/receipts", "{\"quantity\":5}", "admin", Hub.ADMIN_PASSWORD).statusCode()).isEqualTo(400);
            HttpResponse<String> arrived = post(hub, "/api/stock/transfers/TO-77/SK-TRF/receipts", "{\"quantity\":4}", "admin", Hub.ADMIN_PASSWORD);
            assertThat(arrived.statusCode()).as(arrived.body()).isEqualTo(200);
            assertThat(JSON.readTree(arrived.body()).path("status").asText()).isEqualTo("RECEIVED");
            assertThat(JSON.readTree(get(hub, "/api/stock/SK-TRF")).path("locations").toString()).contains(
                    "{\"location\":\"AT-WIEN\",\"onHand\":4,\"reserved\":0,\"inbound\":0,\"inTransit\":0,\"available\":4}");
            assertThat(JSON.readTree(get(hub, "/api/stock/SK-TRF/movements")).findValuesAsText("reference"))
                    .containsExactly("transfer TO-77 from DE-KOELN", "transfer TO-77 to AT-WIEN", "admin");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> events = new ArrayList<>();
                TopicReader.readAll(hub.stockEventsTopic).forEach(r -> events.add(r.value()));
                assertThat(events.stream().filter(e -> e.contains("\"DISCREPANCY_FOUND\""))).hasSize(5);
                assertThat(events.stream().filter(e -> e.contains("\"DISCREPANCY_RESOLVED\""))).hasSize(2)
                        .anySatisfy(e -> assertThat(e).contains("recounted, two broken", "\"resolvedBy\":\"admin\""));
            });
        }
    }

    /** A file as a WMS writes one: under a temporary name, then renamed. */
    private static void drop(SandboxSftpServer sftp, String name, String content) throws java.io.IOException {
        Path folder = sftp.root().resolve("outbound/stock");
        java.nio.file.Files.writeString(folder.resolve("." + name + ".tmp"), content);
        java.nio.file.Files.move(folder.resolve("." + name + ".tmp"), folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> line(String sku, int quantity) {
        return Map.of("sku", sku, "quantity", quantity);
    }

    private static JsonNode find(JsonNode list, String sku) {
        for (JsonNode d : list) {
            if (sku.equals(d.path("sku").asText())) {
                return d;
            }
        }
        throw new AssertionError("no discrepancy for " + sku + " in " + list);
    }

    private static Integer onHand(JdbcTemplate db, String sku) {
        return db.query("select on_hand from stock_levels where sku = ? and warehouse = 'DE-KOELN'", rs -> rs.next() ? rs.getInt(1) : null, sku);
    }

    private void count(Hub hub, String sku, int onHand) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + "/api/stock/DE-KOELN/" + sku))
                .header("Authorization", Hub.basic("admin", Hub.ADMIN_PASSWORD)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\":" + onHand + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String get(Hub hub, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + path))
                .header("Authorization", Hub.basic("ops", Hub.OPS_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(Hub hub, String path, String body, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + path))
                .header("Authorization", Hub.basic(user, password)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
