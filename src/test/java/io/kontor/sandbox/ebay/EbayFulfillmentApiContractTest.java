package io.kontor.sandbox.ebay;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.testing.ChannelSpec;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eBay emulator keeps channel-contracts.md §3 and eBay's own Sell Fulfillment OpenAPI document: every request
 * and answer of a successful call here is validated against sell_fulfillment_v1_oas3.json.
 */
class EbayFulfillmentApiContractTest {

    private static final String SPEC = "channels/ebay-fulfillment/sell_fulfillment_v1_oas3.json";
    private static final String ORDERS = "/sell/fulfillment/v1/order";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private SandboxEbaySeller seller;
    private EbayTrafficGenerator generator;
    private SandboxEbayOAuth oauth;
    private EbayFulfillmentApi api;
    private ChannelSpec spec;
    private String token;

    @BeforeEach
    void sellerWithOrders() {
        spec = ChannelSpec.of(SPEC);
        seller = new SandboxEbaySeller("seller_1");
        generator = new EbayTrafficGenerator(seller, 5, clock);
        for (int i = 0; i < 120; i++) {
            generator.createOrder(Duration.ofSeconds(10L * (120 - i)));
        }
        oauth = new SandboxEbayOAuth("app", "cert", "v^1.1#refresh", clock);
        api = new EbayFulfillmentApi(seller, oauth, clock, "https://api.ebay.test", 1000);
        token = (String) oauth.token(basic("app", "cert"), form("v^1.1#refresh")).body().get("access_token");
    }

    @Test
    void theTokenEndpointWantsTheAppAsBasicAuthAndTheSellersRefreshToken() {
        SandboxEbayOAuth.Response ok = oauth.token(basic("app", "cert"), form("v^1.1#refresh"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).containsEntry("expires_in", 7200L).containsEntry("token_type", "User Access Token");
        assertThat(oauth.token(basic("app", "wrong"), form("v^1.1#refresh")).body()).containsEntry("error", "invalid_client");
        assertThat(oauth.token(null, form("v^1.1#refresh")).status()).isEqualTo(401);
        assertThat(oauth.token(basic("app", "cert"), form("v^1.1#other")).body()).containsEntry("error", "invalid_grant");
        assertThat(get(ORDERS, Map.of(), null).status()).isEqualTo(401);
        assertThat(get(ORDERS, Map.of(), "Bearer nope").body().at("/errors/0/errorId").asInt()).isEqualTo(1001);
        clock.advance(Duration.ofMinutes(121));
        assertThat(get(ORDERS, Map.of(), "Bearer " + token).status()).as("two hours later").isEqualTo(401);
    }

    @Test
    void ordersPageByOffsetWithNextAsAFullUriAndEachOrderOnce() {
        Set<String> seen = new HashSet<>();
        int offset = 0;
        int pages = 0;
        while (true) {
            Call page = get(ORDERS, Map.of("filter", "lastmodifieddate:[2026-11-27T09:00:00.000Z..]", "limit", "50",
                    "offset", String.valueOf(offset)), "Bearer " + token);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("total").asInt()).isEqualTo(120);
            page.body().get("orders").forEach(o -> assertThat(seen.add(o.get("orderId").asText())).isTrue());
            pages++;
            if (!page.body().has("next")) {
                break;
            }
            assertThat(page.body().get("next").asText()).startsWith("https://api.ebay.test/sell/fulfillment/v1/order?")
                    .contains("offset=" + (offset + 50)).contains("lastmodifieddate%3A%5B");
            offset += 50;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(120);
    }

    @Test
    void aNewOrderDuringPagingJoinsAtTheHeadSoNothingIsSkipped() {
        Map<String, String> q = new LinkedHashMap<>(Map.of("filter", "lastmodifieddate:[2026-11-27T09:00:00.000Z..]", "limit", "40"));
        Set<String> seen = new HashSet<>();
        q.put("offset", "0");
        get(ORDERS, q, "Bearer " + token).body().get("orders").forEach(o -> seen.add(o.get("orderId").asText()));
        clock.advance(Duration.ofSeconds(5));
        generator.createOrder(Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            generator.updateRandomOrder();
        }
        for (int offset = 40; offset < 200; offset += 40) {
            q.put("offset", String.valueOf(offset));
            get(ORDERS, q, "Bearer " + token).body().get("orders").forEach(o -> seen.add(o.get("orderId").asText()));
        }
        assertThat(seen).as("every order that existed when paging started").hasSizeGreaterThanOrEqualTo(120);
    }

    @Test
    void limitsFiltersAndTheNinetyDayWindow() {
        String bearer = "Bearer " + token;
        assertThat(get(ORDERS, Map.of("limit", "201"), bearer).status()).isEqualTo(400);
        assertThat(get(ORDERS, Map.of("limit", "200"), bearer).body().get("orders").size()).isEqualTo(120);
        assertThat(get(ORDERS, Map.of("filter", "lastmodified:[x..]"), bearer).status()).isEqualTo(400);
        // creationdate wins over lastmodifieddate when both are given
        Call both = get(ORDERS, Map.of("filter", "lastmodifieddate:[2026-11-27T09:00:00.000Z..],creationdate:[2026-11-28T00:00:00.000Z..]"), bearer);
        assertThat(both.body().get("total").asInt()).isZero();
        Call status = get(ORDERS, Map.of("filter", "orderfulfillmentstatus:{FULFILLED|IN_PROGRESS}"), bearer);
        assertThat(status.body().get("total").asInt()).isZero();
        assertThat(get(ORDERS, Map.of("filter", "orderfulfillmentstatus:{IN_PROGRESS|NOT_STARTED}"), bearer).status()).isEqualTo(200);
        // only the two documented combinations
        assertThat(get(ORDERS, Map.of("filter", "orderfulfillmentstatus:{FULFILLED}"), bearer).status()).isEqualTo(400);
        assertThat(get(ORDERS, Map.of("filter", "orderfulfillmentstatus:{NOT_STARTED|FULFILLED}"), bearer).status()).isEqualTo(400);
        // dates in UTC with milliseconds, nothing else
        assertThat(get(ORDERS, Map.of("filter", "lastmodifieddate:[2026-11-27T09:00:00Z..]"), bearer).status()).isEqualTo(400);
        assertThat(get(ORDERS, Map.of("filter", "lastmodifieddate:[2026-11-27T10:00:00.000+01:00..]"), bearer).status()).isEqualTo(400);
        // an order last changed more than 90 days ago is beyond the filter's reach
        clock.advance(Duration.ofDays(91));
        generator.createOrder(Duration.ZERO);
        String fresh = "Bearer " + oauth.token(basic("app", "cert"), form("v^1.1#refresh")).body().get("access_token");
        assertThat(get(ORDERS, Map.of("filter", "lastmodifieddate:[2026-01-01T00:00:00.000Z..]"), fresh).body().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void cancelRequestsShowOnlyInGetOrderAndOrderIdsOverrideTheFilter() {
        String bearer = "Bearer " + token;
        String requested = null;
        for (int i = 0; i < 400 && requested == null; i++) {
            clock.advance(Duration.ofSeconds(1));
            generator.updateRandomOrder();
            for (String id : generator.openOrders()) {
                if (seller.get(id).map(o -> String.valueOf(((Map<?, ?>) o.get("cancelStatus")).get("cancelState"))).orElse("").equals("CANCEL_REQUESTED")) {
                    requested = id;
                }
            }
        }
        assertThat(requested).as("a buyer asked to cancel").isNotNull();
        Call list = get(ORDERS, Map.of("orderIds", requested, "filter", "creationdate:[2030-01-01T00:00:00.000Z..]"), bearer);
        assertThat(list.body().get("orders")).hasSize(1);
        assertThat(list.body().at("/orders/0/cancelStatus/cancelRequests")).isEmpty();
        Call one = get(ORDERS + "/" + requested, Map.of(), bearer);
        assertThat(one.body().at("/cancelStatus/cancelRequests/0/cancelInitiator").asText()).isEqualTo("BUYER");
        assertThat(get(ORDERS + "/00-00000-00000", Map.of(), bearer).status()).isEqualTo(404);
    }

    @Test
    void theDailyQuotaEndsIn429UntilTheNextDay() {
        EbayFulfillmentApi small = new EbayFulfillmentApi(seller, oauth, clock, "https://api.ebay.test", 3);
        String bearer = "Bearer " + token;
        for (int i = 0; i < 3; i++) {
            assertThat(small.handle(request(ORDERS, Map.of("limit", "1"), bearer)).status()).isEqualTo(200);
        }
        EbayFulfillmentApi.Response over = small.handle(request(ORDERS, Map.of("limit", "1"), bearer));
        assertThat(over.status()).isEqualTo(429);
        assertThat(json.valueToTree(over.body()).at("/errors/0/errorId").asInt()).isEqualTo(2001);
        clock.advance(Duration.ofDays(1));
        token = (String) oauth.token(basic("app", "cert"), form("v^1.1#refresh")).body().get("access_token");
        assertThat(small.handle(request(ORDERS, Map.of("limit", "1"), "Bearer " + token)).status()).isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aShippingFulfilmentPerPackageIsCreatedWithItsLocationAndReadBackUnderTheResponseFieldNames() throws Exception {
        String orderId = null;
        for (String id : generator.openOrders()) {
            java.util.List<?> lines = (java.util.List<?>) seller.get(id).orElseThrow().get("lineItems");
            if (lines.size() > 1 && "NOT_STARTED".equals(seller.get(id).orElseThrow().get("orderFulfillmentStatus"))) {
                orderId = id;
                break;
            }
        }
        assertThat(orderId).as("an unshipped order with several lines").isNotNull();
        java.util.List<Map<String, Object>> lines = (java.util.List<Map<String, Object>>) seller.get(orderId).orElseThrow().get("lineItems");
        String path = ORDERS + "/" + orderId + "/shipping_fulfillment";
        Map<String, Object> first = Map.of("lineItems", java.util.List.of(Map.of("lineItemId", lines.get(0).get("lineItemId"),
                "quantity", lines.get(0).get("quantity"))), "shippedDate", "2026-11-27T09:00:00.000Z", "shippingCarrierCode", "DHL",
                "trackingNumber", "340434188193100001");
        EbayFulfillmentApi.Response created = post(path, first);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().get("Location")).startsWith("https://api.ebay.test" + path + "/");
        assertThat(seller.get(orderId).orElseThrow().get("orderFulfillmentStatus")).isEqualTo("IN_PROGRESS");

        // more units than are left, an unknown line, a tracking number without its carrier: refused, nothing changes
        assertThat(post(path, first).status()).isEqualTo(400);
        assertThat(post(path, Map.of("lineItems", java.util.List.of(Map.of("lineItemId", "nope", "quantity", 1)))).status()).isEqualTo(400);
        assertThat(post(path, Map.of("lineItems", java.util.List.of(Map.of("lineItemId", lines.get(1).get("lineItemId"), "quantity", 1)),
                "trackingNumber", "1Z999")).status()).isEqualTo(400);

        Map<String, Object> rest = new LinkedHashMap<>();
        java.util.List<Map<String, Object>> others = new java.util.ArrayList<>();
        lines.subList(1, lines.size()).forEach(l -> others.add(Map.of("lineItemId", l.get("lineItemId"), "quantity", l.get("quantity"))));
        rest.put("lineItems", others);
        rest.put("shippingCarrierCode", "DPD");
        rest.put("trackingNumber", "01234567890123");
        assertThat(post(path, rest).status()).isEqualTo(201);
        assertThat(seller.get(orderId).orElseThrow().get("orderFulfillmentStatus")).isEqualTo("FULFILLED");

        Call list = get(path, Map.of(), "Bearer " + token);
        assertThat(list.body().get("total").asInt()).isEqualTo(2);
        assertThat(list.body().at("/fulfillments/0/shipmentTrackingNumber").asText()).isEqualTo("340434188193100001");
        assertThat(list.body().at("/fulfillments/0/trackingNumber").isMissingNode()).isTrue();
        String fulfillmentId = list.body().at("/fulfillments/1/fulfillmentId").asText();
        assertThat(get(path + "/" + fulfillmentId, Map.of(), "Bearer " + token).body().get("shippingCarrierCode").asText()).isEqualTo("DPD");
        assertThat(get(path + "/999", Map.of(), "Bearer " + token).status()).isEqualTo(404);
    }

    /** A POST; the request is checked against eBay's OpenAPI document. */
    private EbayFulfillmentApi.Response post(String path, Map<String, Object> body) throws Exception {
        String text = json.writeValueAsString(body);
        SimpleRequest request = SimpleRequest.Builder.post(path).withHeader("Authorization", "Bearer " + token)
                .withContentType("application/json").withBody(text).build();
        assertThat(spec.accepts(request)).as("a request eBay's spec accepts").isTrue();
        return api.handle(new EbayFulfillmentApi.Request("POST", path, Map.of(), Map.of("Authorization", "Bearer " + token), text));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Call(int status, JsonNode body) {
    }

    private static EbayFulfillmentApi.Request request(String path, Map<String, String> query, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return new EbayFulfillmentApi.Request("GET", path, query, headers);
    }

    /** Calls the emulator; a 200 is checked against eBay's OpenAPI document, request and answer. */
    private Call get(String path, Map<String, String> query, String authorization) {
        EbayFulfillmentApi.Response r = api.handle(request(path, query, authorization));
        String text;
        try {
            text = json.writeValueAsString(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (r.status() == 200) {
            SimpleRequest.Builder rb = SimpleRequest.Builder.get(path);
            query.forEach(rb::withQueryParam);
            if (authorization != null) {
                rb.withHeader("Authorization", authorization);
            }
            spec.assertValid(rb.build(), SimpleResponse.Builder.status(200).withContentType("application/json").withBody(text).build());
        }
        try {
            return new Call(r.status(), json.readTree(text));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String refreshToken) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "refresh_token");
        f.put("refresh_token", refreshToken);
        f.put("scope", "https://api.ebay.com/oauth/api_scope/sell.fulfillment");
        return f;
    }
}
