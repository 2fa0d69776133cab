package io.kontor.sandbox.amazon;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.testing.ChannelSpec;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SP-API emulator keeps channel-contracts.md §2 and Amazon's own Orders v0 model: every request a client sends
 * and every answer are checked against ordersV0.json with swagger-request-validator.
 */
class SellingPartnerApiContractTest {

    private static final String ORDERS_MODEL = "channels/sp-api-models/models/orders-api-model/ordersV0.json";
    private static final String DE = "A1PNLWAPXEIFHG";
    private static final String FR = "A13V1IB3VIYZZH";
    private static final String UK = "A1F83G8C2ARO7P";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private SandboxAmazonSeller seller;
    private AmazonTrafficGenerator generator;
    private SandboxLoginWithAmazon lwa;
    private SellingPartnerApi api;
    private ChannelSpec spec;
    /** Whether the next call's request must keep Amazon's model (false for requests that break it on purpose). */
    private boolean shouldKeepContract;

    @BeforeEach
    void sellerWithOrders() {
        spec = ChannelSpec.of(ORDERS_MODEL);
        seller = new SandboxAmazonSeller("A2SELLER");
        generator = new AmazonTrafficGenerator(seller, 11, clock);
        for (int i = 0; i < 230; i++) {
            // older than the two minutes a change takes to show in searches
            generator.createOrder(Duration.ofSeconds(3 * (230 - i)).plus(SellingPartnerApi.TWO_MINUTES));
        }
        lwa = new SandboxLoginWithAmazon("client", "secret", "Atzr|refresh", SandboxLoginWithAmazon.ACCESS_TOKEN_LIFETIME, clock);
        api = api(true, 100); // a generous usage plan, so tests that are not about throttling are not throttled
    }

    private SellingPartnerApi api(boolean restrictedRoles, double rateScale) {
        return new SellingPartnerApi(seller, lwa, restrictedRoles, rateScale, clock, nanos::get);
    }

    @Test
    void loginWithAmazonIssuesOneHourTokensForTheRightRefreshTokenOnly() {
        SandboxLoginWithAmazon.Response ok = lwa.token(form("Atzr|refresh", "secret"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).containsEntry("token_type", "bearer").containsEntry("expires_in", 3600L)
                .containsEntry("refresh_token", "Atzr|refresh");
        assertThat((String) ok.body().get("access_token")).startsWith("Atza|");
        assertThat(lwa.token(form("Atzr|refresh", "wrong")).body()).containsEntry("error", "invalid_client");
        assertThat(lwa.token(form("Atzr|other", "secret")).body()).containsEntry("error", "invalid_grant");
        Map<String, String> clientCredentials = new LinkedHashMap<>(form("Atzr|refresh", "secret"));
        clientCredentials.put("grant_type", "client_credentials");
        assertThat(lwa.token(clientCredentials).body()).containsEntry("error", "unsupported_grant_type");
    }

    @Test
    void tokensAreCheckedAndExpireAfterAnHourWhileASigV4SignatureIsIgnored() {
        String token = token();
        Map<String, String> params = Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00Z");
        assertThat(get("/orders/v0/orders", params, null).status()).isEqualTo(403);
        assertThat(get("/orders/v0/orders", params, "Atza|forged").status()).isEqualTo(403);
        Call signed = call("GET", "/orders/v0/orders", params, token,
                Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20261127/eu-west-1/execute-api/aws4_request, Signature=00"), null);
        assertThat(signed.status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));
        Call expired = get("/orders/v0/orders", params, token);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body().at("/errors/0/code").asText()).isEqualTo("Unauthorized");
        assertThat(expired.body().at("/errors/0/details").asText()).contains("expired");
    }

    /** Amazon's data latency: a change shows in getOrders about two minutes later, and LastUpdatedBefore says so. */
    @Test
    void aChangeShowsInTheSearchTwoMinutesLaterAndGetOrderShowsItAtOnce() {
        String token = token();
        String fresh = generator.createOrder(Duration.ZERO);
        Map<String, String> params = Map.of("MarketplaceIds", DE + "," + FR + "," + UK, "LastUpdatedAfter", "2026-11-27T09:55:00Z");
        Call now = get("/orders/v0/orders", params, token);
        assertThat(now.body().at("/payload/LastUpdatedBefore").asText()).isEqualTo(clock.instant().minus(SellingPartnerApi.TWO_MINUTES).toString());
        assertThat(now.body().at("/payload/Orders").findValuesAsText("AmazonOrderId")).doesNotContain(fresh);
        assertThat(get("/orders/v0/orders/" + fresh, Map.of(), token).status()).isEqualTo(200);
        clock.advance(SellingPartnerApi.TWO_MINUTES.plusSeconds(1));
        assertThat(get("/orders/v0/orders", params, token).body().at("/payload/Orders").findValuesAsText("AmazonOrderId")).contains(fresh);
    }

    /**
     * Dates are ISO 8601: with Z or an offset, the same instant either way; a '+' sent unencoded in the query arrives as
     * a space and is no date (400).
     */
    @Test
    void searchDatesAreIso8601WithZOrAnOffsetAndAnUnencodedPlusIsRefused() {
        String token = token();
        Map<String, String> utc = Map.of("MarketplaceIds", DE + "," + FR + "," + UK, "LastUpdatedAfter", "2026-11-27T08:00:00Z");
        Map<String, String> offset = Map.of("MarketplaceIds", DE + "," + FR + "," + UK, "LastUpdatedAfter", "2026-11-27T09:00:00+01:00");
        Call byUtc = get("/orders/v0/orders", utc, token);
        Call byOffset = get("/orders/v0/orders", offset, token);
        assertThat(byOffset.status()).isEqualTo(200);
        assertThat(byOffset.body().at("/payload/Orders").findValuesAsText("AmazonOrderId"))
                .isEqualTo(byUtc.body().at("/payload/Orders").findValuesAsText("AmazonOrderId"));
        Call spaced = get("/orders/v0/orders", Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00 01:00"), token);
        assertThat(spaced.status()).isEqualTo(400);
        assertThat(spaced.body().at("/errors/0/details").asText()).contains("ISO 8601");
    }

    @Test
    void getOrdersPagesThroughEveryOrderOnceWithTheOriginalParameters() {
        String token = token();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MarketplaceIds", DE + "," + FR + "," + UK);
        params.put("LastUpdatedAfter", "2026-11-27T09:00:00Z");
        params.put("MaxResultsPerPage", "40");
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Map<String, String> query = new LinkedHashMap<>(params);
            if (next != null) {
                query.put("NextToken", next);
            }
            Call page = get("/orders/v0/orders", query, token);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers()).containsEntry("x-amzn-RateLimit-Limit", String.valueOf(0.0167 * 100)).containsKey("x-amzn-RequestId");
            JsonNode orders = page.body().at("/payload/Orders");
            assertThat(orders.size()).isLessThanOrEqualTo(40);
            orders.forEach(o -> {
                assertThat(seen.add(o.get("AmazonOrderId").asText())).as("each order once").isTrue();
                order.add(o.get("LastUpdateDate").asText());
            });
            assertThat(page.body().at("/payload/LastUpdatedBefore").asText()).isNotEmpty();
            next = page.body().at("/payload/NextToken").asText(null);
            pages++;
        } while (next != null);
        assertThat(seen).hasSize(230);
        assertThat(pages).isEqualTo(6);
        assertThat(order).isSorted();
        // one marketplace only
        Call uk = get("/orders/v0/orders", Map.of("MarketplaceIds", UK, "LastUpdatedAfter", "2026-11-27T09:00:00Z"), token);
        assertThat(uk.body().at("/payload/Orders")).allSatisfy(o -> assertThat(o.get("MarketplaceId").asText()).isEqualTo(UK));
    }

    @Test
    void getOrdersRefusesWhatTheContractForbids() {
        String token = token();
        String soon = clock.instant().minusSeconds(60).toString();
        List<Map<String, String>> invalid = List.of(
                Map.of("LastUpdatedAfter", "2026-11-27T09:00:00Z"),                                    // no MarketplaceIds
                Map.of("MarketplaceIds", DE),                                                            // neither After
                Map.of("MarketplaceIds", DE, "CreatedAfter", "2026-11-27T09:00:00Z", "LastUpdatedAfter", "2026-11-27T09:00:00Z"),
                Map.of("MarketplaceIds", DE, "CreatedAfter", "2026-11-27T09:00:00Z", "LastUpdatedBefore", "2026-11-27T09:30:00Z"),
                Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00Z", "LastUpdatedBefore", soon), // the 2-minute rule
                Map.of("MarketplaceIds", DE, "CreatedAfter", "2026-11-27T09:00:00Z", "CreatedBefore", soon),
                Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:30:00Z", "LastUpdatedBefore", "2026-11-27T09:00:00Z"),
                Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00Z", "MaxResultsPerPage", "0"),
                Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00Z", "MaxResultsPerPage", "101"),
                Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "yesterday"));
        for (Map<String, String> params : invalid) {
            Call c = get("/orders/v0/orders", params, token);
            assertThat(c.status()).as(params.toString()).isEqualTo(400);
            assertThat(c.body().at("/errors/0/code").asText()).isEqualTo("InvalidInput");
            assertThat(c.body().at("/errors/0/details").asText()).as(params.toString()).isNotBlank();
        }
        // a Before at least two minutes ago is fine
        assertThat(get("/orders/v0/orders", Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00Z",
                "LastUpdatedBefore", clock.instant().minusSeconds(121).toString()), token).status()).isEqualTo(200);
    }

    @Test
    void aNextTokenIsValidOnlyWithTheParametersItWasIssuedFor() {
        String token = token();
        Map<String, String> params = Map.of("MarketplaceIds", DE + "," + FR + "," + UK, "LastUpdatedAfter", "2026-11-27T09:00:00Z",
                "MaxResultsPerPage", "10");
        String next = get("/orders/v0/orders", params, token).body().at("/payload/NextToken").asText();
        assertThat(get("/orders/v0/orders", Map.of("NextToken", next, "MarketplaceIds", DE + "," + FR + "," + UK), token).status())
                .as("NextToken without the original filters").isEqualTo(400);
        Map<String, String> other = new LinkedHashMap<>(params);
        other.put("MaxResultsPerPage", "20");
        other.put("NextToken", next);
        assertThat(get("/orders/v0/orders", other, token).status()).as("other filters").isEqualTo(400);
        Map<String, String> same = new LinkedHashMap<>(params);
        same.put("NextToken", next);
        assertThat(get("/orders/v0/orders", same, token).status()).isEqualTo(200);
        same.put("NextToken", "bm90LWEtdG9rZW4");
        assertThat(get("/orders/v0/orders", same, token).status()).isEqualTo(400);
    }

    @Test
    void anOrderChangedWhilePagingMovesBehindTheWindowAndComesWithTheNextPoll() {
        String token = token();
        Map<String, String> params = new LinkedHashMap<>(Map.of("MarketplaceIds", DE + "," + FR + "," + UK,
                "LastUpdatedAfter", "2026-11-27T09:00:00Z", "MaxResultsPerPage", "100"));
        Call first = get("/orders/v0/orders", params, token);
        String laterOrder = first.body().at("/payload/Orders/99/AmazonOrderId").asText();
        String firstOrder = first.body().at("/payload/Orders/0/AmazonOrderId").asText();
        clock.advance(Duration.ofSeconds(5));
        // change an order the first page already returned, and keep changing until one of them is changed
        for (int i = 0; i < 50; i++) {
            generator.updateRandomOrder();
            clock.advance(Duration.ofSeconds(1));
        }
        Set<String> rest = new HashSet<>();
        String next = first.body().at("/payload/NextToken").asText(null);
        while (next != null) {
            Map<String, String> q = new LinkedHashMap<>(params);
            q.put("NextToken", next);
            Call page = get("/orders/v0/orders", q, token);
            page.body().at("/payload/Orders").forEach(o -> rest.add(o.get("AmazonOrderId").asText()));
            next = page.body().at("/payload/NextToken").asText(null);
        }
        Set<String> firstPage = new HashSet<>();
        first.body().at("/payload/Orders").forEach(o -> firstPage.add(o.get("AmazonOrderId").asText()));
        assertThat(rest).doesNotContainAnyElementsOf(firstPage);
        assertThat(firstPage).contains(laterOrder, firstOrder);
        // the changes are after the first request's window: a new poll from that window's end sees them, once
        // they are older than Amazon's two minutes
        clock.advance(SellingPartnerApi.TWO_MINUTES);
        Map<String, String> nextPoll = new LinkedHashMap<>(params);
        nextPoll.put("LastUpdatedAfter", first.body().at("/payload/LastUpdatedBefore").asText());
        assertThat(get("/orders/v0/orders", nextPoll, token).body().at("/payload/Orders").size()).isPositive();
    }

    @Test
    void personalDataNeedsARestrictedDataTokenThatNamesIt() {
        String token = token();
        Map<String, String> params = Map.of("MarketplaceIds", DE + "," + FR + "," + UK, "LastUpdatedAfter", "2026-11-27T09:00:00Z");
        JsonNode plain = get("/orders/v0/orders", params, token).body().at("/payload/Orders");
        for (JsonNode o : plain) {
            assertThat(o.has("BuyerInfo")).isFalse();
            if (o.has("ShippingAddress")) {
                assertThat(o.get("ShippingAddress").fieldNames()).toIterable().containsOnly("City", "StateOrRegion", "PostalCode", "CountryCode");
            }
        }
        String rdt = rdt(token, "/orders/v0/orders", List.of("buyerInfo", "shippingAddress"));
        JsonNode full = get("/orders/v0/orders", params, rdt).body().at("/payload/Orders");
        int withAddress = 0;
        for (JsonNode o : full) {
            String status = o.get("OrderStatus").asText();
            if (Set.of("Pending", "Canceled").contains(status)) {
                assertThat(o.has("ShippingAddress")).as("no address on a %s order", status).isFalse();
            } else {
                assertThat(o.at("/ShippingAddress/AddressLine1").asText()).isNotBlank();
                assertThat(o.at("/BuyerInfo/BuyerEmail").asText()).contains("@marketplace.amazon.");
                withAddress++;
            }
        }
        assertThat(withAddress).isGreaterThan(full.size() / 2);
        // the RDT covers what it names only
        assertThat(get("/orders/v0/orders/" + full.get(0).get("AmazonOrderId").asText() + "/orderItems", Map.of(), rdt).status()).isEqualTo(403);
        String addressOnly = rdt(token, "/orders/v0/orders", List.of("shippingAddress"));
        assertThat(get("/orders/v0/orders", params, addressOnly).body().at("/payload/Orders")).allSatisfy(o -> assertThat(o.has("BuyerInfo")).isFalse());
        // an app without the roles gets no RDT, with Amazon's message
        api = api(false, 100);
        Call refused = rdtCall(token, "/orders/v0/orders", List.of("buyerInfo", "shippingAddress"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/errors/0/message").asText())
                .isEqualTo("Application does not have access to one or more requested data elements: [buyerInfo, shippingAddress]");
    }

    @Test
    void eachOperationHasItsOwnTokenBucketAnd429sWhenItIsEmpty() {
        api = api(true, 1);
        String token = token();
        Map<String, String> params = Map.of("MarketplaceIds", DE, "LastUpdatedAfter", "2026-11-27T09:00:00Z", "MaxResultsPerPage", "1");
        for (int i = 0; i < 20; i++) {
            Call ok = get("/orders/v0/orders", params, token);
            assertThat(ok.status()).as("request %d of the burst", i + 1).isEqualTo(200);
            assertThat(ok.headers()).containsEntry("x-amzn-RateLimit-Limit", "0.0167");
        }
        Call throttled = get("/orders/v0/orders", params, token);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body().at("/errors/0/code").asText()).isEqualTo("QuotaExceeded");
        assertThat(throttled.headers()).containsKey("x-amzn-RequestId");
        // getOrderItems has a bucket of its own
        String id = seller.get(get0(token)).map(SandboxAmazonSeller.StoredOrder::id).orElseThrow();
        assertThat(get("/orders/v0/orders/" + id + "/orderItems", Map.of(), token).status()).isEqualTo(200);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(get("/orders/v0/orders", params, token).status()).as("half a token after 30 s").isEqualTo(429);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(get("/orders/v0/orders", params, token).status()).as("one token after a minute").isEqualTo(200);
    }

    @Test
    void orderItemsComeInPagesAndAnUnknownOrderIs404() {
        String token = token();
        String big = null;
        for (String id : allIds(token)) {
            if (seller.get(id).orElseThrow().items().size() > 20) {
                big = id;
                break;
            }
        }
        assertThat(big).as("a business order with more than one page of items").isNotNull();
        Call first = get("/orders/v0/orders/" + big + "/orderItems", Map.of(), token);
        assertThat(first.body().at("/payload/OrderItems").size()).isEqualTo(20);
        String next = first.body().at("/payload/NextToken").asText();
        Call second = get("/orders/v0/orders/" + big + "/orderItems", Map.of("NextToken", next), token);
        assertThat(first.body().at("/payload/OrderItems").size() + second.body().at("/payload/OrderItems").size())
                .isEqualTo(seller.get(big).orElseThrow().items().size());
        assertThat(second.body().at("/payload/NextToken").isMissingNode()).isTrue();
        assertThat(second.body().toString()).doesNotContain("_unit");
        assertThat(get("/orders/v0/orders/999-0000000-0000000/orderItems", Map.of(), token).status()).isEqualTo(404);
        Call one = get("/orders/v0/orders/" + big, Map.of(), token);
        assertThat(one.body().at("/payload/AmazonOrderId").asText()).isEqualTo(big);
    }

    @Test
    void confirmShipmentTakesEachPackageOnceUnderItsReferenceAndRefusesWhatTheContractForbids() {
        String token = token();
        SandboxAmazonSeller.StoredOrder order = null;
        for (String id : allIds(token)) {
            SandboxAmazonSeller.StoredOrder o = seller.get(id).orElseThrow();
            if ("Unshipped".equals(o.order().get("OrderStatus")) && o.items().size() > 1) {
                order = o;
                break;
            }
        }
        assertThat(order).as("an unshipped seller-fulfilled order with several items").isNotNull();
        String path = "/orders/v0/orders/" + order.id() + "/shipmentConfirmation";
        String marketplace = (String) order.order().get("MarketplaceId");
        Map<String, Object> item = order.items().get(0);
        String first = confirmation(marketplace, "\"1\"", "UPS", null, item.get("OrderItemId"), item.get("QuantityOrdered"));

        assertThat(post(path, token, first).status()).isEqualTo(204);
        assertThat(seller.get(order.id()).orElseThrow().order().get("OrderStatus")).isEqualTo("PartiallyShipped");
        assertThat(seller.get(order.id()).orElseThrow().items().get(0).get("QuantityShipped")).isEqualTo(item.get("QuantityOrdered"));
        // the same package again is harmless: (orderId, packageReferenceId) is the natural key
        assertThat(post(path, token, first).status()).isEqualTo(204);
        assertThat(api.packagesOf(order.id())).hasSize(1);
        assertThat(seller.get(order.id()).orElseThrow().items().get(0).get("QuantityShipped")).isEqualTo(item.get("QuantityOrdered"));

        Map<String, Object> second = order.items().get(1);
        Object qty = second.get("QuantityOrdered");
        // refused: a reference used for other contents, a number instead of a string, zero, Other without a name, too many units
        assertThat(post(path, token, confirmation(marketplace, "\"1\"", "UPS", null, second.get("OrderItemId"), qty)).status()).isEqualTo(400);
        assertThat(postOutsideContract(path, token, confirmation(marketplace, "2", "UPS", null, second.get("OrderItemId"), qty)).status()).isEqualTo(400);
        assertThat(post(path, token, confirmation(marketplace, "\"0\"", "UPS", null, second.get("OrderItemId"), qty)).status()).isEqualTo(400);
        assertThat(post(path, token, confirmation(marketplace, "\"2\"", "Other", null, second.get("OrderItemId"), qty)).status()).isEqualTo(400);
        assertThat(post(path, token, confirmation(marketplace, "\"2\"", "UPS", null, second.get("OrderItemId"), 99)).status()).isEqualTo(400);
        assertThat(post(path, token, confirmation("A1F83G8C2ARO7P".equals(marketplace) ? DE : UK, "\"2\"", "UPS", null,
                second.get("OrderItemId"), qty)).status()).as("another marketplace").isEqualTo(400);
        assertThat(api.packagesOf(order.id())).hasSize(1);

        for (int i = 1; i < order.items().size(); i++) {
            Map<String, Object> it = order.items().get(i);
            assertThat(post(path, token, confirmation(marketplace, "\"" + (i + 1) + "\"", "Other", "Kontor Post", it.get("OrderItemId"),
                    it.get("QuantityOrdered"))).status()).isEqualTo(204);
        }
        assertThat(seller.get(order.id()).orElseThrow().order().get("OrderStatus")).isEqualTo("Shipped");
        assertThat(seller.get(order.id()).orElseThrow().order().get("NumberOfItemsUnshipped")).isEqualTo(0);
        assertThat(post("/orders/v0/orders/999-0000000-0000000/shipmentConfirmation", token, first).status()).isEqualTo(404);
    }

    private static String confirmation(String marketplace, String reference, String carrier, String carrierName, Object itemId, Object qty) {
        return "{\"marketplaceId\":\"" + marketplace + "\",\"packageDetail\":{\"packageReferenceId\":" + reference
                + ",\"carrierCode\":\"" + carrier + "\"" + (carrierName == null ? "" : ",\"carrierName\":\"" + carrierName + "\"")
                + ",\"trackingNumber\":\"340434188193100001\",\"shipDate\":\"2026-11-27T09:00:00Z\","
                + "\"orderItems\":[{\"orderItemId\":\"" + itemId + "\",\"quantity\":" + qty + "}]}}";
    }

    private Call post(String path, String token, String body) {
        shouldKeepContract = true;
        try {
            return call("POST", path, Map.of(), token, Map.of(), body);
        } finally {
            shouldKeepContract = false;
        }
    }

    /** A request Amazon's model refuses too (to see the emulator refuse it). */
    private Call postOutsideContract(String path, String token, String body) {
        return call("POST", path, Map.of(), token, Map.of(), body);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Call(int status, JsonNode body, Map<String, String> headers) {
    }

    private String token() {
        return (String) lwa.token(form("Atzr|refresh", "secret")).body().get("access_token");
    }

    private String rdt(String token, String path, List<String> elements) {
        Call c = rdtCall(token, path, elements);
        assertThat(c.status()).isEqualTo(200);
        assertThat(c.body().get("expiresIn").asInt()).isEqualTo(3600);
        return c.body().get("restrictedDataToken").asText();
    }

    private Call rdtCall(String token, String path, List<String> elements) {
        String body = "{\"restrictedResources\":[{\"method\":\"GET\",\"path\":\"" + path + "\",\"dataElements\":"
                + elements.stream().map(e -> "\"" + e + "\"").toList() + "}]}";
        return call("POST", "/tokens/2021-03-01/restrictedDataToken", Map.of(), token, Map.of(), body);
    }

    private String get0(String token) {
        return allIds(token).get(0);
    }

    private List<String> allIds(String token) {
        List<String> ids = new ArrayList<>();
        seller.scan(true, Instant.EPOCH, null).values().forEach(o -> ids.add(o.id()));
        return ids;
    }

    private Call get(String path, Map<String, String> params, String token) {
        return call("GET", path, params, token, Map.of(), null);
    }

    /** Calls the emulator; Orders API calls are checked against Amazon's model (the request too, when it keeps the contract). */
    private Call call(String method, String path, Map<String, String> params, String token, Map<String, String> extraHeaders, String body) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        if (token != null) {
            headers.put("x-amz-access-token", token);
        }
        SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request(method, path, query, headers, body));
        String text;
        try {
            text = r.body() == null ? null : json.writeValueAsString(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (path.startsWith("/orders/")) {
            SimpleRequest.Builder rb = new SimpleRequest.Builder(method, path);
            // list parameters travel comma-separated (collectionFormat csv), as the client sends them
            params.forEach((k, v) -> rb.withQueryParam(k, v));
            headers.forEach(rb::withHeader);
            if (body != null) {
                rb.withContentType("application/json").withBody(body);
            }
            SimpleRequest request = rb.build();
            SimpleResponse.Builder response = SimpleResponse.Builder.status(r.status());
            if (text != null) {
                response.withContentType("application/json").withBody(text);
            }
            r.headers().forEach((k, v) -> response.withHeader(k, v));
            String template = path.replaceAll("^/orders/v0/orders/[^/]+", "/orders/v0/orders/{orderId}");
            assertThat(spec.accepts(request) || !shouldKeepContract).as("a request Amazon's model accepts").isTrue();
            if (r.status() == 200 || spec.accepts(request)) {
                spec.assertValid(request, response.build());
            } else {
                spec.assertValidResponse(template, Request.Method.valueOf(method), response.build());
            }
        }
        try {
            return new Call(r.status(), text == null ? json.createObjectNode() : json.readTree(text), r.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String refreshToken, String secret) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "refresh_token");
        f.put("refresh_token", refreshToken);
        f.put("client_id", "client");
        f.put("client_secret", secret);
        return f;
    }
}
