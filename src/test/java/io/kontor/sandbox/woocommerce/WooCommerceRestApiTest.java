package io.kontor.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated store answers as WooCommerce's REST API documentation says it does: paging, dates, errors, notes, tracking items. */
class WooCommerceRestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private final SandboxWooStore store = new SandboxWooStore(clock, BERLIN);
    private final WooCommerceTrafficGenerator traffic = new WooCommerceTrafficGenerator(store, 5);
    private final WooCommerceRestApi api = new WooCommerceRestApi(store, "ck_a", "cs_b", BERLIN);

    @Test
    void ordersArePagedAndCountedInTheHeaders() {
        for (int i = 0; i < 7; i++) {
            traffic.createOrder();
            clock.advance(Duration.ofMinutes(1));
        }
        WooCommerceRestApi.Response first = get("/wp-json/wc/v3/orders", Map.of("per_page", "3", "orderby", "id", "order", "asc"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers()).containsEntry("X-WP-Total", "7").containsEntry("X-WP-TotalPages", "3");
        JsonNode page = JSON.valueToTree(first.body());
        assertThat(page).hasSize(3);
        assertThat(page.get(0).get("id").asLong()).isLessThan(page.get(1).get("id").asLong());
        assertThat(((JsonNode) JSON.valueToTree(get("/wp-json/wc/v3/orders", Map.of("per_page", "3", "page", "3")).body()))).hasSize(1);
        // past the last page, and more than 100 a page: refused as WordPress refuses them
        assertThat(get("/wp-json/wc/v3/orders", Map.of("per_page", "3", "page", "4")).status()).isEqualTo(400);
        WooCommerceRestApi.Response tooMany = get("/wp-json/wc/v3/orders", Map.of("per_page", "101"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(JSON.valueToTree(tooMany.body()).path("code").asText()).isEqualTo("rest_invalid_param");
        // the default page holds 10, newest first
        JsonNode byDefault = JSON.valueToTree(get("/wp-json/wc/v3/orders", Map.of()).body());
        assertThat(byDefault.get(0).get("id").asLong()).isGreaterThan(byDefault.get(6).get("id").asLong());
    }

    @Test
    void modifiedAfterIsTheSiteZoneUnlessDatesAreGmt() {
        traffic.createOrder(); // modified 09:00 GMT = 10:00 in Berlin
        JsonNode order = JSON.valueToTree(store.orders().get(0));
        assertThat(order.get("date_modified_gmt").asText()).isEqualTo("2026-12-07T09:00:00");
        assertThat(order.get("date_modified").asText()).isEqualTo("2026-12-07T10:00:00");
        assertThat(total(Map.of("modified_after", "2026-12-07T09:30:00"))).isEqualTo("1"); // 09:30 Berlin = 08:30 GMT
        assertThat(total(Map.of("modified_after", "2026-12-07T09:30:00", "dates_are_gmt", "true"))).isEqualTo("0");
        assertThat(total(Map.of("modified_after", "2026-12-07T08:59:59", "dates_are_gmt", "true"))).isEqualTo("1");
        assertThat(get("/wp-json/wc/v3/orders", Map.of("modified_after", "yesterday")).status()).isEqualTo(400);
    }

    @Test
    void keysAreCheckedAndErrorsLookLikeWordPress() {
        WooCommerceRestApi.Response none = api.handle(new WooCommerceRestApi.Request("GET", "/wp-json/wc/v3/orders", Map.of(), Map.of(), null));
        assertThat(none.status()).isEqualTo(401);
        JsonNode error = JSON.valueToTree(none.body());
        assertThat(error.path("code").asText()).isEqualTo("woocommerce_rest_cannot_view");
        assertThat(error.path("data").path("status").asInt()).isEqualTo(401);
        WooCommerceRestApi.Response wrong = api.handle(new WooCommerceRestApi.Request("GET", "/wp-json/wc/v3/orders", Map.of(),
                Map.of("Authorization", basic("ck_a", "cs_wrong")), null));
        assertThat(JSON.valueToTree(wrong.body()).path("message").asText()).isEqualTo("Consumer secret is invalid.");
        assertThat(get("/wp-json/wc/v3/orders/999", Map.of()).status()).isEqualTo(404);
        assertThat(get("/wp-json/wc/v3/products", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void notesTrackingItemsAndStatusChanges() {
        long id = traffic.createOrder().get("id").asLong();
        assertThat(send("POST", "/wp-json/wc/v3/orders/" + id + "/notes", "{}").status()).isEqualTo(400);
        WooCommerceRestApi.Response note = send("POST", "/wp-json/wc/v3/orders/" + id + "/notes", "{\"note\":\"Shipped\",\"customer_note\":true}");
        assertThat(note.status()).isEqualTo(201);
        send("POST", "/wp-json/wc/v3/orders/" + id + "/notes", "{\"note\":\"internal\"}");
        assertThat((JsonNode) JSON.valueToTree(get("/wp-json/wc/v3/orders/" + id + "/notes", Map.of("type", "customer")).body())).hasSize(1);
        assertThat((JsonNode) JSON.valueToTree(get("/wp-json/wc/v3/orders/" + id + "/notes", Map.of()).body())).hasSize(2);

        String tracking = "/wp-json/wc-shipment-tracking/v3/orders/" + id + "/shipment-trackings";
        assertThat(send("POST", tracking, "{\"tracking_number\":\"123\"}").status()).isEqualTo(400);
        WooCommerceRestApi.Response item = send("POST", tracking,
                "{\"tracking_number\":\"JJD01\",\"custom_tracking_provider\":\"DHL\",\"custom_tracking_link\":\"https://t.example/%1$s\",\"date_shipped\":\"2026-12-07\"}");
        assertThat(item.status()).isEqualTo(201);
        JsonNode created = JSON.valueToTree(item.body());
        assertThat(created.path("tracking_link").asText()).isEqualTo("https://t.example/JJD01");
        assertThat(created.path("tracking_id").asText()).hasSize(32);

        clock.advance(Duration.ofMinutes(5));
        assertThat(send("PUT", "/wp-json/wc/v3/orders/" + id, "{\"status\":\"shipped\"}").status()).isEqualTo(400);
        JsonNode completed = JSON.valueToTree(send("PUT", "/wp-json/wc/v3/orders/" + id, "{\"status\":\"completed\"}").body());
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("date_completed_gmt").asText()).isEqualTo("2026-12-07T09:05:00");
        assertThat(completed.path("date_modified_gmt").asText()).isEqualTo("2026-12-07T09:05:00");
    }

    private String total(Map<String, String> query) {
        return get("/wp-json/wc/v3/orders", query).headers().get("X-WP-Total");
    }

    private WooCommerceRestApi.Response get(String path, Map<String, String> query) {
        return api.handle(new WooCommerceRestApi.Request("GET", path, new LinkedHashMap<>(query), Map.of("Authorization", basic("ck_a", "cs_b")), null));
    }

    private WooCommerceRestApi.Response send(String method, String path, String body) {
        return api.handle(new WooCommerceRestApi.Request(method, path, Map.of(), Map.of("Authorization", basic("ck_a", "cs_b")), body));
    }

    private static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
