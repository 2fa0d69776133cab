package io.kontor.it.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.it.Hub;
import io.kontor.sandbox.shopify.ShopifyWebhookSender;
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
import java.util.Base64;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Available-to-sell to a Shopify shop, end to end: the hub (PostgreSQL, Kafka) pushes each stock change to the emulated
 * shop's location once, after the channel's buffer, with compare-and-set; the shop's inventory_levels/update webhook for
 * the hub's own write is recognised as its echo and changes nothing; the shop's own orders lower the figure without being
 * taken for an edit; a figure a person raised in the shop's admin is found, recorded and overwritten by the ledger's; a
 * storm of 503s delays the last figure and never loses it.
 */
class ShopifyStockSyncIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "shpss_stock_it_secret";
    private static final String KOELN = "gid://shopify/Location/71001";
    private static final String SKU = "HD-NAV-M";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void stockChangesReachTheShopOnceAndTheEchoIsNotReapplied() throws Exception {
        try (ShopifyEmulatorServer shop = new ShopifyEmulatorServer(2_000, 1_000);
             Hub hub = new Hub("shopify-stock", shop.baseUrl(), dir).withCologneWarehouse()
                     .with("kontor.channels.shopify.client-secret", SECRET)
                     .withShopifyStockFrom("DE-KOELN")
                     .with("kontor.stock.allocation.SHOPIFY.buffer-units", 2)) {
            hub.start();
            ShopifyWebhookSender webhooks = inventoryWebhooks(shop, hub);
            JdbcTemplate db = hub.jdbc();

            // a count of 20: the shop shows 18 (buffer 2), sent once, acknowledged; its webhook is the echo
            assertThat(put(hub, "/api/stock/DE-KOELN/" + SKU, "{\"onHand\":20,\"note\":\"count\"}")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(18).equals(shop.inventory().available(SKU, KOELN)));
            JsonNode channel = awaitChannel(hub, "SYNCED", 18);
            assertThat(channel.path("acknowledgedAt").isTextual()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(18).equals(reported(db)));
            int setsAfterFirst = sets(shop);
            // the echo of the hub's own write sends nothing: no further set for a second
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sets(shop) == setsAfterFirst);
            assertThat(edits(db)).isZero();

            // an adjustment is pushed like any other change
            assertThat(post(hub, "/api/stock/adjustments", "{\"sku\":\"" + SKU + "\",\"location\":\"DE-KOELN\",\"quantity\":-5,\"reason\":\"damaged\"}"))
                    .isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(13).equals(shop.inventory().available(SKU, KOELN)));

            // the shop's own order lowers its figure: noted, not an edit, nothing pushed back over it
            shop.inventory().committed(SKU, KOELN, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(12).equals(reported(db)));
            assertThat(edits(db)).isZero();

            // a person raises the figure in the shop's admin: found, recorded, the ledger's figure goes out again
            // (changeFromQuantity 40 now; the ledger still has 15 on hand, 13 for the shop)
            shop.inventory().setByHand(SKU, KOELN, 40);
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(13).equals(shop.inventory().available(SKU, KOELN)));
            assertThat(db.queryForMap("select published, found, action from stock_channel_edits where sku = ?", SKU))
                    .containsEntry("published", 13).containsEntry("found", 40).containsEntry("action", "OVERWRITE");

            // five 503s in a row: the figure waits and arrives, the newest of two changes made meanwhile
            shop.failNextWith("inventorySetQuantities", 5);
            post(hub, "/api/stock/adjustments", "{\"sku\":\"" + SKU + "\",\"location\":\"DE-KOELN\",\"quantity\":3,\"reason\":\"found\"}");
            post(hub, "/api/stock/adjustments", "{\"sku\":\"" + SKU + "\",\"location\":\"DE-KOELN\",\"quantity\":1,\"reason\":\"found\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> Integer.valueOf(17).equals(shop.inventory().available(SKU, KOELN)));
            awaitChannel(hub, "SYNCED", 17);

            // a SKU the shop does not sell is marked so and not sent again until its figure changes
            put(hub, "/api/stock/DE-KOELN/NOT-IN-SHOP", "{\"onHand\":4}");
            await().atMost(Duration.ofSeconds(20)).until(() -> "NOT_LISTED".equals(db.query(
                    "select status from stock_sync where sku = 'NOT-IN-SHOP'", rs -> rs.next() ? rs.getString(1) : null)));

            JsonNode lag = JSON.readTree(get(hub, "/api/stock/sync-lag"));
            assertThat(lag).anySatisfy(l -> {
                assertThat(l.path("channel").asText()).isEqualTo("SHOPIFY");
                assertThat(l.path("acknowledged").asLong()).isGreaterThanOrEqualTo(3);
                assertThat(l.path("p99Millis").isNumber()).isTrue();
            });
            webhooks.close();
        }
    }

    @Test
    void aChannelTrustedForItsEditsHasItsChangeTakenOverIntoTheLedger() throws Exception {
        try (ShopifyEmulatorServer shop = new ShopifyEmulatorServer(2_000, 1_000);
             Hub hub = new Hub("shopify-stock-take-over", shop.baseUrl(), dir).withCologneWarehouse()
                     .with("kontor.channels.shopify.client-secret", SECRET)
                     .withShopifyStockFrom("DE-KOELN")
                     .with("kontor.stock.allocation.SHOPIFY.buffer-units", 2)
                     .with("kontor.stock.allocation.SHOPIFY.on-channel-edit", "TAKE_OVER")) {
            hub.start();
            ShopifyWebhookSender webhooks = inventoryWebhooks(shop, hub);
            JdbcTemplate db = hub.jdbc();
            assertThat(put(hub, "/api/stock/DE-KOELN/" + SKU, "{\"onHand\":20}")).isEqualTo(200);
            awaitChannel(hub, "SYNCED", 18);
            // the shop's manager found 7 more in the back room and says so in the shop
            shop.inventory().setByHand(SKU, KOELN, 25);
            await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(27).equals(db.queryForObject(
                    "select on_hand from stock_levels where sku = ? and warehouse = 'DE-KOELN'", Integer.class, SKU)));
            assertThat(db.queryForMap("select published, found, action from stock_channel_edits where sku = ?", SKU))
                    .containsEntry("published", 18).containsEntry("found", 25).containsEntry("action", "TAKE_OVER");
            assertThat(db.queryForObject("select note from stock_movements where sku = ? and reason = 'ADJUSTMENT'", String.class, SKU))
                    .contains("changed on SHOPIFY " + ShopifyEmulatorServer.SHOP + " from 18 to 25");
            awaitChannel(hub, "SYNCED", 25);
            assertThat(shop.inventory().available(SKU, KOELN)).isEqualTo(25);
            webhooks.close();
        }
    }

    /** The shop's inventory_levels/update webhook, signed, to the hub: for every change, the hub's own writes too. */
    private static ShopifyWebhookSender inventoryWebhooks(ShopifyEmulatorServer shop, Hub hub) {
        ShopifyWebhookSender webhooks = new ShopifyWebhookSender(URI.create("http://localhost:" + hub.port() + "/webhooks/shopify"),
                ShopifyEmulatorServer.SHOP, SECRET, "2026-01", 0, new ObjectMapper(), Executors.newSingleThreadScheduledExecutor());
        shop.inventory().onChange(webhooks::inventoryLevelChanged);
        return webhooks;
    }

    private JsonNode awaitChannel(Hub hub, String status, int published) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode position = JSON.readTree(get(hub, "/api/stock/" + SKU));
            assertThat(position.path("channels")).as("the SKU is planned for the shop").isNotEmpty();
            JsonNode channel = position.path("channels").get(0);
            assertThat(channel.path("channel").asText()).isEqualTo("SHOPIFY");
            assertThat(channel.path("location").asText()).isEqualTo(KOELN);
            assertThat(channel.path("status").asText()).isEqualTo(status);
            assertThat(channel.path("published").asInt()).isEqualTo(published);
            assertThat(position.path("locations").get(0).path("location").asText()).isEqualTo("DE-KOELN");
            found[0] = channel;
        });
        return found[0];
    }

    private static Integer reported(JdbcTemplate db) {
        return db.query("select reported from stock_sync where sku = ?", rs -> rs.next() ? (Integer) rs.getObject(1) : null, SKU);
    }

    private static int edits(JdbcTemplate db) {
        return db.queryForObject("select count(*) from stock_channel_edits", Integer.class);
    }

    private static int sets(ShopifyEmulatorServer shop) {
        return shop.requestsWith("inventorySetQuantities");
    }

    private String get(Hub hub, String path) throws Exception {
        return http.send(request(hub, path, "ops", Hub.OPS_PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private int put(Hub hub, String path, String body) throws Exception {
        return http.send(request(hub, path, "admin", Hub.ADMIN_PASSWORD).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int post(Hub hub, String path, String body) throws Exception {
        return http.send(request(hub, path, "admin", Hub.ADMIN_PASSWORD).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpRequest.Builder request(Hub hub, String path, String user, String password) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
