package io.kontor.it.fulfilment;

import io.kontor.it.Hub;
import io.kontor.it.TopicReader;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.fulfilment.PickListPdf;
import io.kontor.fulfilment.PickLists;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.stock.StockLedger;
import io.kontor.testing.MutableClock;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pick waves over real PostgreSQL and Kafka: every reserved unit of an order ready to ship is on exactly one pick
 * list, held orders wait, later orders come in the next wave, each list reaches the warehouse on the topic and as
 * a file and renders as a PDF, and every order on a list becomes one parcel booked with the carrier.
 */
class PickListIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyReservedUnitOfAReadyOrderIsPickedOnceAcrossWaves() throws Exception {
        Path warehouseDir = dir.resolve("warehouse");
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             Hub hub = new Hub("picks", shopify.baseUrl(), dir)
                     .withCologneWarehouse()
                     .with("kontor.fulfilment.wave-interval", 1000)
                     // a wave of more orders becomes several lists (Black Friday made one of 5 MB, over Kafka's record limit)
                     .with("kontor.fulfilment.max-orders-per-pick-list", 4)
                     .with("kontor.fulfilment.feed-dir", warehouseDir.toString())
                     // no tracking back here (MultichannelIT has it): the parcel must stay unconfirmed for this test
                     .with("kontor.shipping.confirm-interval", 3_600_000)
                     .with("kontor.topics.pick-lists", "picklists-" + UUID.randomUUID())
                     .with("kontor.topics.warehouse-shipped", "shipped-" + UUID.randomUUID())) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 41, clock);
            hub.start();
            StockLedger ledger = hub.bean(StockLedger.class);
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", 500, "STOCK_COUNT", "it");
            }
            for (int i = 0; i < 25; i++) {
                clock.advance(Duration.ofSeconds(1));
                shop.createOrder();
            }
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(25);
                assertThat(db.queryForObject("select count(*) from pick_lists", Integer.class)).isPositive();
            });
            awaitAllPicked(db);
            int firstWaves = db.queryForObject("select count(*) from pick_lists", Integer.class);

            // more orders, and payment for the held ones: they come in later waves, no unit twice
            for (int i = 0; i < 15; i++) {
                clock.advance(Duration.ofSeconds(1));
                shop.createOrder();
                shop.updateRandomOrder();
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(40));
            awaitAllPicked(db);
            assertThat(db.queryForObject("select count(*) from pick_lists", Integer.class)).isGreaterThan(firstWaves);
            // a held order is not picked
            assertThat(db.queryForObject("""
                    select count(*) from pick_list_lines p join orders o on o.id = p.order_id
                    join pick_lists l on l.id = p.pick_list_id
                    where o.status = 'ON_HOLD' and l.created_at > o.updated_at""", Integer.class)).isZero();

            // each list reached the warehouse: the topic and the folder
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from pick_lists where published_at is null", Integer.class)).isZero());
            int lists = db.queryForObject("select count(*) from pick_lists", Integer.class);
            assertThat(db.queryForObject("select max(orders) from pick_lists", Integer.class)).isEqualTo(4);
            assertThat(db.queryForList("""
                    select l.wave from pick_lists l where l.orders <> (select count(distinct p.order_id) from pick_list_lines p
                     where p.pick_list_id = l.id)""", Integer.class)).as("lists whose order count is wrong").isEmpty();
            List<ConsumerRecord<String, String>> records = TopicReader.readAll(hub.bean(org.springframework.core.env.Environment.class)
                    .getProperty("kontor.topics.pick-lists"));
            assertThat(records).hasSize(lists).allSatisfy(r -> assertThat(r.key()).isEqualTo("DE-KOELN"));
            try (var files = Files.list(warehouseDir.resolve("DE-KOELN"))) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".json")).count()).isEqualTo(lists);
            }
            JsonNode first = JSON.readTree(records.get(0).value());
            assertThat(first.get("picks")).isNotEmpty();
            assertThat(first.at("/totes/0/lines/0/units").asInt()).isPositive();
            byte[] pdf = hub.bean(PickListPdf.class).render(hub.bean(PickLists.class).find(UUID.fromString(first.get("id").asText())).orElseThrow());
            assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");

            // every tote is a parcel booked with the carrier: one shipment per pick list and order, each its own number
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.queryForObject("select count(*) from shipments", Integer.class)).isEqualTo(
                        db.queryForObject("select count(*) from (select distinct pick_list_id, order_id from pick_list_lines) t", Integer.class));
                assertThat(db.queryForObject("select count(*) from shipments where status <> 'LABELLED'", Integer.class)).isZero();
            });
            assertThat(db.queryForObject("select count(distinct tracking_number) = count(*) from shipments", Boolean.class)).isTrue();
            io.kontor.shipping.Shipments shipments = hub.bean(io.kontor.shipping.Shipments.class);
            UUID shipmentId = db.queryForObject("select id from shipments limit 1", UUID.class);
            Map<String, Object> shipment = shipments.find(shipmentId).orElseThrow();
            assertThat(shipments.ofOrder((UUID) shipment.get("orderId"))).extracting(m -> m.get("trackingNumber")).contains(shipment.get("trackingNumber"));
            byte[] label = hub.bean(io.kontor.shipping.ShippingLabelPdf.class).render(shipment, shipments.warehouse("DE-KOELN"));
            assertThat(new String(label, 0, 5)).isEqualTo("%PDF-");

            // the warehouse reports the parcel gone on its topic; a repeat changes nothing, nonsense is quarantined
            String topic = hub.bean(org.springframework.core.env.Environment.class).getProperty("kontor.topics.warehouse-shipped");
            org.apache.camel.ProducerTemplate producer = hub.bean(org.apache.camel.ProducerTemplate.class);
            Instant shippedAt = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String report = "{\"shipmentId\":\"" + shipmentId + "\",\"trackingNumber\":\"" + shipment.get("trackingNumber")
                    + "\",\"shippedAt\":\"" + shippedAt + "\"}";
            producer.sendBody("kafka:" + topic, report);
            producer.sendBody("kafka:" + topic, report.replace(shippedAt.toString(), shippedAt.plusSeconds(600).toString()));
            producer.sendBody("kafka:" + topic, "{\"shipmentId\":\"" + UUID.randomUUID() + "\"}");
            producer.sendBody("kafka:" + topic, "not json");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isEqualTo(2);
                assertThat(db.queryForObject("select shipped_at from shipments where id = ?", java.sql.Timestamp.class, shipmentId).toInstant())
                        .isEqualTo(shippedAt);
            });
            assertThat(shipments.find(shipmentId).orElseThrow().get("status")).isEqualTo("SHIPPED");
            // no channel has confirmed it yet: it is on the list of unconfirmed shipments
            assertThat(shipments.unconfirmed(Duration.ofMinutes(1), 100)).extracting(m -> m.get("id")).contains(shipmentId);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> shipments.markShipped(shipmentId, io.kontor.shipping.Shipments.Shipped.at("0000", null)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("tracking number");
            // fulfilled on the channel by hand: a person says so, with why; it leaves the list and is not tried again
            io.kontor.shipping.ShipmentConfirmations confirmations = hub.bean(io.kontor.shipping.ShipmentConfirmations.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> confirmations.confirmedByHand(shipmentId, "admin", " "))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(confirmations.confirmedByHand(shipmentId, "admin", "fulfilled in the Shopify admin")).isTrue();
            assertThat(confirmations.confirmedByHand(shipmentId, "admin", "again")).isFalse();
            assertThat(shipments.unconfirmed(Duration.ofMinutes(1), 100)).extracting(m -> m.get("id")).doesNotContain(shipmentId);
            assertThat(shipments.find(shipmentId).orElseThrow().get("channelReferences").toString()).contains("admin", "Shopify admin");
        }
    }

    /**
     * The prod default: no carrier API, the warehouse books each parcel with its own carrier account from the
     * recipient on its pick list and reports carrier and tracking number, which reach the channel. A parcel nobody
     * booked cannot leave without them.
     */
    @Test
    void aWarehouseThatBooksItsOwnParcelsReportsCarrierAndTrackingNumberBackToTheChannel() throws Exception {
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             Hub hub = new Hub("whbooks", shopify.baseUrl(), dir)
                     .withCologneWarehouse()
                     .with("kontor.shipping.carrier", "warehouse")
                     .with("kontor.fulfilment.wave-interval", 1000)
                     .with("kontor.shipping.confirm-interval", 1000)
                     .with("kontor.fulfilment.feed-dir", dir.resolve("warehouse").toString())
                     .with("kontor.topics.pick-lists", "picklists-" + UUID.randomUUID())
                     .with("kontor.topics.warehouse-shipped", "shipped-" + UUID.randomUUID())) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 47, clock);
            hub.start();
            assertThat(hub.beans(io.kontor.shipping.Carrier.class)).isEmpty();
            StockLedger ledger = hub.bean(StockLedger.class);
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", 500, "STOCK_COUNT", "it");
            }
            for (int i = 0; i < 6; i++) {
                clock.advance(Duration.ofSeconds(1));
                shop.createOrder();
            }
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from shipments s join orders o on o.id = s.order_id"
                            + " where o.channel = 'SHOPIFY' and o.status = 'OPEN'", Integer.class)).isPositive());
            // the hub books nothing: its parcels wait for the warehouse, and it prints no label for them
            assertThat(db.queryForObject("select count(*) from shipments where status <> 'NEW'", Integer.class)).isZero();
            Map<String, Object> parcel = db.queryForMap("""
                    select s.id, s.pick_list_id, s.tote, o.canonical -> 'shipTo' ->> 'name' as name, o.channel_order_id,
                           o.canonical -> 'shipTo' -> 'address' ->> 'postalCode' as postal_code
                    from shipments s join orders o on o.id = s.order_id where o.channel = 'SHOPIFY' and o.status = 'OPEN' limit 1""");
            UUID shipmentId = (UUID) parcel.get("id");
            io.kontor.shipping.Shipments shipments = hub.bean(io.kontor.shipping.Shipments.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub.bean(io.kontor.shipping.ShippingLabelPdf.class)
                    .render(shipments.find(shipmentId).orElseThrow(), shipments.warehouse("DE-KOELN"))).hasMessageContaining("not booked");

            // the pick list tells the warehouse whom each tote goes to
            JsonNode pickList = JSON.readTree(db.queryForObject("select document::text from pick_lists where id = ?", String.class,
                    parcel.get("pick_list_id")));
            JsonNode tote = null;
            for (JsonNode t : pickList.get("totes")) {
                if (t.get("tote").asInt() == (Integer) parcel.get("tote")) {
                    tote = t;
                }
            }
            assertThat(tote).isNotNull();
            assertThat(tote.at("/shipTo/name").asText()).isEqualTo(parcel.get("name"));
            assertThat(tote.at("/shipTo/address/postalCode").asText()).isEqualTo(parcel.get("postal_code"));

            // reported by pick list and tote: without a carrier booking it is refused, with one it leaves
            String topic = hub.bean(org.springframework.core.env.Environment.class).getProperty("kontor.topics.warehouse-shipped");
            org.apache.camel.ProducerTemplate producer = hub.bean(org.apache.camel.ProducerTemplate.class);
            String byTote = "\"pickListId\":\"" + parcel.get("pick_list_id") + "\",\"tote\":" + parcel.get("tote");
            producer.sendBody("kafka:" + topic, "{" + byTote + "}");
            producer.sendBody("kafka:" + topic, "{\"pickListId\":\"" + parcel.get("pick_list_id") + "\",\"tote\":999,\"carrier\":\"DHL\","
                    + "\"trackingNumber\":\"1\"}");
            producer.sendBody("kafka:" + topic, "{" + byTote + ",\"carrier\":\"DHL\",\"carrierName\":\"DHL Paket\",\"service\":\"V01PAK\","
                    + "\"trackingNumber\":\"00340434161094042557\",\"trackingUrl\":\"https://www.dhl.de/track?n=00340434161094042557\"}");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(shipments.find(shipmentId).orElseThrow().get("status")).isEqualTo("SHIPPED");
                assertThat(db.queryForList("select reason from dead_letters", String.class)).hasSize(2)
                        .anySatisfy(r -> assertThat(r).contains("must name the carrier and the tracking number"))
                        .anySatisfy(r -> assertThat(r).contains("No shipment in tote 999"));
            });
            Map<String, Object> shipped = shipments.find(shipmentId).orElseThrow();
            assertThat(shipped).containsEntry("carrier", "DHL").containsEntry("carrierName", "DHL Paket").containsEntry("service", "V01PAK")
                    .containsEntry("trackingNumber", "00340434161094042557").containsEntry("labelledAt", null);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub.bean(io.kontor.shipping.ShippingLabelPdf.class)
                    .render(shipped, shipments.warehouse("DE-KOELN"))).hasMessageContaining("label is the warehouse's");
            // its units left the stock with it
            assertThat(db.queryForObject("select sum(consumed) from stock_reservations where order_id = (select order_id from shipments"
                    + " where id = ?)", Integer.class, shipmentId)).isPositive();
            // and the channel learns carrier and number
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(shipments.find(shipmentId).orElseThrow().get("channelConfirmedAt")).isNotNull());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fulfillments = (List<Map<String, Object>>) shopify.shop.get(Long.parseLong(((String) parcel.get("channel_order_id"))
                    .replace("gid://shopify/Order/", ""))).orElseThrow().getOrDefault("fulfillments", List.of());
            assertThat(fulfillments).flatExtracting(f -> (List<Object>) f.get("trackingInfo"))
                    .contains((Object) Map.of("company", "DHL Paket", "number", "00340434161094042557", "url", "https://www.dhl.de/track?n=00340434161094042557"));
        }
    }

    /**
     * A wave and the intake lock the same orders: the intake in id order, for update. The wave must take them in that
     * order too (the lines' foreign keys used to lock them in list order, which deadlocked with the intake in CI), and
     * an order cancelled while the wave waits for it is not picked.
     */
    @Test
    void aWaveWaitsForOrdersTheIntakeHoldsWithoutDeadlockAndSkipsOnesCancelledMeanwhile() throws Exception {
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             Hub hub = new Hub("picklock", shopify.baseUrl(), dir)
                     .withCologneWarehouse()
                     .with("kontor.fulfilment.feed-dir", dir.resolve("warehouse").toString())
                     .with("kontor.topics.pick-lists", "picklists-" + UUID.randomUUID())) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 43, clock);
            hub.start();
            // waves only when this test makes them
            hub.bean(CamelContext.class).getRouteController().stopRoute("pick-waves");
            StockLedger ledger = hub.bean(StockLedger.class);
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", 500, "STOCK_COUNT", "it");
            }
            for (int i = 0; i < 8; i++) {
                clock.advance(Duration.ofSeconds(1));
                shop.createOrder();
            }
            JdbcTemplate db = hub.jdbc();
            String pickable = """
                    select distinct o.id from orders o join stock_reservations r on r.order_id = o.id
                    where o.status = 'OPEN' and r.warehouse = 'DE-KOELN' and r.reserved > 0
                      and not exists (select 1 from pick_list_lines p where p.order_id = o.id) order by o.id""";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(8);
                assertThat(db.queryForList(pickable, UUID.class)).hasSizeGreaterThanOrEqualTo(2);
            });
            List<UUID> ready = db.queryForList(pickable, UUID.class);
            UUID low = ready.get(0);
            UUID high = ready.get(ready.size() - 1);
            // the list order (oldest first) is the reverse of the id order for these two
            db.update("update orders set created_at = now() - interval '2 hours' where id = ?", high);
            db.update("update orders set created_at = now() - interval '1 hour' where id = ?", low);

            try (Connection intake = hub.bean(DataSource.class).getConnection()) {
                intake.setAutoCommit(false);
                try (Statement st = intake.createStatement()) {
                    st.execute("set lock_timeout = '30s'");
                }
                lock(intake, low);
                CompletableFuture<List<PickLists.Feed>> wave =
                        CompletableFuture.supplyAsync(() -> hub.bean(PickLists.class).wave());
                await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject("""
                        select count(*) from pg_stat_activity where datname = current_database()
                        and cardinality(pg_blocking_pids(pid)) > 0""", Integer.class) > 0);
                // what the intake does next: lock the other order, and cancel the first
                lock(intake, high);
                try (PreparedStatement cancel = intake.prepareStatement("update orders set status = 'CANCELLED' where id = ?")) {
                    cancel.setObject(1, low);
                    cancel.executeUpdate();
                }
                intake.commit();
                assertThat(wave.get(30, TimeUnit.SECONDS)).isNotEmpty();
            }
            List<UUID> picked = db.queryForList("select distinct order_id from pick_list_lines", UUID.class);
            assertThat(picked).contains(high).doesNotContain(low);
            assertThat(picked).containsAll(ready.stream().filter(id -> !id.equals(low)).toList());
        }
    }

    private static void lock(Connection connection, UUID orderId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select id from orders where id = ? for update")) {
            lock.setObject(1, orderId);
            lock.executeQuery().close();
        }
    }

    /** Every open, not held order's reserved units are on pick lists exactly once. */
    private static void awaitAllPicked(JdbcTemplate db) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<Map<String, Object>> gaps = db.queryForList("""
                    select r.order_id, r.channel_line_id, r.reserved, coalesce(sum(p.units), 0) as picked
                    from stock_reservations r join orders o on o.id = r.order_id
                    left join pick_list_lines p on p.order_id = r.order_id and p.channel_line_id = r.channel_line_id and p.warehouse = r.warehouse
                    where o.status in ('OPEN', 'PARTIALLY_SHIPPED') and r.reserved > 0
                    group by r.order_id, r.channel_line_id, r.reserved, r.consumed
                    having coalesce(sum(p.units), 0) - r.consumed <> r.reserved""");
            assertThat(gaps).as("reserved units not picked exactly once").isEmpty();
        });
    }
}
