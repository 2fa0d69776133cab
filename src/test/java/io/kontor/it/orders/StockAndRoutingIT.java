package io.kontor.it.orders;

import io.kontor.it.Hub;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.stock.StockLedger;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stock reservation and warehouse routing with Shopify and Amazon orders competing for the same scarce SKUs: the
 * ledger never promises a unit twice, every order is either fully reserved or waits as a backorder for exactly what
 * is missing, stock that arrives goes to the waiting orders, and shipments and cancellations from the channels take
 * units out of stock or give them back.
 */
class StockAndRoutingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Hub withWarehouses(Hub hub) {
        return hub.with("kontor.fulfilment.enabled", true)
                .with("kontor.fulfilment.backorder-retry-interval", 500)
                .with("kontor.fulfilment.split-channels", "SHOPIFY,AMAZON")
                .with("kontor.fulfilment.warehouses[0].code", "DE-KOELN")
                .with("kontor.fulfilment.warehouses[0].name", "Köln")
                .with("kontor.fulfilment.warehouses[0].country", "DE")
                .with("kontor.fulfilment.warehouses[0].zones", "AT,NL,FR,CH")
                .with("kontor.fulfilment.warehouses[0].cost-per-order", "4.20")
                .with("kontor.fulfilment.warehouses[1].code", "GB-LEEDS")
                .with("kontor.fulfilment.warehouses[1].name", "Leeds")
                .with("kontor.fulfilment.warehouses[1].country", "GB")
                .with("kontor.fulfilment.warehouses[1].zones", "IE")
                .with("kontor.fulfilment.warehouses[1].cost-per-order", "5.10");
    }

    @Test
    void channelsCompetingForScarceStockNeverGetAUnitTwice() throws Exception {
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 60);
             Hub hub = withWarehouses(amazon.configure(new Hub("stock", shopify.baseUrl(), dir)))) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 23, clock);
            hub.start();
            StockLedger ledger = hub.bean(StockLedger.class);
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", 2, "STOCK_COUNT", "it");
                ledger.setOnHand(p.sku(), "GB-LEEDS", 1, "STOCK_COUNT", "it");
            }
            for (int i = 0; i < 30; i++) {
                clock.advance(Duration.ofSeconds(1));
                shop.createOrder();
            }
            amazon.createOrders(20);
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(50));
            awaitSettled(db);
            assertLedgerConsistent(db);
            int backordered = backordered(db).size();
            assertThat(backordered).as("scarce stock leaves orders waiting").isPositive();
            // both channels may split: a SKU an order waits for has no unit left in any warehouse
            for (String sku : waitedFor(db)) {
                assertThat(db.queryForObject("select coalesce(sum(on_hand - reserved), 0) from stock_levels where sku = ?", Integer.class, sku))
                        .as("units of %s available while an order waits for it", sku).isZero();
            }

            JsonNode routed = JSON.readTree(db.queryForObject("""
                    select canonical::text from orders where canonical -> 'routing' -> 'warehouses' -> 0 is not null
                    and status <> 'ON_HOLD' limit 1""", String.class));
            assertThat(routed.at("/routing/rule").asText()).isIn("SINGLE_WAREHOUSE", "SPLIT");
            assertThat(routed.at("/routing/candidates/0/reasons").toString()).contains("units", "cost per order");

            // only stock ends a backorder: a person cannot release it
            UUID waiting = UUID.fromString(backordered(db).get(0));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub.bean(io.kontor.orders.OrderHolds.class)
                            .release(waiting, List.of("BACKORDER"), "admin", "ship it anyway"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stock");

            // a goods receipt: the waiting orders get their units, each as a new revision for the ERP
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", ledger.level(p.sku(), "DE-KOELN").onHand() + 40, "GOODS_RECEIPT", "it");
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(backordered(db)).isEmpty());
            assertLedgerConsistent(db);
            assertThat(db.queryForObject("select count(*) from orders where revision > 1", Integer.class)).isGreaterThanOrEqualTo(backordered);

            // the channels move on: shipments take units out of stock, cancellations give them back
            for (int i = 0; i < 40; i++) {
                clock.advance(Duration.ofSeconds(1));
                shop.updateRandomOrder();
            }
            amazon.ordersClock.advance(Duration.ofSeconds(5));
            amazon.generator.openOrders().forEach(amazon.generator::advance);
            OrderFlowAssertions.awaitShopMirrored(shopify.shop, db, Duration.ofSeconds(60));
            awaitSettled(db);
            assertLedgerConsistent(db);
            assertThat(db.queryForObject("select coalesce(sum(consumed), 0) from stock_reservations", Integer.class))
                    .as("shipped units left the stock").isPositive();
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }

    @Test
    void theLastUnitsGoToExactlyAsManyOrdersAsThereAreUnits() throws Exception {
        try (Hub hub = withWarehouses(new Hub("last-unit", null, dir))) {
            hub.start();
            StockLedger ledger = hub.bean(StockLedger.class);
            TransactionTemplate tx = hub.bean(TransactionTemplate.class);
            JdbcTemplate db = hub.jdbc();
            ledger.setOnHand("LAST-UNIT", "DE-KOELN", 5, "STOCK_COUNT", "it");
            List<UUID> orderIds = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                UUID id = UUID.randomUUID();
                db.update("""
                        insert into orders (id, channel, channel_account, channel_order_id, status, currency, channel_updated_at,
                                            content_sha256, canonical, raw_payload)
                        values (?, 'SHOPIFY', 'it', ?, 'OPEN', 'EUR', now(), 'x', '{}'::jsonb, '{}'::jsonb)""", id, "o" + i);
                orderIds.add(id);
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> got = new ArrayList<>();
            for (UUID id : orderIds) {
                got.add(pool.submit(() -> {
                    start.await();
                    return tx.execute(s -> {
                        io.kontor.stock.StockBook book = ledger.open(List.of("LAST-UNIT"), List.of(id));
                        int taken = book.reserve(id, "1", "LAST-UNIT", "DE-KOELN", 1);
                        book.flush();
                        return taken;
                    });
                }));
            }
            start.countDown();
            int winners = 0;
            UUID winner = null;
            for (int i = 0; i < got.size(); i++) {
                winners += got.get(i).get();
                winner = got.get(i).get() == 1 ? orderIds.get(i) : winner;
            }
            pool.shutdown();
            assertThat(winners).isEqualTo(5);
            StockLedger.Level level = ledger.level("LAST-UNIT", "DE-KOELN");
            assertThat(level.reserved()).isEqualTo(5);
            assertThat(level.available()).isZero();
            assertThat(db.queryForObject("select count(*) from stock_reservations where sku = 'LAST-UNIT'", Integer.class)).isEqualTo(5);
            // and a count below what is promised is refused
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.setOnHand("LAST-UNIT", "DE-KOELN", 4, "STOCK_COUNT", "it"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("reserved");

            // one book, several changes: what it lists before writing is what the ledger holds after commit
            ledger.setOnHand("CUP-03", "DE-KOELN", 10, "STOCK_COUNT", "it");
            ledger.setOnHand("CUP-03", "GB-LEEDS", 3, "STOCK_COUNT", "it");
            UUID order = winner; // holds one LAST-UNIT on its line "1"
            long movementsBefore = db.queryForObject("select count(*) from stock_movements", Long.class);
            List<StockLedger.Reservation> booked = tx.execute(s -> {
                io.kontor.stock.StockBook book = ledger.open(List.of("CUP-03", "LAST-UNIT"), List.of(order));
                assertThat(book.reserve(order, "2", "CUP-03", "GB-LEEDS", 5)).isEqualTo(3); // all Leeds has
                assertThat(book.reserve(order, "2", "CUP-03", "DE-KOELN", 2)).isEqualTo(2);
                assertThat(book.reserve(order, "3", "CUP-03", "DE-KOELN", 4)).isEqualTo(4);
                book.release(order, "3", "CUP-03", "DE-KOELN", 1);
                book.consume(order, "2", "CUP-03", "GB-LEEDS", 2);
                book.consume(order, "1", "LAST-UNIT", "DE-KOELN", 1);
                assertThat(book.available(List.of("CUP-03"))).isEqualTo(Map.of("CUP-03", Map.of("DE-KOELN", 5, "GB-LEEDS", 0)));
                // more than a line holds, or stock not opened in this book: refused, nothing written
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> book.release(order, "3", "CUP-03", "DE-KOELN", 4))
                        .isInstanceOf(IllegalStateException.class);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> book.reserve(order, "4", "MUG-01", "DE-KOELN", 1))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in this book");
                List<StockLedger.Reservation> listed = book.reservations(order);
                book.flush();
                org.assertj.core.api.Assertions.assertThatThrownBy(book::flush).isInstanceOf(IllegalStateException.class);
                return listed;
            });
            List<StockLedger.Reservation> committed = tx.execute(s -> ledger.open(List.of(), List.of(order)).reservations(order));
            assertThat(committed).isEqualTo(booked)
                    .containsExactly(new StockLedger.Reservation("1", "LAST-UNIT", "DE-KOELN", 0, 1),
                            new StockLedger.Reservation("2", "CUP-03", "DE-KOELN", 2, 0),
                            new StockLedger.Reservation("2", "CUP-03", "GB-LEEDS", 1, 2),
                            new StockLedger.Reservation("3", "CUP-03", "DE-KOELN", 3, 0));
            assertThat(ledger.level("CUP-03", "DE-KOELN")).isEqualTo(new StockLedger.Level("CUP-03", "DE-KOELN", 10, 5));
            assertThat(ledger.level("CUP-03", "GB-LEEDS")).isEqualTo(new StockLedger.Level("CUP-03", "GB-LEEDS", 1, 1));
            assertThat(ledger.level("LAST-UNIT", "DE-KOELN")).isEqualTo(new StockLedger.Level("LAST-UNIT", "DE-KOELN", 4, 4));
            // every change journalled, the refused ones not
            assertThat(db.queryForObject("select count(*) from stock_movements", Long.class) - movementsBefore).isEqualTo(6);

            // a person corrects stock over the API (admin, signed, with a reason); the movements explain every figure
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI adjustments = java.net.URI.create("http://localhost:" + hub.port() + "/api/stock/adjustments");
            String found = "{\"sku\":\"CUP-03\",\"location\":\"DE-KOELN\",\"quantity\":3,\"reason\":\"found behind the shelf\"}";
            assertThat(send(http, adjustments, "ops", Hub.OPS_PASSWORD, found).statusCode()).isEqualTo(403);
            java.net.http.HttpResponse<String> adjusted = send(http, adjustments, "admin", Hub.ADMIN_PASSWORD, found);
            assertThat(adjusted.statusCode()).isEqualTo(201);
            JsonNode movement = JSON.readTree(adjusted.body());
            assertThat(movement.get("type").asText()).isEqualTo("ADJUSTMENT");
            assertThat(movement.get("quantity").asInt()).isEqualTo(3);
            assertThat(movement.get("note").asText()).isEqualTo("admin: found behind the shelf");
            assertThat(ledger.level("CUP-03", "DE-KOELN").onHand()).isEqualTo(13);
            // not below what is promised to orders (5 reserved of 13), not without a reason, not in a warehouse that is none
            assertThat(send(http, adjustments, "admin", Hub.ADMIN_PASSWORD, found.replace("\"quantity\":3", "\"quantity\":-9")).statusCode())
                    .isEqualTo(409);
            assertThat(send(http, adjustments, "admin", Hub.ADMIN_PASSWORD, found.replace("found behind the shelf", " ")).statusCode())
                    .isEqualTo(400);
            assertThat(send(http, adjustments, "admin", Hub.ADMIN_PASSWORD, found.replace("DE-KOELN", "NOWHERE")).statusCode()).isEqualTo(400);
            assertThat(ledger.level("CUP-03", "DE-KOELN").onHand()).isEqualTo(13);

            java.net.http.HttpResponse<String> listed = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://localhost:" + hub.port() + "/api/stock/CUP-03/movements")).header("Authorization", Hub.basic("ops", Hub.OPS_PASSWORD))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            JsonNode movements = JSON.readTree(listed.body());
            assertThat(listed.headers().firstValue("X-Total-Count")).hasValue(String.valueOf(movements.size()));
            assertThat(movements.get(0).get("id").asLong()).isEqualTo(movement.get("id").asLong());
            assertThat(movements.findValuesAsText("type")).contains("COUNT", "RESERVATION", "RELEASE", "SHIPMENT", "ADJUSTMENT");
            assertThat(movements.findValuesAsText("reference")).anySatisfy(r -> assertThat(r).startsWith("order ").contains(order.toString()));
            for (StockLedger.Level cup : ledger.levels("CUP-03")) {
                int onHand = 0;
                int reserved = 0;
                for (JsonNode m : movements) {
                    if (m.get("location").asText().equals(cup.warehouse())) {
                        onHand += m.get("onHandDelta").asInt();
                        reserved += m.get("reservedDelta").asInt();
                    }
                }
                assertThat(onHand).as("on hand in %s explained by its movements", cup.warehouse()).isEqualTo(cup.onHand());
                assertThat(reserved).as("reserved in %s explained by its movements", cup.warehouse()).isEqualTo(cup.reserved());
            }
        }
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient http, java.net.URI uri, String user, String password,
                                                            String json) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(uri).header("Authorization", Hub.basic(user, password))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** No order version waits for its ERP record and no backorder retry has anything left to change. */
    private static void awaitSettled(JdbcTemplate db) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(db.queryForObject("select count(*) from order_versions where erp_published_at is null", Integer.class)).isZero());
    }

    private static java.util.Set<String> waitedFor(JdbcTemplate db) {
        java.util.Set<String> skus = new java.util.TreeSet<>();
        for (String message : db.queryForList("""
                select h ->> 'message' from orders, jsonb_array_elements(canonical -> 'holdReasons') h where h ->> 'code' = 'BACKORDER'""",
                String.class)) {
            for (String part : message.replace("Waiting for stock: ", "").split(", ")) {
                skus.add(part.substring(part.indexOf("× ") + 2));
            }
        }
        return skus;
    }

    private static List<String> backordered(JdbcTemplate db) {
        return db.queryForList("""
                select id::text from orders where status = 'ON_HOLD' and canonical -> 'holdReasons' @> '[{"code":"BACKORDER"}]'""", String.class);
    }

    /**
     * The ledger agrees with itself and with the orders: levels equal the sum of reservations and the journal,
     * nothing is reserved beyond what is on hand, and each open merchant order holds exactly its open units minus
     * what its backorder hold names.
     */
    private static void assertLedgerConsistent(JdbcTemplate db) throws Exception {
        assertThat(db.queryForObject("""
                select count(*) from stock_levels l where l.reserved <> (select coalesce(sum(r.reserved), 0) from stock_reservations r
                where r.sku = l.sku and r.warehouse = l.warehouse)""", Integer.class)).as("levels = sum of reservations").isZero();
        assertThat(db.queryForObject("""
                select count(*) from stock_levels l where l.on_hand <> (select coalesce(sum(m.on_hand_delta), 0) from stock_movements m
                where m.sku = l.sku and m.warehouse = l.warehouse) or l.reserved <> (select coalesce(sum(m.reserved_delta), 0)
                from stock_movements m where m.sku = l.sku and m.warehouse = l.warehouse)""", Integer.class)).as("levels = journal").isZero();
        assertThat(db.queryForObject("select count(*) from stock_levels where reserved > on_hand or on_hand < 0", Integer.class)).isZero();
        for (Map<String, Object> row : db.queryForList("select id, canonical::text as c from orders")) {
            JsonNode o = JSON.readTree((String) row.get("c"));
            String status = o.path("channelStatus").asText(o.path("status").asText());
            boolean open = !List.of("CANCELLED", "CLOSED", "SHIPPED").contains(status) && !"MARKETPLACE".equals(o.path("fulfilledBy").asText());
            int openUnits = 0;
            if (open) {
                for (JsonNode l : o.path("lines")) {
                    openUnits += Math.max(0, l.path("qtyOrdered").asInt() - l.path("qtyCancelled").asInt() - l.path("qtyRefunded").asInt()
                            - l.path("qtyFulfilled").asInt());
                }
            }
            int reserved = db.queryForObject("select coalesce(sum(reserved), 0) from stock_reservations where order_id = ?", Integer.class, row.get("id"));
            int waiting = 0;
            for (JsonNode h : o.path("holdReasons")) {
                if ("BACKORDER".equals(h.path("code").asText())) {
                    for (String part : h.path("message").asText().replace("Waiting for stock: ", "").split(", ")) {
                        waiting += Integer.parseInt(part.substring(0, part.indexOf(' ')));
                    }
                }
            }
            assertThat(reserved + waiting).as("order %s: reserved + backordered = open units", row.get("id")).isEqualTo(openUnits);
        }
    }
}
