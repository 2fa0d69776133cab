package io.kontor.it.channel.woocommerce;

import io.kontor.it.Hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.shipping.Shipments;
import io.kontor.stock.StockLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WooCommerce, the sixth channel, against its emulated store: a backlog read page by page through the REST API,
 * changes pushed by signed webhooks (each delivery taken once, a forged one refused and never processed, a store's
 * ping answered), an order with a status the hub does not know quarantined with its reason, and shipped parcels
 * back on the store as a customer note, a Shipment Tracking item and the order completed — once, however often tried.
 */
class WooCommerceIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void ordersComeByPollAndWebhookAndTrackingGoesBack() throws Exception {
        try (WooCommerceEmulatorServer woo = new WooCommerceEmulatorServer();
             Hub hub = new Hub("woo", null, dir)
                     .withCologneWarehouse()
                     .with("kontor.channels.woocommerce.enabled", true)
                     .with("kontor.channels.woocommerce.store-url", woo.storeUrl())
                     .with("kontor.channels.woocommerce.consumer-key", WooCommerceEmulatorServer.KEY)
                     .with("kontor.channels.woocommerce.consumer-secret", WooCommerceEmulatorServer.SECRET)
                     .with("kontor.channels.woocommerce.webhook-secret", WooCommerceEmulatorServer.WEBHOOK_SECRET)
                     .with("kontor.channels.woocommerce.page-size", 4)
                     .with("kontor.channels.woocommerce.overlap", "PT2S")
                     // the first poll reads the backlog; after that only webhooks bring changes within this test
                     .with("kontor.channels.woocommerce.poll-interval", 3_600_000)
                     .with("kontor.channels.woocommerce.tracking", "shipment-tracking")
                     .with("kontor.fulfilment.wave-interval", 1000)
                     .with("kontor.shipping.confirm-interval", 1000)
                     .with("kontor.fulfilment.feed-dir", dir.resolve("warehouse").toString())
                     .with("kontor.topics.pick-lists", "picklists-" + UUID.randomUUID())) {
            for (int i = 0; i < 10; i++) {
                woo.traffic.createOrder();
            }
            hub.start();
            StockLedger ledger = hub.bean(StockLedger.class);
            for (SandboxCatalog.Product p : SandboxCatalog.PRODUCTS) {
                ledger.setOnHand(p.sku(), "DE-KOELN", 500, "STOCK_COUNT", "it");
            }
            JdbcTemplate db = hub.jdbc();
            String wooOrders = "select count(*) from orders where channel = 'WOOCOMMERCE'";
            // ten orders over three pages of four
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForObject(wooOrders, Integer.class)).isEqualTo(10));
            assertThat(db.queryForObject("select count(distinct channel_account) from orders where channel = 'WOOCOMMERCE'", Integer.class)).isOne();
            assertThat(db.queryForObject("select min(channel_account) from orders where channel = 'WOOCOMMERCE'", String.class)).isEqualTo(woo.storeUrl());

            // webhooks from now on, some delivered twice: new orders and payments arrive without a poll, each delivery taken once
            woo.webhooksTo(hub.port(), 0.5);
            for (int i = 0; i < 6; i++) {
                woo.traffic.createOrder();
                woo.traffic.updateRandomOrder();
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForObject(wooOrders, Integer.class)).isEqualTo(16));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from camel_messageprocessed where processorname = 'woocommerce-webhooks'", Integer.class)).isGreaterThanOrEqualTo(6));
            // a delivery id taken twice would store the same version twice: one revision per version it is
            assertThat(db.queryForObject("select max(revision) from orders where channel = 'WOOCOMMERCE'", Integer.class)).isLessThanOrEqualTo(3);

            // a forged delivery: 401, and its order never arrives
            ObjectNode forged = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            forged.put("id", 999_999).put("status", "processing");
            String forgedBody = forged.toString();
            assertThat(deliver(hub.port(), forgedBody, sign(forgedBody, "not-the-secret"), "order.created", "forged-1").statusCode()).isEqualTo(401);
            assertThat(deliver(hub.port(), forgedBody, null, "order.created", "forged-2").statusCode()).isEqualTo(401);
            // the store's ping when a webhook is saved: 200, nothing else
            HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + "/webhooks/woocommerce"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("webhook_id=41")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
            // a plugin's own status: quarantined with its reason, the delivery answered 200 (the store would disable a failing webhook)
            ObjectNode custom = woo.store.order(woo.store.orders().get(0).get("id").asLong());
            custom.put("status", "shipped-by-plugin");
            String customBody = custom.toString();
            assertThat(deliver(hub.port(), customBody, sign(customBody, WooCommerceEmulatorServer.WEBHOOK_SECRET), "order.updated", "custom-1")
                    .statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForList("select reason from dead_letters", String.class))
                    .anySatisfy(r -> assertThat(r).contains("Unknown WooCommerce order status 'shipped-by-plugin'")));
            assertThat(db.queryForObject("select count(*) from orders where channel_order_id = '999999'", Integer.class)).isZero();

            // tracking back: parcels shipped, then a customer note, a tracking item and completed on the store
            Shipments shipments = hub.bean(Shipments.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForObject("""
                    select count(*) from shipments s join orders o on o.id = s.order_id where o.channel = 'WOOCOMMERCE' and s.status = 'LABELLED'""",
                    Integer.class)).isGreaterThanOrEqualTo(3));
            for (UUID id : db.queryForList("""
                    select s.id from shipments s join orders o on o.id = s.order_id where o.channel = 'WOOCOMMERCE' and s.status = 'LABELLED'""", UUID.class)) {
                shipments.markShipped(id, Shipments.Shipped.at(null, Instant.now()));
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(db.queryForObject("""
                    select count(*) from shipments s join orders o on o.id = s.order_id
                    where o.channel = 'WOOCOMMERCE' and s.status = 'SHIPPED' and s.channel_confirmed_at is null""", Integer.class)).isZero());
            List<java.util.Map<String, Object>> parcels = db.queryForList("""
                    select o.channel_order_id, s.tracking_number, s.channel_references::text as refs from shipments s join orders o on o.id = s.order_id
                    where o.channel = 'WOOCOMMERCE' and s.status = 'SHIPPED'""");
            assertThat(parcels).hasSizeGreaterThanOrEqualTo(3);
            int completed = 0;
            for (java.util.Map<String, Object> p : parcels) {
                long orderId = Long.parseLong((String) p.get("channel_order_id"));
                String tracking = (String) p.get("tracking_number");
                assertThat(woo.store.notes(orderId)).filteredOn(n -> n.path("note").asText().contains(tracking))
                        .hasSize(1).allSatisfy(n -> assertThat(n.path("customer_note").asBoolean()).isTrue());
                assertThat(woo.store.trackingItems(orderId)).filteredOn(i -> tracking.equals(i.path("tracking_number").asText())).hasSize(1);
                if (((String) p.get("refs")).contains("status:completed")) {
                    assertThat(woo.store.order(orderId).path("status").asText()).isEqualTo("completed");
                    completed++;
                }
            }
            assertThat(completed).isPositive();

            // a repeated attempt (the answer lost) finds the note and the item and adds neither again
            io.kontor.shipping.ShipmentConfirmations confirmations = hub.bean(io.kontor.shipping.ShipmentConfirmations.class);
            UUID again = db.queryForObject("""
                    select s.id from shipments s join orders o on o.id = s.order_id where o.channel = 'WOOCOMMERCE' and s.status = 'SHIPPED' limit 1""", UUID.class);
            db.update("update shipments set channel_confirmed_at = null, confirm_after = null where id = ?", again);
            String orderOfAgain = db.queryForObject("select o.channel_order_id from shipments s join orders o on o.id = s.order_id where s.id = ?",
                    String.class, again);
            int notesBefore = woo.store.notes(Long.parseLong(orderOfAgain)).size();
            int itemsBefore = woo.store.trackingItems(Long.parseLong(orderOfAgain)).size();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select channel_confirmed_at is not null from shipments where id = ?", Boolean.class, again)).isTrue());
            assertThat(woo.store.notes(Long.parseLong(orderOfAgain))).hasSize(notesBefore);
            assertThat(woo.store.trackingItems(Long.parseLong(orderOfAgain))).hasSize(itemsBefore);
            assertThat(confirmations).isNotNull();
        }
    }

    private HttpResponse<String> deliver(int port, String body, String signature, String topic, String deliveryId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/woocommerce"))
                .header("Content-Type", "application/json").header("X-WC-Webhook-Topic", topic).header("X-WC-Webhook-ID", "41")
                .header("X-WC-Webhook-Delivery-ID", deliveryId).POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-WC-Webhook-Signature", signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The signature as WooCommerce's documentation describes it: base64 of the HMAC-SHA256 of the body. */
    private static String sign(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
