package io.kontor.sandbox.ebay;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.testing.ChannelSpec;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eBay Inventory emulator keeps ../shared/docs/stock-and-payout-contracts.md §3 and eBay's own Sell Inventory OpenAPI
 * document (sell_inventory_v1_oas3.json): every request and answer here is validated against it; the rules it states
 * in words (≤ 25 entries, one SKU per call when strict, published offers only, duplicates and foreign offers refused,
 * 200 or 207 read per entry, the listing quantity the smaller of two, a full replace losing an omitted quantity, the
 * Content-Language header, the sell.inventory scope, 250 revisions a day) are asked one by one.
 */
class EbayInventoryApiContractTest {

    private static final String SPEC = "channels/ebay-inventory/sell_inventory_v1_oas3.json";
    private static final String BULK = "/sell/inventory/v1/bulk_update_price_quantity";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private SandboxEbayOAuth oauth;
    private EbayInventoryApi api;
    private ChannelSpec spec;
    private String bearer;

    @BeforeEach
    void seller() {
        spec = ChannelSpec.of(SPEC);
        oauth = new SandboxEbayOAuth("app", "cert", "v^1.1#refresh", clock);
        api = new EbayInventoryApi(oauth, clock, 10_000);
        bearer = "Bearer " + oauth.token(basic(), Map.of("grant_type", "refresh_token", "refresh_token", "v^1.1#refresh")).body().get("access_token");
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("app:cert".getBytes(StandardCharsets.UTF_8));
    }

    private record Call(int status, JsonNode body) {
    }

    private Call call(String method, String path, Map<String, String> query, String body, Map<String, String> headers, boolean validate) throws Exception {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("Authorization", bearer);
        EbayFulfillmentApi.Response r = api.handle(new EbayFulfillmentApi.Request(method, path, query, h, body));
        String text = r.body() == null ? "" : json.writeValueAsString(r.body());
        if (validate) {
            SimpleRequest.Builder rb = new SimpleRequest.Builder(Request.Method.valueOf(method), path);
            query.forEach(rb::withQueryParam);
            h.forEach(rb::withHeader);
            if (body != null) {
                rb.withBody(body).withContentType("application/json");
            }
            if (r.status() == 200 || r.status() == 204) {
                SimpleResponse.Builder answer = SimpleResponse.Builder.status(r.status());
                if (!text.isEmpty()) {
                    answer.withContentType("application/json").withBody(text);
                }
                spec.assertValid(rb.build(), answer.build());
            } else {
                // the spec declares no body for 207 and 400, which carry one (its descriptions and eBay say so):
                // the request is checked against it, the answer's fields against the schemas it names
                assertThat(spec.accepts(rb.build())).as("a request eBay's spec accepts").isTrue();
                assertFieldsDeclared(json.readTree(text));
            }
        }
        return new Call(r.status(), text.isEmpty() ? null : json.readTree(text));
    }

    /** Each entry's fields are PriceQuantityResponse's, each error's are Error's (sell_inventory_v1_oas3.json). */
    private void assertFieldsDeclared(JsonNode body) throws Exception {
        JsonNode schemas = json.readTree(io.kontor.testing.Corpus.file(SPEC).toFile()).path("components").path("schemas");
        java.util.Set<String> entryFields = new java.util.HashSet<>();
        schemas.path("PriceQuantityResponse").path("properties").fieldNames().forEachRemaining(entryFields::add);
        java.util.Set<String> errorFields = new java.util.HashSet<>();
        schemas.path("Error").path("properties").fieldNames().forEachRemaining(errorFields::add);
        List<JsonNode> entries = new ArrayList<>();
        body.path("responses").forEach(entries::add);
        for (JsonNode entry : entries) {
            entry.fieldNames().forEachRemaining(f -> assertThat(entryFields).as("PriceQuantityResponse fields").contains(f));
            entry.path("errors").forEach(e -> e.fieldNames().forEachRemaining(f -> assertThat(errorFields).as("Error fields").contains(f)));
        }
        body.path("errors").forEach(e -> e.fieldNames().forEachRemaining(f -> assertThat(errorFields).as("Error fields").contains(f)));
    }

    private Call bulk(List<Map<String, Object>> requests) throws Exception {
        return call("POST", BULK, Map.of(), json.writeValueAsString(Map.of("requests", requests)), Map.of(), true);
    }

    private String offerOf(String sku) throws Exception {
        return call("GET", "/sell/inventory/v1/offer", Map.of("sku", sku), null, Map.of(), true).body().at("/offers/0/offerId").asText();
    }

    private static Map<String, Object> entry(String sku, int quantity, String... offers) {
        List<Map<String, Object>> o = new ArrayList<>();
        for (String offer : offers) {
            o.add(Map.of("offerId", offer, "availableQuantity", quantity));
        }
        return Map.of("sku", sku, "shipToLocationAvailability", Map.of("quantity", quantity), "offers", o);
    }

    @Test
    void aBulkUpdateSetsTheListingAndIsAnswered200WhenEveryEntrySucceeded() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(0).sku();
        Call ok = bulk(List.of(entry(sku, 7, offerOf(sku))));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().at("/responses/0/statusCode").asInt()).isEqualTo(200);
        assertThat(api.listed(sku)).isEqualTo(7);
        // the listing shows the smaller of the ship-to quantity and the offer's
        bulk(List.of(Map.of("sku", sku, "shipToLocationAvailability", Map.of("quantity", 3))));
        assertThat(api.listed(sku)).isEqualTo(3);
        assertThat(call("GET", "/sell/inventory/v1/inventory_item/" + sku, Map.of(), null, Map.of(), true).body()
                .at("/availability/shipToLocationAvailability/quantity").asInt()).isEqualTo(3);
    }

    @Test
    void getInventoryItemsPagesByPageNumberWithAtMost100ItemsAndShowsEachQuantity() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(0).sku();
        bulk(List.of(entry(sku, 6, offerOf(sku))));
        int total = SandboxCatalog.PRODUCTS.size();
        List<String> seen = new ArrayList<>();
        int pages = 0;
        for (int page = 0; ; page++) {
            Call c = call("GET", "/sell/inventory/v1/inventory_item", Map.of("limit", "7", "offset", String.valueOf(page)), null, Map.of(), true);
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.body().path("total").asInt()).isEqualTo(total);
            assertThat(c.body().path("size").asInt()).as("pages").isEqualTo((total + 6) / 7);
            c.body().path("inventoryItems").forEach(i -> seen.add(i.path("sku").asText()));
            if (c.body().path("inventoryItems").toString().contains(sku)) {
                assertThat(c.body().path("inventoryItems")).anySatisfy(i -> {
                    assertThat(i.path("sku").asText()).isEqualTo(sku);
                    assertThat(i.at("/availability/shipToLocationAvailability/quantity").asInt()).isEqualTo(6);
                });
            }
            pages++;
            if (!c.body().has("next")) {
                break;
            }
            assertThat(c.body().path("next").asText()).endsWith("offset=" + (page + 1));
        }
        assertThat(pages).isEqualTo((total + 6) / 7);
        assertThat(seen).hasSize(total).doesNotHaveDuplicates();
        // without limit, up to 100 a page; a limit outside 1..100 is refused
        assertThat(call("GET", "/sell/inventory/v1/inventory_item", Map.of(), null, Map.of(), true).body().path("limit").asInt()).isEqualTo(100);
        assertThat(call("GET", "/sell/inventory/v1/inventory_item", Map.of("limit", "101"), null, Map.of(), true).status()).isEqualTo(400);
        assertThat(call("GET", "/sell/inventory/v1/inventory_item", Map.of("limit", "0"), null, Map.of(), true).status()).isEqualTo(400);
        // a quantity set in Seller Hub shows on the next read
        api.setByHand(sku, 11);
        assertThat(api.listed(sku)).isEqualTo(11);
    }

    @Test
    void a207IsReadPerEntryAndOnlyTheGoodEntriesAreApplied() throws Exception {
        String a = SandboxCatalog.PRODUCTS.get(1).sku();
        String b = SandboxCatalog.PRODUCTS.get(2).sku();
        String unpublished = SandboxCatalog.PRODUCTS.get(SandboxCatalog.PRODUCTS.size() - 1).sku();
        String foreign = offerOf(SandboxCatalog.PRODUCTS.get(7).sku());
        Call mixed = bulk(List.of(entry(a, 4, offerOf(a)), entry("NO-SUCH-SKU", 4), entry(b, 5, foreign), entry(unpublished, 2, offerOf(unpublished))));
        assertThat(mixed.status()).isEqualTo(207);
        assertThat(mixed.body().path("responses")).extracting(r -> r.path("sku").asText() + " " + r.path("statusCode").asInt())
                .containsExactly(a + " 200", "NO-SUCH-SKU 400", b + " 400", unpublished + " 400");
        assertThat(mixed.body().at("/responses/1/errors/0/errorId").asInt()).isEqualTo(25702);
        assertThat(mixed.body().at("/responses/2/errors/0/message").asText()).contains("not an offer of SKU " + b);
        assertThat(mixed.body().at("/responses/3/errors/0/message").asText()).contains("not published");
        assertThat(api.listed(a)).isEqualTo(4);
        assertThat(api.listed(b)).as("refused entries change nothing").isEqualTo(10);
    }

    @Test
    void moreThan25EntriesOrTwoSkusWhenStrictOrADuplicateOfferAreRefused() throws Exception {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            many.add(entry("SKU-" + i, 1));
        }
        assertThat(bulk(many).status()).isEqualTo(400);
        String a = SandboxCatalog.PRODUCTS.get(3).sku();
        String b = SandboxCatalog.PRODUCTS.get(4).sku();
        api.oneSkuPerCall(true);
        assertThat(bulk(List.of(entry(a, 1), entry(b, 1))).status()).isEqualTo(400);
        api.oneSkuPerCall(false);
        Call twice = bulk(List.of(entry(a, 2, offerOf(a), offerOf(a))));
        assertThat(twice.status()).isEqualTo(207);
        assertThat(twice.body().at("/responses/1/errors/0/message").asText()).contains("more than once");
    }

    @Test
    void aListingIsRevisedAtMost250TimesADay() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(5).sku();
        String offer = offerOf(sku);
        for (int i = 0; i < EbayInventoryApi.REVISIONS_PER_DAY; i++) {
            assertThat(api.handle(new EbayFulfillmentApi.Request("POST", BULK, Map.of(), Map.of("Authorization", bearer),
                    json.writeValueAsString(Map.of("requests", List.of(entry(sku, i % 9, offer)))))).status()).isEqualTo(200);
        }
        assertThat(bulk(List.of(entry(sku, 1, offer))).status()).isEqualTo(207);
        clock.advance(java.time.Duration.ofDays(1));
        bearer = "Bearer " + oauth.token(basic(), Map.of("grant_type", "refresh_token", "refresh_token", "v^1.1#refresh")).body().get("access_token");
        assertThat(bulk(List.of(entry(sku, 1, offer))).status()).as("a new day").isEqualTo(200);
    }

    @Test
    void aReplaceIsFullNeedsContentLanguageAndLosesAnOmittedQuantity() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(6).sku();
        String item = json.writeValueAsString(Map.of("condition", "NEW", "product", Map.of("title", "Socks")));
        assertThat(call("PUT", "/sell/inventory/v1/inventory_item/" + sku, Map.of(), item, Map.of(), false).status()).isEqualTo(400);
        assertThat(call("PUT", "/sell/inventory/v1/inventory_item/" + sku, Map.of(), item, Map.of("Content-Language", "de-DE"), true).status())
                .isEqualTo(204);
        assertThat(api.listed(sku)).as("availability left out of a replace: the quantity is lost").isZero();
        assertThat(call("GET", "/sell/inventory/v1/inventory_item/NOPE", Map.of(), null, Map.of(), false).body().at("/errors/0/errorId").asInt())
                .isEqualTo(25702);
    }

    @Test
    void aTokenWithoutTheInventoryScopeIsRefused() {
        String fulfillmentOnly = (String) oauth.token(basic(), Map.of("grant_type", "refresh_token", "refresh_token", "v^1.1#refresh",
                "scope", SandboxEbayOAuth.FULFILLMENT_SCOPE)).body().get("access_token");
        assertThat(api.handle(new EbayFulfillmentApi.Request("GET", "/sell/inventory/v1/offer", Map.of("sku", "x"),
                Map.of("Authorization", "Bearer " + fulfillmentOnly))).status()).isEqualTo(401);
        assertThat(oauth.token(basic(), Map.of("grant_type", "refresh_token", "refresh_token", "v^1.1#refresh",
                "scope", "https://api.ebay.com/oauth/api_scope/sell.finances")).body()).containsEntry("error", "invalid_scope");
    }
}
