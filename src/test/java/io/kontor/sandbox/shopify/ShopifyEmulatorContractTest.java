package io.kontor.sandbox.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.shopify.ShopifyOrdersQuery;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulator keeps the GraphQL Admin API contract of channel-contracts.md §1. */
class ShopifyEmulatorContractTest {

    private static final String TOKEN = "shpat_test";
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private SandboxShop shop;
    private ShopifyTrafficGenerator generator;

    @BeforeEach
    void shopWithOrders() {
        shop = new SandboxShop();
        generator = new ShopifyTrafficGenerator(shop, 42, Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 57; i++) {
            generator.createOrder();
        }
    }

    private ShopifyAdminApi api(double bucket, double restore) {
        return new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("test.myshopify.com", TOKEN, bucket, restore, 1000, 200, 0, 0, 1),
                nanos::get);
    }

    private JsonNode run(ShopifyAdminApi api, String token, String query, Map<String, Object> variables) {
        ShopifyAdminApi.Response r = api.execute(token, query, variables, null);
        JsonNode body = json.valueToTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_status", r.status());
        return body;
    }

    @Test
    void refusesRequestsWithoutAValidAccessToken() {
        ShopifyAdminApi api = api(1000, 100);
        JsonNode missing = run(api, null, "{ shop { name } }", Map.of());
        assertThat(missing.get("_status").asInt()).isEqualTo(401);
        assertThat(missing.get("errors").asText()).contains("Invalid API key or access token");
        assertThat(run(api, "wrong", "{ shop { name } }", Map.of()).get("_status").asInt()).isEqualTo(401);
        assertThat(run(api, TOKEN, "{ shop { name } }", Map.of()).path("data").path("shop").path("name").asText()).isNotBlank();
    }

    @Test
    void expiringOfflineTokensRotateOnRefreshAndTheUsedRefreshTokenRetiresOnFirstUseOfItsReplacement() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
        SandboxShopifyOAuth oauth = new SandboxShopifyOAuth("app", "secret", "shprt_install", null,
                SandboxShopifyOAuth.ACCESS_TOKEN_LIFETIME, clock);
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("test.myshopify.com", null, 1000, 100, 1000, 200, 0, 0, 1),
                oauth, nanos::get);

        assertThat(oauth.token(Map.of("client_id", "app", "client_secret", "wrong", "grant_type", "refresh_token",
                "refresh_token", "shprt_install")).status()).isEqualTo(401);
        assertThat(oauth.token(Map.of("client_id", "app", "client_secret", "secret", "grant_type", "refresh_token",
                "refresh_token", "shprt_guess")).body()).containsEntry("error", "invalid_grant");

        SandboxShopifyOAuth.Response first = refresh(oauth, "shprt_install");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).containsEntry("expires_in", 3600L).containsKeys("access_token", "refresh_token", "refresh_token_expires_in");
        String access = (String) first.body().get("access_token");
        String rotated = (String) first.body().get("refresh_token");
        assertThat(rotated).isNotEqualTo("shprt_install");

        // the answer got lost: the install token still works once more, and revokes the token it replaced
        SandboxShopifyOAuth.Response retry = refresh(oauth, "shprt_install");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(run(api, access, "{ shop { name } }", Map.of()).get("_status").asInt()).isEqualTo(401);
        String retriedAccess = (String) retry.body().get("access_token");
        assertThat(run(api, retriedAccess, "{ shop { name } }", Map.of()).get("_status").asInt()).isEqualTo(200);
        // using the new access token retired the install token; the rotated one from the lost answer is gone as well
        assertThat(refresh(oauth, "shprt_install").status()).isEqualTo(400);
        assertThat(refresh(oauth, rotated).status()).isEqualTo(400);

        clock.advance(java.time.Duration.ofMinutes(61));
        assertThat(run(api, retriedAccess, "{ shop { name } }", Map.of()).get("_status").asInt()).isEqualTo(401);
        SandboxShopifyOAuth.Response next = refresh(oauth, (String) retry.body().get("refresh_token"));
        assertThat(run(api, (String) next.body().get("access_token"), "{ shop { name } }", Map.of()).get("_status").asInt()).isEqualTo(200);
        assertThat(oauth.refreshes()).isEqualTo(3);
    }

    private static SandboxShopifyOAuth.Response refresh(SandboxShopifyOAuth oauth, String refreshToken) {
        return oauth.token(Map.of("client_id", "app", "client_secret", "secret", "grant_type", "refresh_token",
                "refresh_token", refreshToken));
    }

    @Test
    void cursorPaginationVisitsEveryOrderOnceInUpdatedAtOrder() {
        ShopifyAdminApi api = api(100_000, 100_000);
        String query = ShopifyOrdersQuery.ordersSince(5);
        Set<String> seen = new HashSet<>();
        String after = null;
        String previousUpdated = "";
        int pages = 0;
        do {
            Map<String, Object> vars = new java.util.HashMap<>(Map.of("first", 10, "q", "updated_at:>='2026-11-01T00:00:00Z'"));
            if (after != null) vars.put("after", after);
            JsonNode page = run(api, TOKEN, query, vars).path("data").path("orders");
            for (JsonNode o : page.path("nodes")) {
                assertThat(seen.add(o.get("id").asText())).as("order seen twice").isTrue();
                assertThat(o.get("updatedAt").asText()).isGreaterThanOrEqualTo(previousUpdated);
                previousUpdated = o.get("updatedAt").asText();
            }
            after = page.path("pageInfo").path("hasNextPage").asBoolean() ? page.path("pageInfo").path("endCursor").asText() : null;
            pages++;
        } while (after != null);
        assertThat(seen).hasSize(57);
        assertThat(pages).isEqualTo(6);
    }

    @Test
    void aBulkQueryRunsInTheBackgroundAndItsFileHoldsEveryMatchingOrderWithItsLinesUnderIt() throws Exception {
        ShopifyAdminApi api = api(1000, 100);
        api.bulkOperations().serveFilesAt("http://files.test/");
        JsonNode started = run(api, TOKEN, ShopifyOrdersQuery.RUN_BULK,
                Map.of("query", ShopifyOrdersQuery.bulkOrders("updated_at:>='2026-11-20T09:00:00Z' AND updated_at:<='2026-11-20T11:00:00Z'")));
        assertThat(started.at("/data/bulkOperationRunQuery/userErrors")).isEmpty();
        assertThat(started.at("/extensions/cost/requestedQueryCost").asInt()).isBetween(10, ShopifyOrdersQuery.RUN_BULK_COST);
        String id = started.at("/data/bulkOperationRunQuery/bulkOperation/id").asText();
        assertThat(id).startsWith("gid://shopify/BulkOperation/");
        assertThat(started.at("/data/bulkOperationRunQuery/bulkOperation/status").asText()).isEqualTo("CREATED");

        JsonNode running = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", id)).at("/data/bulkOperation");
        assertThat(running.path("status").asText()).isIn("CREATED", "RUNNING");
        assertThat(running.path("url").isNull()).isTrue();
        nanos.addAndGet(2_000_000_000L);
        JsonNode done = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", id)).at("/data/bulkOperation");
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(run(api, TOKEN, "{ currentBulkOperation { id status } }", Map.of()).at("/data/currentBulkOperation/id").asText()).isEqualTo(id);
        String url = done.path("url").asText();
        assertThat(url).startsWith("http://files.test/bulk/");

        java.util.regex.Matcher m = bulkUrl(url);
        String wrong = (m.group(2).charAt(0) == '0' ? "1" : "0") + m.group(2).substring(1);
        assertThat(api.bulkOperations().file(Long.parseLong(m.group(1)), wrong)).as("a wrong signature").isEmpty();
        String[] lines = bulkLines(api, url);
        assertThat(done.path("objectCount").asLong()).isEqualTo(lines.length);
        assertThat(done.path("rootObjectCount").asLong()).isEqualTo(57);
        Set<String> orders = new HashSet<>();
        String current = null;
        int lineItems = 0;
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            if (node.has("__parentId")) {
                assertThat(node.get("__parentId").asText()).as("a line item right under its order").isEqualTo(current);
                assertThat(node.get("id").asText()).startsWith("gid://shopify/LineItem/");
                lineItems++;
            } else {
                current = node.get("id").asText();
                assertThat(orders.add(current)).isTrue();
                assertThat(node.has("lineItems")).as("a nested connection is not inlined").isFalse();
                assertThat(node.at("/totalPriceSet/shopMoney/amount").isTextual()).isTrue();
            }
        }
        assertThat(orders).hasSize(57);
        int expectedLines = 0;
        for (long orderId : shop.byIdAfter(null).keySet()) {
            expectedLines += ((java.util.List<?>) shop.get(orderId).orElseThrow().get("lineItems")).size();
        }
        assertThat(lineItems).isEqualTo(expectedLines);
    }

    @Test
    void bulkQueriesAreCheckedAsShopifyChecksThemAndAtMostFiveRunAtATime() {
        ShopifyAdminApi api = api(100_000, 100_000);
        String run = "mutation($q: String!, $g: Boolean!) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id } userErrors { code message } } }";
        assertThat(run(api, TOKEN, run, Map.of("q", "{ shop { name } }", "g", false)).at("/data/bulkOperationRunQuery/userErrors/0/message").asText())
                .contains("at least one connection");
        assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { edges { node { idd } } } }", "g", false)).at("/data/bulkOperationRunQuery/userErrors/0/code").asText())
                .isEqualTo("INVALID");
        assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } shop { name } }", "g", false)).at("/data/bulkOperationRunQuery/userErrors/0/message").asText())
                .contains("one top-level field");
        // ungrouped: every line item after all orders
        String id = run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id lineItems { nodes { id } } } } }", "g", false))
                .at("/data/bulkOperationRunQuery/bulkOperation/id").asText();
        for (int i = 0; i < 4; i++) {
            assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } }", "g", false)).at("/data/bulkOperationRunQuery/userErrors")).isEmpty();
        }
        assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } }", "g", false)).at("/data/bulkOperationRunQuery/userErrors/0/code").asText())
                .isEqualTo("LIMIT_REACHED");
        nanos.addAndGet(2_000_000_000L);
        String url = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", id)).at("/data/bulkOperation/url").asText();
        String[] lines = bulkLines(api, url);
        assertThat(lines).hasSizeGreaterThan(57);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i].contains("__parentId")).as("line %d", i).isEqualTo(i >= 57);
        }
        assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } }", "g", false)).at("/data/bulkOperationRunQuery/userErrors")).isEmpty();
        assertThat(run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", "gid://shopify/BulkOperation/1")).at("/data/bulkOperation").isNull()).isTrue();
    }

    /** Without read_all_orders an app sees only the orders created in the last 60 days: in lists, counts and by id. */
    @Test
    void withoutReadAllOrdersOrdersOlderThanSixtyDaysAreNotThere() {
        ShopifyAdminApi api = api(100_000, 100_000);
        long old = new ShopifyTrafficGenerator(shop, 7, Clock.fixed(Instant.now().minus(java.time.Duration.ofDays(61)), ZoneOffset.UTC)).createOrder();
        String byId = "query($id: ID!) { order(id: $id) { id } }";
        String count = "{ ordersCount(query: \"updated_at:>='2020-01-01T00:00:00Z'\") { count } }";
        assertThat(run(api, TOKEN, "{ currentAppInstallation { accessScopes { handle } } }", Map.of())
                .at("/data/currentAppInstallation/accessScopes").findValuesAsText("handle")).contains("read_all_orders");
        assertThat(run(api, TOKEN, byId, Map.of("id", "gid://shopify/Order/" + old)).at("/data/order/id").asText()).isNotEmpty();
        assertThat(run(api, TOKEN, count, Map.of()).at("/data/ordersCount/count").asInt()).isEqualTo(58);

        api.grantScopes(java.util.List.of("read_orders", "write_merchant_managed_fulfillment_orders"));
        assertThat(run(api, TOKEN, "{ currentAppInstallation { accessScopes { handle } } }", Map.of())
                .at("/data/currentAppInstallation/accessScopes").findValuesAsText("handle")).doesNotContain("read_all_orders");
        assertThat(run(api, TOKEN, byId, Map.of("id", "gid://shopify/Order/" + old)).at("/data/order").isNull()).isTrue();
        assertThat(run(api, TOKEN, count, Map.of()).at("/data/ordersCount/count").asInt()).isEqualTo(57);
        JsonNode page = run(api, TOKEN, "{ orders(first: 100) { nodes { id } } }", Map.of());
        assertThat(page.at("/data/orders/nodes").findValuesAsText("id")).hasSize(57).doesNotContain("gid://shopify/Order/" + old);
    }

    /** Before API 2026-01 a shop ran one bulk query at a time, and said so with OPERATION_IN_PROGRESS. */
    @Test
    void olderApiVersionsRunOneBulkQueryAtATime() {
        ShopifyAdminApi api = api(100_000, 100_000);
        Map<String, Object> query = Map.of("query", "{ orders { nodes { id } } }");
        JsonNode first = json.valueToTree(api.execute("2025-10", TOKEN, ShopifyOrdersQuery.RUN_BULK, query, null).body());
        assertThat(first.at("/data/bulkOperationRunQuery/userErrors")).isEmpty();
        JsonNode second = json.valueToTree(api.execute("2025-10", TOKEN, ShopifyOrdersQuery.RUN_BULK, query, null).body());
        assertThat(second.at("/data/bulkOperationRunQuery/userErrors/0/code").asText()).isEqualTo("OPERATION_IN_PROGRESS");
        JsonNode current = json.valueToTree(api.execute("2026-01", TOKEN, ShopifyOrdersQuery.RUN_BULK, query, null).body());
        assertThat(current.at("/data/bulkOperationRunQuery/userErrors")).as("2026-01 runs up to five").isEmpty();
    }

    /**
     * Failure paths of the contract: a FAILED operation carries its error code and, for the errors that leave partial
     * data (TIMEOUT, INTERNAL_SERVER_ERROR), a partialDataUrl to what it read; result URLs expire and the operation
     * is EXPIRED then, with no URL.
     */
    @Test
    void bulkOperationsFailWithTheirErrorCodeAndPartialDataAndTheirUrlsExpire() throws Exception {
        ShopifyAdminApi api = api(100_000, 100_000);
        api.bulkOperations().serveFilesAt("http://files.test/");
        Map<String, Object> query = Map.of("query", ShopifyOrdersQuery.bulkOrders("updated_at:>='2026-11-20T09:00:00Z'"));
        api.bulkOperations().failNext("TIMEOUT");
        String timedOut = run(api, TOKEN, ShopifyOrdersQuery.RUN_BULK, query).at("/data/bulkOperationRunQuery/bulkOperation/id").asText();
        nanos.addAndGet(2_000_000_000L);
        JsonNode failed = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", timedOut)).at("/data/bulkOperation");
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("errorCode").asText()).isEqualTo("TIMEOUT");
        assertThat(failed.path("url").isNull()).isTrue();
        String[] partial = bulkLines(api, failed.path("partialDataUrl").asText());
        assertThat(partial.length).isPositive();

        api.bulkOperations().failNext("ACCESS_DENIED");
        String denied = run(api, TOKEN, ShopifyOrdersQuery.RUN_BULK, query).at("/data/bulkOperationRunQuery/bulkOperation/id").asText();
        nanos.addAndGet(2_000_000_000L);
        JsonNode refused = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", denied)).at("/data/bulkOperation");
        assertThat(refused.path("errorCode").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(refused.path("partialDataUrl").isNull()).as("access denied reads nothing").isTrue();

        String complete = run(api, TOKEN, ShopifyOrdersQuery.RUN_BULK, query).at("/data/bulkOperationRunQuery/bulkOperation/id").asText();
        nanos.addAndGet(2_000_000_000L);
        JsonNode done = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", complete)).at("/data/bulkOperation");
        assertThat(bulkLines(api, done.path("url").asText()).length).isGreaterThan(partial.length);
        nanos.addAndGet(java.time.Duration.ofDays(7).toNanos());
        JsonNode expired = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", complete)).at("/data/bulkOperation");
        assertThat(expired.path("status").asText()).isEqualTo("EXPIRED");
        assertThat(expired.path("url").isNull()).isTrue();
        assertThat(expired.path("rootObjectCount").asLong()).isEqualTo(57);
        java.util.regex.Matcher m = bulkUrl(done.path("url").asText());
        assertThat(api.bulkOperations().file(Long.parseLong(m.group(1)), m.group(2))).as("the signed URL expired").isEmpty();
    }

    @Test
    void aCancelledBulkQueryEndsWithoutAFileAndOnlyThenFreesItsPlace() {
        ShopifyAdminApi api = api(100_000, 100_000);
        String run = "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { code } } }";
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } }")).at("/data/bulkOperationRunQuery/bulkOperation/id").asText());
        }
        JsonNode cancelling = run(api, TOKEN, ShopifyOrdersQuery.CANCEL_BULK, Map.of("id", ids.get(0)));
        assertThat(cancelling.at("/extensions/cost/requestedQueryCost").asInt()).isBetween(10, ShopifyOrdersQuery.CANCEL_BULK_COST);
        assertThat(cancelling.at("/data/bulkOperationCancel/userErrors")).isEmpty();
        assertThat(cancelling.at("/data/bulkOperationCancel/bulkOperation/status").asText()).isEqualTo("CANCELING");
        assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } }")).at("/data/bulkOperationRunQuery/userErrors/0/code").asText())
                .as("still one of the five while it is being cancelled").isEqualTo("LIMIT_REACHED");

        nanos.addAndGet(300_000_000L);
        JsonNode cancelled = run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", ids.get(0))).at("/data/bulkOperation");
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELED");
        assertThat(cancelled.path("url").isNull()).isTrue();
        assertThat(run(api, TOKEN, run, Map.of("q", "{ orders { nodes { id } } }")).at("/data/bulkOperationRunQuery/userErrors")).isEmpty();

        JsonNode again = run(api, TOKEN, ShopifyOrdersQuery.CANCEL_BULK, Map.of("id", ids.get(0))).at("/data/bulkOperationCancel");
        assertThat(again.at("/userErrors/0/message").asText()).contains("CANCELED");
        assertThat(again.at("/userErrors/0/field/0").asText()).isEqualTo("id");
        JsonNode unknown = run(api, TOKEN, ShopifyOrdersQuery.CANCEL_BULK, Map.of("id", "gid://shopify/BulkOperation/1")).at("/data/bulkOperationCancel");
        assertThat(unknown.at("/userErrors/0/message").asText()).isEqualTo("Bulk operation does not exist");
        assertThat(unknown.path("bulkOperation").isNull()).isTrue();
        nanos.addAndGet(2_000_000_000L);
        assertThat(run(api, TOKEN, ShopifyOrdersQuery.CANCEL_BULK, Map.of("id", ids.get(1))).at("/data/bulkOperationCancel/userErrors/0/message").asText())
                .as("a completed one").contains("COMPLETED");
        assertThat(run(api, TOKEN, ShopifyOrdersQuery.BULK_STATUS, Map.of("id", ids.get(1))).at("/data/bulkOperation/status").asText()).isEqualTo("COMPLETED");
    }

    private static java.util.regex.Matcher bulkUrl(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*/bulk/(\\d+)\\.jsonl\\?signature=(\\w+)").matcher(url);
        assertThat(m.matches()).as("a bulk result URL: %s", url).isTrue();
        return m;
    }

    /** The lines of the file a completed bulk operation's URL points at. */
    private static String[] bulkLines(ShopifyAdminApi api, String url) {
        java.util.regex.Matcher m = bulkUrl(url);
        return new String(api.bulkOperations().file(Long.parseLong(m.group(1)), m.group(2)).orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void updatedAtFilterExcludesOlderOrdersAndRequiresQuotedDates() {
        ShopifyAdminApi api = api(100_000, 100_000);
        String query = "query($q: String!) { orders(first: 50, query: $q, sortKey: UPDATED_AT) { nodes { id } } }";
        assertThat(run(api, TOKEN, query, Map.of("q", "updated_at:>='2026-11-21T00:00:00Z'")).at("/data/orders/nodes").size()).isZero();
        JsonNode unquoted = run(api, TOKEN, query, Map.of("q", "updated_at:>=2026-11-01T00:00:00Z"));
        assertThat(unquoted.path("errors").toString()).contains("must be quoted");
    }

    @Test
    void ordersCountCountsTheSearchUpToItsLimitAndSaysWhenItStoppedThere() {
        ShopifyAdminApi api = api(1000, 50);
        Map<String, Object> all = Map.of("q", "updated_at:>'2026-11-20T09:00:00Z' AND updated_at:<='2026-11-20T10:00:00Z'", "limit", 100);
        JsonNode exact = run(api, TOKEN, ShopifyOrdersQuery.ORDERS_COUNT, all);
        assertThat(exact.at("/data/ordersCount/count").asInt()).isEqualTo(57);
        assertThat(exact.at("/data/ordersCount/precision").asText()).isEqualTo("EXACT");
        assertThat(exact.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(ShopifyOrdersQuery.ORDERS_COUNT_COST);
        assertThat(exact.at("/extensions/cost/actualQueryCost").asInt()).isEqualTo(ShopifyOrdersQuery.ORDERS_COUNT_COST);

        JsonNode capped = run(api, TOKEN, ShopifyOrdersQuery.ORDERS_COUNT, Map.of("q", all.get("q"), "limit", 50));
        assertThat(capped.at("/data/ordersCount/count").asInt()).isEqualTo(50);
        assertThat(capped.at("/data/ordersCount/precision").asText()).isEqualTo("AT_LEAST");
        // a limit of null counts everything; the strict bound leaves out the orders changed at that very second
        Map<String, Object> uncapped = new java.util.HashMap<>(Map.of("q", "updated_at:>='2026-11-01T00:00:00Z'"));
        uncapped.put("limit", null);
        assertThat(run(api, TOKEN, ShopifyOrdersQuery.ORDERS_COUNT, uncapped).at("/data/ordersCount/count").asInt()).isEqualTo(57);
        assertThat(run(api, TOKEN, ShopifyOrdersQuery.ORDERS_COUNT, Map.of("q", "updated_at:>'2026-11-20T10:00:00Z'", "limit", 100))
                .at("/data/ordersCount").toString()).isEqualTo("{\"count\":0,\"precision\":\"EXACT\"}");
    }

    @Test
    void reportsRequestedAndActualCostAndTheBucket() {
        ShopifyAdminApi api = api(1000, 50);
        int lines = 5;
        int first = ShopifyOrdersQuery.pageSizeFor(lines, 1000);
        JsonNode r = run(api, TOKEN, ShopifyOrdersQuery.ordersSince(lines), Map.of("first", first, "q", "updated_at:>='2026-11-01T00:00:00Z'"));
        JsonNode cost = r.path("extensions").path("cost");
        assertThat(cost.path("requestedQueryCost").asInt()).isEqualTo(ShopifyOrdersQuery.requestedCostOf(first, lines));
        assertThat(cost.path("actualQueryCost").asInt()).isPositive().isLessThanOrEqualTo(cost.path("requestedQueryCost").asInt());
        JsonNode throttle = cost.path("throttleStatus");
        assertThat(throttle.path("maximumAvailable").asDouble()).isEqualTo(1000.0);
        assertThat(throttle.path("restoreRate").asDouble()).isEqualTo(50.0);
        // requested was taken, the unused part refunded: what is left is the maximum minus the actual cost
        assertThat(throttle.path("currentlyAvailable").asDouble()).isEqualTo(1000.0 - cost.path("actualQueryCost").asInt());
    }

    @Test
    void rejectsASingleQueryAboveTheMaximumCost() {
        ShopifyAdminApi api = api(10_000, 1000);
        JsonNode r = run(api, TOKEN, ShopifyOrdersQuery.ordersSince(50), Map.of("first", 100, "q", "updated_at:>='2026-11-01T00:00:00Z'"));
        assertThat(r.has("data")).isFalse();
        assertThat(r.at("/errors/0/message").asText()).matches("Query cost is \\d+, which exceeds the single query max cost limit \\(1000\\)\\.");
        assertThat(r.at("/errors/0/extensions/code").asText()).isEqualTo("MAX_COST_EXCEEDED");
    }

    @Test
    void throttlesWhenTheBucketIsEmptyAndRecoversAtTheRestoreRate() {
        ShopifyAdminApi api = api(1000, 50);
        String query = ShopifyOrdersQuery.ordersSince(5);
        Map<String, Object> vars = Map.of("first", ShopifyOrdersQuery.pageSizeFor(5, 1000), "q", "updated_at:>='2026-11-01T00:00:00Z'");
        int requested = run(api, TOKEN, query, vars).at("/extensions/cost/requestedQueryCost").asInt();
        JsonNode throttled = null;
        for (int i = 0; i < 50 && throttled == null; i++) {
            JsonNode r = run(api, TOKEN, query, vars);
            if (r.has("errors")) {
                throttled = r;
            }
        }
        assertThat(throttled).as("bucket never ran dry").isNotNull();
        assertThat(throttled.get("_status").asInt()).isEqualTo(200);
        assertThat(throttled.has("data")).isFalse();
        assertThat(throttled.at("/errors/0/message").asText()).isEqualTo("Throttled");
        assertThat(throttled.at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");
        assertThat(throttled.at("/extensions/cost/actualQueryCost").isNull()).isTrue();
        double available = throttled.at("/extensions/cost/throttleStatus/currentlyAvailable").asDouble();
        assertThat(available).isLessThan(requested);
        // wait = (requested - available) / restoreRate, as Shopify documents
        long waitNanos = (long) Math.ceil((requested - available) / 50.0 * 1e9);
        nanos.addAndGet(waitNanos);
        assertThat(run(api, TOKEN, query, vars).has("data")).isTrue();
    }

    @Test
    void throttledStatusIsConfigurable() {
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("t", TOKEN, 10, 1, 1000, 429, 0, 0, 1), nanos::get);
        JsonNode r = run(api, TOKEN, ShopifyOrdersQuery.ordersSince(5), Map.of("first", 5, "q", "updated_at:>='2026-11-01T00:00:00Z'"));
        assertThat(r.get("_status").asInt()).isEqualTo(429);
        assertThat(r.at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");
    }

    @Test
    void moneyIsADecimalStringInBothCurrencies() {
        ShopifyAdminApi api = api(100_000, 100_000);
        JsonNode nodes = run(api, TOKEN, ShopifyOrdersQuery.ordersSince(5), Map.of("first", 11, "q", "updated_at:>='2026-11-01T00:00:00Z'"))
                .at("/data/orders/nodes");
        assertThat(nodes.size()).isEqualTo(11);
        Set<String> presentmentCurrencies = new HashSet<>();
        for (JsonNode o : nodes) {
            presentmentCurrencies.add(o.get("presentmentCurrencyCode").asText());
            JsonNode total = o.path("totalPriceSet");
            assertThat(total.at("/shopMoney/amount").isTextual()).isTrue();
            assertThat(total.at("/shopMoney/currencyCode").asText()).isEqualTo("EUR");
            assertThat(total.at("/presentmentMoney/currencyCode").asText()).isEqualTo(o.get("presentmentCurrencyCode").asText());
        }
        assertThat(presentmentCurrencies).hasSizeGreaterThan(1);
    }

    private static final String FULFILLMENT_ORDERS = "query($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillments(first: 5) { id "
            + "trackingInfo(first: 1) { number } } fulfillmentOrders(first: 5) { nodes { id status assignedLocation { location { id } } "
            + "lineItems(first: 50) { nodes { id remainingQuantity totalQuantity lineItem { id } } } } } } }";
    private static final String CREATE = "mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status "
            + "trackingInfo { company number } } userErrors { field message } } }";

    @Test
    void fulfillmentCreateFulfilsFulfillmentOrdersOfOneLocationPerCall() {
        ShopifyAdminApi api = api(10_000, 1000);
        JsonNode order = null;
        for (long id : shop.ids()) {
            JsonNode o = run(api, TOKEN, FULFILLMENT_ORDERS, Map.of("id", "gid://shopify/Order/" + id)).at("/data/order");
            if (o.at("/fulfillmentOrders/nodes").size() == 2) {
                order = o;
                break;
            }
        }
        assertThat(order).as("an order whose lines the shop assigned to two locations").isNotNull();
        JsonNode a = order.at("/fulfillmentOrders/nodes/0");
        JsonNode b = order.at("/fulfillmentOrders/nodes/1");
        assertThat(a.at("/assignedLocation/location/id").asText()).isNotEqualTo(b.at("/assignedLocation/location/id").asText());
        Map<String, Object> tracking = Map.of("company", "DHL", "number", "00340434188193100001");

        // both locations in one call: Shopify refuses it, and nothing changes
        JsonNode mixed = run(api, TOKEN, CREATE, Map.of("f", Map.of("lineItemsByFulfillmentOrder", java.util.List.of(
                Map.of("fulfillmentOrderId", a.get("id").asText()), Map.of("fulfillmentOrderId", b.get("id").asText())),
                "trackingInfo", tracking)));
        assertThat(mixed.at("/data/fulfillmentCreate/userErrors/0/message").asText()).isEqualTo("All fulfillment orders must be assigned to a single location.");
        assertThat(mixed.at("/data/fulfillmentCreate/fulfillment").isNull()).isTrue();
        assertThat(mixed.at("/extensions/cost/requestedQueryCost").asInt()).as("a mutation costs 10 plus its selection").isGreaterThanOrEqualTo(10);

        // more than remains on a line: refused
        JsonNode item = a.at("/lineItems/nodes/0");
        JsonNode tooMany = run(api, TOKEN, CREATE, Map.of("f", Map.of("lineItemsByFulfillmentOrder", java.util.List.of(
                Map.of("fulfillmentOrderId", a.get("id").asText(), "fulfillmentOrderLineItems", java.util.List.of(
                        Map.of("id", item.get("id").asText(), "quantity", item.get("remainingQuantity").asInt() + 1)))))));
        assertThat(tooMany.at("/data/fulfillmentCreate/userErrors/0/message").asText()).contains("quantity");

        // one location at a time: the first makes the order partially fulfilled, the second fulfilled
        JsonNode first = run(api, TOKEN, CREATE, Map.of("f", Map.of("lineItemsByFulfillmentOrder", java.util.List.of(
                Map.of("fulfillmentOrderId", a.get("id").asText())), "trackingInfo", tracking, "notifyCustomer", true)));
        assertThat(first.at("/data/fulfillmentCreate/userErrors")).isEmpty();
        assertThat(first.at("/data/fulfillmentCreate/fulfillment/trackingInfo/0/number").asText()).isEqualTo("00340434188193100001");
        JsonNode after = run(api, TOKEN, FULFILLMENT_ORDERS, Map.of("id", "gid://shopify/Order/" + shop.orderOfFulfillmentOrder(a.get("id").asText())))
                .at("/data/order");
        assertThat(after.get("displayFulfillmentStatus").asText()).isEqualTo("PARTIALLY_FULFILLED");
        assertThat(after.at("/fulfillmentOrders/nodes/0/status").asText()).isEqualTo("CLOSED");
        assertThat(after.at("/fulfillmentOrders/nodes/0/lineItems/nodes/0/remainingQuantity").asInt()).isZero();
        JsonNode again = run(api, TOKEN, CREATE, Map.of("f", Map.of("lineItemsByFulfillmentOrder", java.util.List.of(
                Map.of("fulfillmentOrderId", a.get("id").asText())))));
        assertThat(again.at("/data/fulfillmentCreate/userErrors")).as("a closed fulfillment order takes no second fulfillment").isNotEmpty();
        run(api, TOKEN, CREATE, Map.of("f", Map.of("lineItemsByFulfillmentOrder", java.util.List.of(
                Map.of("fulfillmentOrderId", b.get("id").asText())), "trackingInfo", tracking)));
        JsonNode done = run(api, TOKEN, FULFILLMENT_ORDERS, Map.of("id", "gid://shopify/Order/" + shop.orderOfFulfillmentOrder(a.get("id").asText())))
                .at("/data/order");
        assertThat(done.get("displayFulfillmentStatus").asText()).isEqualTo("FULFILLED");
        assertThat(done.get("fulfillments")).hasSize(2);
    }
}
