package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's Orders v2026-01-01 searchOrders (channel-contracts.md §2.2; orders_2026-01-01.json is not among the
 * specs in ../shared/corpus, so the answers are checked here against the model's required fields by hand): the window
 * rules, pagination bound to the original parameters except maxResultsPerPage and includedData, the datasets of
 * includedData, PII by the roles the seller approved for the app (no Restricted Data Token), its own usage plan (0.0056 requests/s, burst 20).
 */
class SearchOrders2026Test {

    private static final String DE = "A1PNLWAPXEIFHG";
    private static final String SEARCH = "/orders/2026-01-01/orders";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private SandboxAmazonSeller seller;
    private SandboxLoginWithAmazon lwa;
    private SellingPartnerApi api;
    private String token;

    @BeforeEach
    void sellerWithOrders() {
        seller = new SandboxAmazonSeller("A2SELLER");
        AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, 11, clock);
        for (int i = 0; i < 130; i++) {
            generator.createOrder(Duration.ofSeconds(3 * (130 - i)).plus(SellingPartnerApi.TWO_MINUTES));
        }
        lwa = new SandboxLoginWithAmazon("client", "secret", "Atzr|refresh", SandboxLoginWithAmazon.ACCESS_TOKEN_LIFETIME, clock);
        api = new SellingPartnerApi(seller, lwa, true, 100, clock, nanos::get);
        token = (String) lwa.token(Map.of("grant_type", "refresh_token", "refresh_token", "Atzr|refresh", "client_id", "client",
                "client_secret", "secret")).body().get("access_token");
    }

    @Test
    void searchOrdersPagesThroughEveryOrderOnceWithItsItemsInline() {
        Map<String, String> params = new LinkedHashMap<>(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "maxResultsPerPage", "40"));
        Set<String> seen = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            Map<String, String> query = new LinkedHashMap<>(params);
            if (next != null) {
                query.put("paginationToken", next);
                // maxResultsPerPage and includedData may change between pages; the other parameters may not
                query.put("maxResultsPerPage", "50");
                query.put("includedData", "FULFILLMENT");
            }
            SellingPartnerApi.Response page = get(query, token);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers()).containsEntry("x-amzn-RateLimit-Limit", String.valueOf(0.0056 * 100)).containsKey("x-amzn-RequestId");
            JsonNode body = json.valueToTree(page.body());
            for (JsonNode order : body.get("orders")) {
                for (String required : List.of("orderId", "createdTime", "lastUpdatedTime", "salesChannel", "orderItems")) {
                    assertThat(order.has(required)).as("Order.%s is required", required).isTrue();
                }
                assertThat(seen.add(order.get("orderId").asText())).as("each order once").isTrue();
                assertThat(order.get("orderItems")).isNotEmpty().allSatisfy(i -> {
                    assertThat(i.has("orderItemId")).isTrue();
                    assertThat(i.get("quantityOrdered").asInt()).isPositive();
                });
            }
            next = body.at("/pagination/nextToken").asText(null);
            pages++;
        } while (next != null);
        assertThat(seen).hasSize(seller.size());
        assertThat(pages).isGreaterThan(2);
    }

    @Test
    void aPaginationTokenIsBoundToTheWindowItWasIssuedFor() {
        JsonNode first = json.valueToTree(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "maxResultsPerPage", "10"), token).body());
        String next = first.at("/pagination/nextToken").asText();

        SellingPartnerApi.Response other = get(Map.of("lastUpdatedAfter", "2026-11-27T09:30:00Z", "paginationToken", next), token);

        assertThat(other.status()).isEqualTo(400);
        assertThat(json.valueToTree(other.body()).at("/errors/0/code").asText()).isEqualTo("InvalidInput");
    }

    @Test
    void theWindowRulesOfTheSpecAreEnforced() {
        assertThat(get(Map.of("marketplaceIds", DE), token).status()).as("neither createdAfter nor lastUpdatedAfter").isEqualTo(400);
        assertThat(get(Map.of("createdAfter", "2026-11-27T09:00:00Z", "lastUpdatedAfter", "2026-11-27T09:00:00Z"), token).status())
                .as("both").isEqualTo(400);
        assertThat(get(Map.of("createdAfter", "2026-11-27T09:00:00Z", "lastUpdatedBefore", "2026-11-27T09:30:00Z"), token).status())
                .as("created with lastUpdatedBefore").isEqualTo(400);
        assertThat(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "lastUpdatedBefore", "2026-11-27T09:59:00Z"), token).status())
                .as("before less than two minutes ago").isEqualTo(400);
        assertThat(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "maxResultsPerPage", "101"), token).status()).isEqualTo(400);
        assertThat(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "includedData", "EVERYTHING"), token).status()).isEqualTo(400);
        assertThat(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "fulfillmentStatuses", "Unshipped"), token).status())
                .as("v0's status names are not v2026's").isEqualTo(400);
        assertThat(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z"), "Atza|forged").status()).isEqualTo(403);
    }

    @Test
    void datasetsComeOnlyWhenAskedForAndPersonalDataByTheAppsRolesWithoutARestrictedDataToken() {
        Map<String, String> all = Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "includedData", "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT",
                "fulfillmentStatuses", "UNSHIPPED");
        JsonNode bare = json.valueToTree(get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z"), token).body()).at("/orders/0");
        assertThat(bare.has("buyer") || bare.has("recipient") || bare.has("proceeds") || bare.has("fulfillment")).isFalse();

        // an app with the PII roles: name and street with the plain access token
        JsonNode full = json.valueToTree(get(all, token).body()).at("/orders/0");
        assertThat(full.at("/fulfillment/fulfillmentStatus").asText()).isEqualTo("UNSHIPPED");
        assertThat(full.at("/recipient/deliveryAddress/name").asText()).isNotBlank();
        assertThat(full.at("/recipient/deliveryAddress/addressLine1").asText()).isNotBlank();
        assertThat(full.at("/proceeds/grandTotal/currencyCode").asText()).isIn("EUR", "GBP");
        // and a Restricted Data Token is no operation of this API
        SellingPartnerApi.Response rdt = api.handle(new SellingPartnerApi.Request("POST", "/tokens/2021-03-01/restrictedDataToken", Map.of(),
                Map.of("x-amz-access-token", token), "{\"restrictedResources\":[{\"method\":\"GET\",\"path\":\"" + SEARCH
                + "\",\"dataElements\":[\"shippingAddress\"]}]}"));
        assertThat(rdt.status()).isEqualTo(400);

        // an app without them: the order as Amazon shows it to anyone
        api = new SellingPartnerApi(seller, lwa, false, 100, clock, nanos::get);
        JsonNode publicView = json.valueToTree(get(all, token).body()).at("/orders/0");
        assertThat(publicView.has("buyer")).isFalse();
        assertThat(iterate(publicView.at("/recipient/deliveryAddress").fieldNames()))
                .isSubsetOf("city", "stateOrRegion", "postalCode", "countryCode").contains("city", "countryCode");
    }

    @Test
    void searchOrdersHasItsOwnUsagePlan() {
        api = new SellingPartnerApi(seller, lwa, true, 1, clock, nanos::get);
        int ok = 0;
        SellingPartnerApi.Response last = null;
        for (int i = 0; i < 21; i++) {
            last = get(Map.of("lastUpdatedAfter", "2026-11-27T09:00:00Z", "maxResultsPerPage", "1"), token);
            ok += last.status() == 200 ? 1 : 0;
        }
        assertThat(ok).as("the burst").isEqualTo(20);
        assertThat(last.status()).isEqualTo(429);
        assertThat(json.valueToTree(last.body()).at("/errors/0/code").asText()).isEqualTo("QuotaExceeded");
        // getOrders (v0) keeps its own bucket
        SellingPartnerApi.Response v0 = api.handle(new SellingPartnerApi.Request("GET", "/orders/v0/orders",
                Map.of("MarketplaceIds", List.of(DE), "LastUpdatedAfter", List.of("2026-11-27T09:00:00Z")), Map.of("x-amz-access-token", token), null));
        assertThat(v0.status()).isEqualTo(200);
    }

    private SellingPartnerApi.Response get(Map<String, String> params, String accessToken) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        params.forEach((k, v) -> query.put(k, List.of(v)));
        return api.handle(new SellingPartnerApi.Request("GET", SEARCH, query, Map.of("x-amz-access-token", accessToken), null));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
