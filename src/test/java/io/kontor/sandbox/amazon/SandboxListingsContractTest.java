package io.kontor.sandbox.amazon;

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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated Listings Items API keeps ../shared/docs/stock-and-payout-contracts.md §2.1 and §2.5 and Amazon's own model
 * (listingsItems_2021-08-01.json, every answer here validated against it): a rejected patch is a 200 INVALID with its
 * issues, a malformed one a 400 InvalidInput, entries are keyed by channel code, accepted changes show after a delay and
 * may reach one view and not the other, FBA stock is refused to the seller, and the operation's 5/s burst 5 is enforced.
 */
class SandboxListingsContractTest {

    private static final String MODEL = "channels/sp-api-models/models/listings-items-api-model/listingsItems_2021-08-01.json";
    private static final String SELLER = EmulatedSeller.SELLER;
    private static final String DE = "A1PNLWAPXEIFHG";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private SellingPartnerApi api;
    private ChannelSpec spec;
    private String token;

    @BeforeEach
    void seller() {
        spec = ChannelSpec.of(MODEL);
        EmulatedSeller seller = EmulatedSeller.on(clock, nanos::get);
        api = seller.api();
        token = seller.token();
    }

    private record Call(int status, JsonNode body) {
    }

    private Call patch(String sku, Object body, boolean keepsContract) throws Exception {
        nanos.addAndGet(1_000_000_000L); // a second apart: within the 5/s
        String text = json.writeValueAsString(body);
        String path = SandboxListings.LISTINGS + SELLER + "/" + sku;
        SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request("PATCH", path, Map.of("marketplaceIds", List.of(DE)),
                Map.of("x-amz-access-token", token), text));
        String answer = json.writeValueAsString(r.body());
        SimpleRequest request = new SimpleRequest.Builder(Request.Method.PATCH, path).withQueryParam("marketplaceIds", DE)
                .withHeader("x-amz-access-token", token).withContentType("application/json").withBody(text).build();
        if (keepsContract) {
            spec.assertValid(request, SimpleResponse.Builder.status(r.status()).withContentType("application/json").withBody(answer).build());
        } else {
            spec.assertValidResponse(path, Request.Method.PATCH, SimpleResponse.Builder.status(r.status()).withContentType("application/json")
                    .withBody(answer).build());
        }
        return new Call(r.status(), json.readTree(answer));
    }

    private static Map<String, Object> quantity(String code, Object quantity) {
        return Map.of("productType", "PRODUCT", "patches", List.of(Map.of("op", "replace", "path", "/attributes/fulfillment_availability",
                "value", List.of(code == null ? Map.of("quantity", quantity) : Map.of("fulfillment_channel_code", code, "quantity", quantity)))));
    }

    @Test
    void anAcceptedPatchSetsTheMerchantQuantityAndARejectedOneIs200Invalid() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(0).sku();
        Call ok = patch(sku, quantity("DEFAULT", 7), true);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(api.listings().sellable(sku)).isEqualTo(7);
        Call missingCode = patch(sku, quantity(null, 3), true);
        assertThat(missingCode.status()).isEqualTo(200);
        assertThat(missingCode.body().path("status").asText()).isEqualTo("INVALID");
        assertThat(missingCode.body().at("/issues/0/message").asText()).contains("fulfillment_channel_code");
        assertThat(patch(sku, quantity("DEFAULT", -1), true).body().path("status").asText()).isEqualTo("INVALID");
        assertThat(api.listings().sellable(sku)).isEqualTo(7);
    }

    @Test
    void aPatchThatCannotBeParsedIs400InvalidInput() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(1).sku();
        Call noValue = patch(sku, Map.of("productType", "PRODUCT", "patches", List.of(Map.of("op", "replace", "path", "/attributes/fulfillment_availability"))), false);
        assertThat(noValue.status()).isEqualTo(400);
        assertThat(noValue.body().at("/errors/0/details").asText()).isEqualTo("Value is missing for patch at index of 0.");
        assertThat(patch(sku, Map.of("productType", "PRODUCT", "patches", "replace"), false).body().at("/errors/0/code").asText())
                .isEqualTo("InvalidInput");
    }

    @Test
    void entriesAreKeyedByChannelCodeSoAnotherCodeAddsOne() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(2).sku();
        patch(sku, quantity("DEFAULT", 5), true);
        patch(sku, quantity("DEFAULT_B2B", 2), true);
        assertThat(api.listings().attributeEntries(sku)).containsEntry("DEFAULT", 5).containsEntry("DEFAULT_B2B", 2);
    }

    @Test
    void acceptedIsNotAppliedAtOnceAndMayReachOneViewOnly() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(3).sku();
        int before = api.listings().sellable(sku);
        api.listings().applyAfter(Duration.ofMinutes(3));
        assertThat(patch(sku, quantity("DEFAULT", 1), true).body().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(api.listings().sellable(sku)).isEqualTo(before);
        clock.advance(Duration.ofMinutes(4));
        assertThat(api.listings().sellable(sku)).isEqualTo(1);
        api.listings().applyAfter(Duration.ZERO);
        api.listings().summaryLags(true);
        patch(sku, quantity("DEFAULT", 9), true);
        assertThat(api.listings().attributeEntries(sku)).containsEntry("DEFAULT", 9);
        assertThat(api.listings().sellable(sku)).as("the summarised view Amazon sells from").isEqualTo(1);
    }

    @Test
    void stockAmazonFulfilsIsRefusedToTheSellerAndReadThroughTheFbaSummaries() throws Exception {
        String fba = api.listings().fbaSkus().get(0);
        Call refused = patch(fba, quantity("DEFAULT", 3), true);
        assertThat(refused.body().path("status").asText()).isEqualTo("INVALID");
        assertThat(refused.body().at("/issues/0/code").asText()).isEqualTo("8541");
        SellingPartnerApi.Response summaries = api.handle(new SellingPartnerApi.Request("GET", SandboxListings.FBA_SUMMARIES,
                Map.of("granularityType", List.of("Marketplace"), "granularityId", List.of(DE), "marketplaceIds", List.of(DE)),
                Map.of("x-amz-access-token", token), null));
        assertThat(json.valueToTree(summaries.body()).at("/payload/inventorySummaries").findValuesAsText("sellerSku"))
                .containsExactlyInAnyOrderElementsOf(api.listings().fbaSkus());
    }

    @Test
    void fbaSummariesComeAPageAtATimeWithANextTokenThatExpiresAndDetailsOnlyWhenAsked() throws Exception {
        api.listings().fbaPageSize(2);
        Map<String, List<String>> query = new java.util.HashMap<>(Map.of("granularityType", List.of("Marketplace"), "granularityId", List.of(DE),
                "marketplaceIds", List.of(DE), "details", List.of("true")));
        JsonNode first = fba(query);
        assertThat(first.at("/payload/inventorySummaries")).hasSize(2);
        assertThat(first.at("/payload/inventorySummaries/0/inventoryDetails/fulfillableQuantity").isInt()).isTrue();
        String next = first.at("/pagination/nextToken").asText();
        assertThat(next).isNotBlank();
        query.put("nextToken", List.of(next));
        JsonNode second = fba(query);
        assertThat(second.at("/payload/inventorySummaries")).hasSize(1);
        assertThat(second.has("pagination")).as("the last page has no next token").isFalse();
        java.util.List<String> skus = new java.util.ArrayList<>(first.at("/payload/inventorySummaries").findValuesAsText("sellerSku"));
        skus.addAll(second.at("/payload/inventorySummaries").findValuesAsText("sellerSku"));
        assertThat(skus).containsExactlyInAnyOrderElementsOf(api.listings().fbaSkus());
        // a next token lives 30 seconds, and once
        query.remove("nextToken");
        String later = fba(query).at("/pagination/nextToken").asText();
        clock.advance(Duration.ofSeconds(31));
        query.put("nextToken", List.of(later));
        SellingPartnerApi.Response expired = api.handle(new SellingPartnerApi.Request("GET", SandboxListings.FBA_SUMMARIES, query,
                Map.of("x-amz-access-token", token), null));
        assertThat(expired.status()).isEqualTo(400);
        // without details=true, no inventoryDetails; without granularityId, refused
        query.remove("nextToken");
        query.put("details", List.of("false"));
        assertThat(fba(query).at("/payload/inventorySummaries/0").has("inventoryDetails")).isFalse();
        query.remove("granularityId");
        assertThat(api.handle(new SellingPartnerApi.Request("GET", SandboxListings.FBA_SUMMARIES, query, Map.of("x-amz-access-token", token), null))
                .status()).isEqualTo(400);
    }

    private JsonNode fba(Map<String, List<String>> query) {
        nanos.addAndGet(1_000_000_000L); // within the operation's 2/s
        SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request("GET", SandboxListings.FBA_SUMMARIES, Map.copyOf(query),
                Map.of("x-amz-access-token", token), null));
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        return json.valueToTree(r.body());
    }

    @Test
    void theOperationsBurstOfFiveIsEnforcedWith429() throws Exception {
        String sku = SandboxCatalog.PRODUCTS.get(4).sku();
        int throttled = 0;
        for (int i = 0; i < 8; i++) {
            SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request("PATCH", SandboxListings.LISTINGS + SELLER + "/" + sku,
                    Map.of("marketplaceIds", List.of(DE)), Map.of("x-amz-access-token", token), json.writeValueAsString(quantity("DEFAULT", i))));
            if (r.status() == 429) {
                throttled++;
                assertThat(r.headers()).containsKey("x-amzn-RequestId");
            }
        }
        assertThat(throttled).isEqualTo(3);
    }
}
