package io.kontor.it.orders;

import io.kontor.it.Hub;
import io.kontor.it.TopicReader;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import io.kontor.sandbox.SandboxCatalog;
import io.kontor.sandbox.amazon.SellingPartnerApi;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.sandbox.wholesale.SandboxSftpServer;
import io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator;
import io.kontor.shipping.Shipments;
import io.kontor.stock.StockLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * All five sources at once over real PostgreSQL and Kafka — Shopify, Amazon, eBay, a wholesale partner's CSV files
 * and EDIFACT interchanges — competing for too little stock of the same SKUs: nothing is oversold, every order is
 * routed or held with its reason, and tracking goes back to the channels: every parcel the warehouse reports shipped is
 * confirmed exactly once on its channel — Shopify fulfillments per location of the order's fulfillment orders, one
 * Amazon package per parcel under its packageReferenceId, one eBay shipping fulfilment per parcel — through server
 * errors, and a SHIP file or an EANCOM DESADV per parcel on the wholesale partner's SFTP server — and again after a crash that lost the hub's record of a
 * confirmation the channel had already taken. The parcels' units leave the stock when they leave the warehouse. The hub
 * is stopped mid-stream and started again while every source goes on selling: no order is lost or stored twice.
 */
class MultichannelIT {

    /** Shop SKUs of which there are fewer units than the orders of five sources want (two of them the partner buys too). */
    private static final java.util.Set<String> SCARCE_SKUS = java.util.Set.of("TS-BLK-M", "HD-NAV-M", "SK-WOL-3942", "MG-CER-350",
            "NB-A5-DOT", "SH-RUN-42");
    private static final int SCARCE = 4;

    @TempDir
    Path dir;

    @Test
    void fiveSourcesCompeteForScarceStockAndEveryParcelIsConfirmedOnceOnItsChannel() throws Exception {
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(5000, 5000);
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 50);
             EbayEmulatorServer ebay = new EbayEmulatorServer();
             SandboxSftpServer sftp = SandboxSftpServer.start(dir.resolve("sftp"), 0, "acme", "sftp-secret");
             Hub hub = ebay.configure(amazon.configure(new Hub("tracking", shopify.baseUrl(), dir)))
                     .withWholesalePartner(sftp, "acme", "sftp-secret")
                     .withCologneWarehouse()
                     .with("kontor.fulfilment.wave-interval", 1000)
                     .with("kontor.fulfilment.feed-dir", dir.resolve("warehouse").toString())
                     .with("kontor.shipping.confirm-interval", 300)
                     .with("kontor.topics.pick-lists", "picklists-" + UUID.randomUUID())
                     .with("kontor.topics.warehouse-shipped", "shipped-" + UUID.randomUUID())) {
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(shopify.shop, 7,
                    new io.kontor.testing.MutableClock(Instant.now().minus(Duration.ofHours(1))));
            shop.sellerShips(false);
            amazon.generator.sellerShips(false);
            ebay.generator.sellerShips(false);
            hub.start();
            StockLedger ledger = hub.bean(StockLedger.class);
            // part of the shop's assortment is scarce (every channel and the partner sell it); the rest and the partner's own
            // items are not, so most orders can ship
            Map<String, Integer> opening = new java.util.HashMap<>();
            for (int i = 0; i < SandboxCatalog.PRODUCTS.size(); i++) {
                opening.put(SandboxCatalog.PRODUCTS.get(i).sku(), SCARCE_SKUS.contains(SandboxCatalog.PRODUCTS.get(i).sku()) ? SCARCE : 1000);
            }
            for (String sku : WholesaleOrderFileGenerator.skus()) {
                opening.putIfAbsent(sku, 1000);
            }
            opening.forEach((sku, units) -> ledger.setOnHand(sku, "DE-KOELN", units, "STOCK_COUNT", "it"));
            WholesaleOrderFileGenerator partner = new WholesaleOrderFileGenerator(sftp.ordersDir(), "acme", 5,
                    new io.kontor.testing.MutableClock(Instant.now().minus(Duration.ofHours(1))));
            partner.writeFile();
            partner.writeFile();
            partner.writeEdifact(sftp.edifactDir());
            partner.writeEdifact(sftp.edifactDir());
            for (int i = 0; i < 25; i++) {
                shop.createOrder();
            }
            List<String> amazonOrders = amazon.createOrders(25);
            for (int i = 0; i < 25; i++) {
                ebay.ordersClock.advance(Duration.ofSeconds(1));
                ebay.generator.createOrder(Duration.ZERO);
            }
            // pending Amazon orders get their payment (or are cancelled); the traffic never ships: the hub does
            amazon.ordersClock.advance(Duration.ofSeconds(1));
            amazonOrders.forEach(amazon.generator::advance);
            for (int i = 0; i < 40; i++) {
                shop.updateRandomOrder(); // payments, edits and cancellations; never a fulfillment
            }
            JdbcTemplate db = hub.jdbc();

            // the hub stops mid-stream while every source goes on selling, and starts again: nothing lost, nothing twice
            await().atMost(Duration.ofSeconds(60)).until(() -> db.queryForObject("select count(distinct channel) from orders", Integer.class) >= 3);
            hub.stop();
            for (int i = 0; i < 10; i++) {
                shop.createOrder();
                ebay.ordersClock.advance(Duration.ofSeconds(1));
                ebay.generator.createOrder(Duration.ZERO);
            }
            List<String> whileDown = amazon.createOrders(10);
            amazon.ordersClock.advance(Duration.ofSeconds(1));
            whileDown.forEach(amazon.generator::advance);
            partner.writeFile();
            partner.writeEdifact(sftp.edifactDir());
            hub.start();
            Shipments shipments = hub.bean(Shipments.class);

            // the first parcels fail on Amazon with server errors; they are confirmed later all the same
            amazon.api.injectFaults(SellingPartnerApi.Operation.CONFIRM_SHIPMENT, 503, 4);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                shipAllLabelled(db, shipments);
                assertThat(db.queryForObject("""
                        select count(*) from orders o where o.status in ('OPEN', 'PARTIALLY_SHIPPED')
                        and exists (select 1 from stock_reservations r where r.order_id = o.id and r.reserved > 0)""", Integer.class))
                        .as("orders still waiting to ship").isZero();
                assertThat(db.queryForObject("select count(*) from shipments where status = 'SHIPPED'", Integer.class)).isPositive();
                assertThat(db.queryForObject("select count(*) from shipments where status <> 'SHIPPED' or channel_confirmed_at is null",
                        Integer.class)).as("parcels not yet confirmed").isZero();
            });
            assertThat(amazon.answered(503)).as("the injected server errors happened").isGreaterThanOrEqualTo(4);
            assertExactlyOnce(db, shopify, amazon, ebay);
            assertPartnerFiles(db, sftp.root());

            // a crash between the channel's answer and the hub's record: the parcel is confirmed again, not twice
            db.update("""
                    update shipments set channel_confirmed_at = null, confirm_after = null
                    where id in (select distinct on (o.channel) s.id from shipments s join orders o on o.id = s.order_id order by o.channel, s.id)""");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from shipments where channel_confirmed_at is null", Integer.class)).isZero());
            assertExactlyOnce(db, shopify, amazon, ebay);
            assertPartnerFiles(db, sftp.root());

            // shipped units left the stock with their parcels, once
            assertThat(db.queryForObject("select coalesce(sum(consumed), 0) from stock_reservations", Integer.class)).isEqualTo(
                    db.queryForObject("select coalesce(sum((l ->> 'units')::int), 0) from shipments s, jsonb_array_elements(s.lines) l",
                            Integer.class));
            OrderFlowAssertions.assertNoOversellAndEveryOrderRoutedOrHeld(db, opening);
            OrderFlowAssertions.assertEveryChannelOrderStoredOnce(db, shopify, amazon, ebay, sftp);

            // the ERP learns of every shipped parcel once, with its tracking number
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from shipments where status = 'SHIPPED' and erp_published_at is null", Integer.class)).isZero());
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            Map<String, String> fed = new java.util.HashMap<>();
            for (var r : TopicReader.readAll(hub.erpShipmentsTopic)) {
                com.fasterxml.jackson.databind.JsonNode doc = mapper.readTree(r.value());
                assertThat(r.key()).isEqualTo(doc.get("orderId").asText());
                fed.put(doc.get("id").asText(), doc.get("trackingNumber").asText());
            }
            assertThat(fed).hasSize(db.queryForObject("select count(*) from shipments where status = 'SHIPPED'", Integer.class));
            db.queryForList("select id::text as id, tracking_number from shipments where status = 'SHIPPED'")
                    .forEach(row -> assertThat(fed).containsEntry((String) row.get("id"), (String) row.get("tracking_number")));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> shopifyFulfillments(ShopifyEmulatorServer shopify, String gid) {
        return (List<Map<String, Object>>) shopify.shop.get(Long.parseLong(gid.replace("gid://shopify/Order/", ""))).orElseThrow()
                .getOrDefault("fulfillments", List.of());
    }

    private static void shipAllLabelled(JdbcTemplate db, Shipments shipments) {
        for (UUID id : db.queryForList("select id from shipments where status = 'LABELLED'", UUID.class)) {
            shipments.markShipped(id, io.kontor.shipping.Shipments.Shipped.at(null, Instant.now()));
        }
    }

    /** One file per parcel on the partner's server, named in the parcel's references, carrying its units and tracking number. */
    private static void assertPartnerFiles(JdbcTemplate db, Path root) throws Exception {
        List<Map<String, Object>> parcels = db.queryForList("""
                select o.channel, s.tracking_number, s.channel_references ->> 0 as file,
                       (select sum((l ->> 'units')::int) from jsonb_array_elements(s.lines) l) as units
                from shipments s join orders o on o.id = s.order_id where o.channel in ('WHOLESALE_CSV', 'WHOLESALE_EDIFACT')""");
        assertThat(parcels).extracting(p -> p.get("channel")).contains("WHOLESALE_CSV", "WHOLESALE_EDIFACT");
        try (var ship = java.nio.file.Files.list(root.resolve("inbound/shipments"));
             var desadv = java.nio.file.Files.list(root.resolve("inbound/edifact"))) {
            assertThat(ship.filter(f -> f.getFileName().toString().startsWith("SHIP_")).count())
                    .isEqualTo(parcels.stream().filter(p -> "WHOLESALE_CSV".equals(p.get("channel"))).count());
            assertThat(desadv.filter(f -> f.getFileName().toString().startsWith("DESADV_")).count())
                    .isEqualTo(parcels.stream().filter(p -> "WHOLESALE_EDIFACT".equals(p.get("channel"))).count());
        }
        for (Map<String, Object> p : parcels) {
            boolean csv = "WHOLESALE_CSV".equals(p.get("channel"));
            String content = java.nio.file.Files.readString(root.resolve(csv ? "inbound/shipments" : "inbound/edifact").resolve((String) p.get("file")));
            assertThat(content).contains((String) p.get("tracking_number"));
            if (csv) {
                int units = content.lines().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[2])).sum();
                assertThat(units).isEqualTo(((Number) p.get("units")).intValue());
            } else {
                assertThat(content).startsWith("UNB+UNOC:3+").contains("DESADV:D:96A:UN:EAN005").contains("RFF+CN:" + p.get("tracking_number"));
            }
        }
    }

    private static void assertExactlyOnce(JdbcTemplate db, ShopifyEmulatorServer shopify, AmazonEmulatorServer amazon, EbayEmulatorServer ebay) {
        List<Map<String, Object>> parcels = db.queryForList("""
                select o.channel, o.channel_order_id, s.package_reference, s.tracking_number, s.channel_references::text as refs
                from shipments s join orders o on o.id = s.order_id""");
        int amazonParcels = 0;
        int ebayParcels = 0;
        int shopifyParcels = 0;
        for (Map<String, Object> p : parcels) {
            String orderId = (String) p.get("channel_order_id");
            if ("SHOPIFY".equals(p.get("channel"))) {
                shopifyParcels++;
                List<Map<String, Object>> fulfillments = shopifyFulfillments(shopify, orderId);
                assertThat(fulfillments).filteredOn(f -> ((List<?>) f.get("trackingInfo")).stream()
                                .anyMatch(t -> p.get("tracking_number").equals(((Map<?, ?>) t).get("number"))))
                        .as("Shopify fulfillments of parcel %s, one per location", p.get("tracking_number")).isNotEmpty()
                        .allSatisfy(f -> assertThat((String) p.get("refs")).contains((String) f.get("id")))
                        .extracting(f -> ((Map<?, ?>) f.get("location")).get("id")).doesNotHaveDuplicates();
            } else if ("AMAZON".equals(p.get("channel"))) {
                amazonParcels++;
                assertThat(amazon.api.packagesOf(orderId)).containsKey(String.valueOf(p.get("package_reference")));
                assertThat(amazon.api.packagesOf(orderId).get(String.valueOf(p.get("package_reference"))).path("trackingNumber").asText())
                        .isEqualTo(p.get("tracking_number"));
            } else if ("EBAY".equals(p.get("channel"))) {
                ebayParcels++;
                assertThat(ebay.api.fulfillmentsOf(orderId)).filteredOn(f -> p.get("tracking_number").equals(f.get("shipmentTrackingNumber")))
                        .as("eBay fulfilments of parcel %s", p.get("tracking_number")).hasSize(1)
                        .allSatisfy(f -> assertThat((String) p.get("refs")).contains((String) f.get("fulfillmentId")));
            }
        }
        assertThat(shopifyParcels).isPositive();
        assertThat(db.queryForObject("select count(*) from shipments where jsonb_array_length(channel_references) > 1", Integer.class))
                .as("parcels of Shopify orders whose fulfillment orders sit at two locations: one fulfillmentCreate per location").isPositive();
        assertThat(amazonParcels).isPositive();
        assertThat(ebayParcels).isPositive();
        int amazonPackages = parcels.stream().filter(p -> "AMAZON".equals(p.get("channel"))).map(p -> (String) p.get("channel_order_id"))
                .distinct().mapToInt(id -> amazon.api.packagesOf(id).size()).sum();
        int ebayFulfilments = parcels.stream().filter(p -> "EBAY".equals(p.get("channel"))).map(p -> (String) p.get("channel_order_id"))
                .distinct().mapToInt(id -> ebay.api.fulfillmentsOf(id).size()).sum();
        assertThat(amazonPackages).as("Amazon packages").isEqualTo(amazonParcels);
        // every unit a parcel carried is fulfilled on Shopify once: fulfilled units there = units shipped here
        for (Map<String, Object> o : db.queryForList("""
                select o.channel_order_id, sum((l ->> 'units')::int) as units from shipments s join orders o on o.id = s.order_id,
                jsonb_array_elements(s.lines) l where o.channel = 'SHOPIFY' group by o.channel_order_id""")) {
            Map<String, Object> order = shopify.shop.get(Long.parseLong(((String) o.get("channel_order_id")).replace("gid://shopify/Order/", "")))
                    .orElseThrow();
            int fulfilled = ((List<?>) order.get("lineItems")).stream().map(l -> (Map<?, ?>) l)
                    .mapToInt(l -> (Integer) l.get("currentQuantity") - (Integer) l.get("unfulfilledQuantity")).sum();
            assertThat(fulfilled).as("units fulfilled on Shopify for %s", o.get("channel_order_id")).isEqualTo(((Number) o.get("units")).intValue());
        }
        assertThat(ebayFulfilments).as("eBay shipping fulfilments").isEqualTo(ebayParcels);
    }
}
