package io.kontor.it.channel.shopify;

import io.kontor.it.Hub;
import io.kontor.it.TopicReader;
import io.kontor.it.orders.OrderFlowAssertions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.WebhookSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shopify order webhooks: only signed deliveries are processed, each event once (duplicates and concurrent
 * re-deliveries change nothing), a later version replaces the stored one, an older retry does not, and a
 * forged, unsigned or tampered delivery is refused with 401 and leaves no trace in the data.
 */
class ShopifyWebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "shpss_webhook_it_secret";
    private static final String OLD_SECRET = "shpss_webhook_it_old_secret";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void signedOrderWebhooksAreTakenOnceAndForgedOnesAreRefused() throws Exception {
        try (Hub hub = new Hub("webhooks", null, dir)
                .with("kontor.channels.shopify.client-secret", SECRET)
                .with("kontor.channels.shopify.previous-client-secret", OLD_SECRET)) {
            hub.start();
            JdbcTemplate db = hub.jdbc();
            URI endpoint = URI.create("http://localhost:" + hub.port() + "/webhooks/shopify");

            String v1 = order("2026-11-27T09:00:00Z", "paid", 2);
            assertThat(deliver(endpoint, v1, sign(v1, SECRET), "orders/create", "evt-1", ShopifyEmulatorServer.SHOP)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(revision(db)).isEqualTo(1));

            // the same event again, also several times at once: nothing changes
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> again = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                again.add(pool.submit(() -> deliver(endpoint, v1, sign(v1, SECRET), "orders/create", "evt-1", ShopifyEmulatorServer.SHOP)));
            }
            for (Future<Integer> f : again) {
                assertThat(f.get()).isEqualTo(200); // each is on the inbox; the event id is taken from there once
            }
            pool.shutdown();
            // the same version as another event (orders/updated fired for it too): one version, one ERP record
            assertThat(deliver(endpoint, v1, sign(v1, SECRET), "orders/updated", "evt-2", ShopifyEmulatorServer.SHOP)).isEqualTo(200);

            // a newer version, signed with the secret from before a rotation (still accepted for a while)
            String v2 = order("2026-11-27T09:05:00Z", "paid", 3);
            assertThat(deliver(endpoint, v2, sign(v2, OLD_SECRET), "orders/updated", "evt-3", ShopifyEmulatorServer.SHOP)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(revision(db)).isEqualTo(2));
            // an old delivery retried late (Shopify retries carry the original payload): ignored
            String stale = order("2026-11-27T08:59:00Z", "pending", 1);
            assertThat(deliver(endpoint, stale, sign(stale, SECRET), "orders/updated", "evt-0", ShopifyEmulatorServer.SHOP)).isEqualTo(200);

            // forged, unsigned, tampered, signed by another app, for another shop: refused, never processed
            String forged = order("2026-11-27T10:00:00Z", "paid", 99);
            assertThat(deliver(endpoint, forged, sign(forged, "someone-elses-secret"), "orders/updated", "evt-4", ShopifyEmulatorServer.SHOP)).isEqualTo(401);
            assertThat(deliver(endpoint, forged, null, "orders/updated", "evt-5", ShopifyEmulatorServer.SHOP)).isEqualTo(401);
            assertThat(deliver(endpoint, forged, sign(v2, SECRET), "orders/updated", "evt-6", ShopifyEmulatorServer.SHOP)).isEqualTo(401);
            assertThat(deliver(endpoint, forged, "not base64!", "orders/updated", "evt-7", ShopifyEmulatorServer.SHOP)).isEqualTo(401);
            assertThat(deliver(endpoint, forged, sign(forged, SECRET), "orders/updated", "evt-8", "other-shop.myshopify.com")).isEqualTo(403);
            // a login does not stand in for the signature: the webhook path asks for none
            HttpResponse<Void> loggedIn = http.send(HttpRequest.newBuilder(endpoint).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                            .encodeToString(("admin:" + Hub.ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .header("X-Shopify-Topic", "orders/updated").header("X-Shopify-Shop-Domain", ShopifyEmulatorServer.SHOP)
                    .POST(HttpRequest.BodyPublishers.ofString(forged)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(loggedIn.statusCode()).isEqualTo(401);
            assertThat(loggedIn.headers().firstValue("WWW-Authenticate")).as("no login is asked for").isEmpty();
            // the endpoint takes POST only; someone trying the URL in a browser is told so, not asked to log in
            HttpResponse<Void> browsed = http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(browsed.statusCode()).isEqualTo(405);
            assertThat(browsed.headers().firstValue("WWW-Authenticate")).isEmpty();
            // bad input with a valid signature: quarantined with its reason, answered 200 (a retry would not fix it)
            String broken = "{\"id\": 450789469, \"updated_at\": \"2026-11-27T11:00:00Z\", \"currency\": \"EUR\"}";
            assertThat(deliver(endpoint, broken, sign(broken, SECRET), "orders/updated", "evt-9", ShopifyEmulatorServer.SHOP)).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForList(
                    "select reason from dead_letters where route_id = 'shopify-order-webhooks' and kind = 'QUARANTINE'", String.class))
                    .singleElement().asString().contains("total_price"));
            assertThat(revision(db)).isEqualTo(2);
            assertThat(db.queryForObject("select count(*) from orders", Integer.class)).isEqualTo(1);
            assertThat(db.queryForObject("select canonical->'lines'->0->>'qtyOrdered' from orders", String.class)).isEqualTo("3");
            assertThat(db.queryForObject("select count(*) from order_versions", Integer.class)).isEqualTo(2);
            // evt-1, evt-2, evt-3, evt-0, evt-9 (recorded once its batch is through): refused deliveries leave no id behind
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from camel_messageprocessed where processorname = 'shopify-order-webhooks'", Integer.class)).isEqualTo(5));
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
        }
    }

    @Test
    void heldOrdersWaitForPaymentAndAPersonReleasesTheRest() throws Exception {
        try (Hub hub = new Hub("holds", null, dir).with("kontor.channels.shopify.client-secret", SECRET)) {
            hub.start();
            JdbcTemplate db = hub.jdbc();
            URI endpoint = URI.create("http://localhost:" + hub.port() + "/webhooks/shopify");
            String id = java.util.UUID.nameUUIDFromBytes(("SHOPIFY|" + ShopifyEmulatorServer.SHOP + "|gid://shopify/Order/450789469")
                    .getBytes(StandardCharsets.UTF_8)).toString();
            URI order = URI.create("http://localhost:" + hub.port() + "/api/orders/" + id);
            URI release = URI.create(order + "/release");

            // pending payment, a four-digit German postcode, an e-mail with a space: three holds
            String v1 = order("2026-11-27T09:00:00Z", "pending", 1, "jörg müller@example.de", "5066");
            assertThat(deliver(endpoint, v1, sign(v1, SECRET), "orders/create", "h-1", ShopifyEmulatorServer.SHOP)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(holdCodes(order))
                    .containsExactly("PAYMENT_NOT_CAPTURED", "SHIP_TO_POSTCODE_INVALID", "EMAIL_INVALID"));
            JsonNode held = get(order);
            assertThat(held.get("status").asText()).isEqualTo("ON_HOLD");
            assertThat(held.get("channelStatus").asText()).isEqualTo("PENDING_PAYMENT");
            assertThat(JSON.readTree(http.send(authorized(URI.create("http://localhost:" + hub.port() + "/api/orders?status=ON_HOLD"),
                    "ops", Hub.OPS_PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("total").asInt()).isEqualTo(1);

            // the channel reports payment: that hold goes by itself
            String v2 = order("2026-11-27T09:10:00Z", "paid", 1, "jörg müller@example.de", "5066");
            assertThat(deliver(endpoint, v2, sign(v2, SECRET), "orders/paid", "h-2", ShopifyEmulatorServer.SHOP)).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(holdCodes(order))
                    .containsExactly("SHIP_TO_POSTCODE_INVALID", "EMAIL_INVALID"));

            // only admin releases, always with a comment, only holds the order has
            assertThat(post(release, "ops", Hub.OPS_PASSWORD, "{\"comment\":\"checked\"}").statusCode()).isEqualTo(403);
            assertThat(post(release, "admin", Hub.ADMIN_PASSWORD, "{\"comment\":\" \"}").statusCode()).isEqualTo(400);
            assertThat(post(release, "admin", Hub.ADMIN_PASSWORD, "{\"codes\":[\"NOPE\"],\"comment\":\"x\"}").statusCode()).isEqualTo(400);
            assertThat(post(release, "admin", Hub.ADMIN_PASSWORD,
                    "{\"codes\":[\"SHIP_TO_POSTCODE_INVALID\"],\"comment\":\"Köln 5066x confirmed by phone: 50667\"}").statusCode()).isEqualTo(200);
            assertThat(holdCodes(order)).containsExactly("EMAIL_INVALID");
            HttpResponse<String> all = post(release, "admin", Hub.ADMIN_PASSWORD, "{\"comment\":\"e-mail typo, customer informed\"}");
            assertThat(all.statusCode()).isEqualTo(200);
            JsonNode released = get(order);
            assertThat(released.get("status").asText()).isEqualTo("OPEN");
            assertThat(released.get("holdReasons")).isEmpty();
            assertThat(released.get("holdReleases")).extracting(r -> r.get("releasedBy").asText()).containsOnly("admin");
            assertThat(post(release, "admin", Hub.ADMIN_PASSWORD, "{\"comment\":\"again\"}").statusCode()).isEqualTo(409);
            // the release reaches the ERP as a revision of its own, through the outbox relay
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(TopicReader.readAll(hub.erpTopic))
                    .anySatisfy(r -> assertThat(JSON.readTree(r.value()).get("revision").asInt()).isEqualTo(4)));

            // a later version with the same address and e-mail stays released; the release is on record
            String v3 = order("2026-11-27T09:20:00Z", "paid", 2, "jörg müller@example.de", "5066");
            assertThat(deliver(endpoint, v3, sign(v3, SECRET), "orders/updated", "h-3", ShopifyEmulatorServer.SHOP)).isEqualTo(200);
            // (revisions: 1 and 2 from the channel, 3 and 4 the two releases, 5 this version)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(order).get("revision").asInt()).isEqualTo(5));
            assertThat(get(order).get("status").asText()).isEqualTo("OPEN");
            assertThat(db.queryForList("select comment from order_hold_releases order by code", String.class))
                    .containsExactly("e-mail typo, customer informed", "Köln 5066x confirmed by phone: 50667");

            // the ERP saw each revision at most once and the newest for sure; revision 3 (the first, partial release)
            // was superseded by revision 4 before the relay's turn and is covered by it
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    db.queryForObject("select count(*) from order_versions where erp_published_at is null", Integer.class)).isZero());
            java.util.Map<Integer, String> statusByRevision = new java.util.TreeMap<>();
            for (var r : TopicReader.readAll(hub.erpTopic)) {
                JsonNode doc = JSON.readTree(r.value());
                assertThat(statusByRevision.put(doc.get("revision").asInt(), doc.at("/order/status").asText())).isNull();
            }
            assertThat(statusByRevision).containsExactly(java.util.Map.entry(1, "ON_HOLD"), java.util.Map.entry(2, "ON_HOLD"),
                    java.util.Map.entry(4, "OPEN"), java.util.Map.entry(5, "OPEN"));
        }
    }

    private java.util.List<String> holdCodes(URI order) throws Exception {
        java.util.List<String> codes = new ArrayList<>();
        JsonNode o = get(order);
        if (o != null) {
            o.path("holdReasons").forEach(h -> codes.add(h.get("code").asText()));
        }
        return codes;
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(authorized(uri, "ops", Hub.OPS_PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private HttpResponse<String> post(URI uri, String user, String password, String body) throws Exception {
        return http.send(authorized(uri, user, password).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authorized(URI uri, String user, String password) {
        return HttpRequest.newBuilder(uri).header("Authorization", Hub.basic(user, password));
    }

    private int deliver(URI endpoint, String body, String hmac, String topic, String eventId, String shop) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", topic)
                .header("X-Shopify-Shop-Domain", shop)
                .header("X-Shopify-Event-Id", eventId)
                .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .header("X-Shopify-API-Version", "2026-01")
                .header("X-Shopify-Triggered-At", "2026-11-27T09:00:00.000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (hmac != null) {
            b.header("X-Shopify-Hmac-SHA256", hmac);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sign(String body, String secret) {
        return WebhookSignatures.of(body.getBytes(StandardCharsets.UTF_8), secret);
    }

    private static int revision(JdbcTemplate db) {
        List<Integer> r = db.queryForList("select revision from orders", Integer.class);
        return r.isEmpty() ? 0 : r.get(0);
    }

    /** A REST-shaped order as Shopify's orders/* webhooks deliver it (snake_case, amounts as strings). */
    private static String order(String updatedAt, String financialStatus, int quantity) throws Exception {
        return order(updatedAt, financialStatus, quantity, "jörg.müller@example.de", "50667");
    }

    private static String order(String updatedAt, String financialStatus, int quantity, String email, String zip) throws Exception {
        String price = "45.00";
        String subtotal = String.format("%d.00", 45 * quantity);
        String tax = new java.math.BigDecimal(subtotal).multiply(new java.math.BigDecimal("0.19")).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
        String total = new java.math.BigDecimal(subtotal).add(new java.math.BigDecimal(tax)).add(new java.math.BigDecimal("4.90")).toPlainString();
        String json = """
                {"id": 450789469, "admin_graphql_api_id": "gid://shopify/Order/450789469", "name": "#1001",
                 "created_at": "2026-11-27T08:58:00Z", "updated_at": "%s", "cancelled_at": null,
                 "currency": "EUR", "presentment_currency": "EUR", "financial_status": "%s", "fulfillment_status": null,
                 "email": "%s", "phone": null,
                 "customer": {"id": 207119551, "admin_graphql_api_id": "gid://shopify/Customer/207119551",
                              "first_name": "Jörg", "last_name": "Müller", "email": "jörg.müller@example.de"},
                 "shipping_address": {"first_name": "Jörg", "last_name": "Müller", "address1": "Hauptstraße 5",
                              "city": "Köln", "zip": "%s", "country_code": "DE", "province": null},
                 "billing_address": {"first_name": "Jörg", "last_name": "Müller", "address1": "Hauptstraße 5",
                              "city": "Köln", "zip": "50667", "country_code": "DE"},
                 "subtotal_price": "%s", "total_shipping_price_set": {"shop_money": {"amount": "4.90", "currency_code": "EUR"},
                              "presentment_money": {"amount": "4.90", "currency_code": "EUR"}},
                 "total_tax": "%s", "total_discounts": "0.00", "total_price": "%s",
                 "line_items": [{"id": 866550311, "admin_graphql_api_id": "gid://shopify/LineItem/866550311",
                              "sku": "TSHIRT-BLK-M", "name": "T-Shirt schwarz M", "quantity": %d, "price": "%s",
                              "product_id": 632910392, "variant_id": 808950810, "total_discount": "0.00",
                              "fulfillment_status": null, "fulfillable_quantity": %d,
                              "tax_lines": [{"title": "MwSt", "rate": 0.19, "price": "%s"}]}]}
                """.formatted(updatedAt, financialStatus, email, zip, subtotal, tax, total, quantity, price, quantity, tax);
        return JSON.writeValueAsString(JSON.readTree(json)); // compact, as Shopify sends it
    }
}
