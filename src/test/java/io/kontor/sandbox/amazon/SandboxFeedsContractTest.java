package io.kontor.sandbox.amazon;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.testing.ChannelSpec;
import io.kontor.testing.JsonSchemaSpec;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated Feeds API keeps ../shared/docs/stock-and-payout-contracts.md §2.2 and Amazon's own artefacts: every call
 * and answer validated against feeds_2021-06-30.json, every processing report against
 * listings-feed-processing-report-schema-v2.json. The lifecycle (document, presigned upload that expires, feed queued,
 * in progress, done), the report correlated by messageId, FATAL for a document that is no listings feed, cancelling
 * only while queued, getFeeds with its next token alone, and createFeed's burst of 15 at one feed per two minutes.
 */
class SandboxFeedsContractTest {

    private static final String MODEL = "channels/sp-api-models/models/feeds-api-model/feeds_2021-06-30.json";
    private static final String REPORT = "channels/sp-api-models/schemas/feeds/listings-feed-processing-report-schema-v2.json";
    private static final String FEED_SCHEMA = "channels/sp-api-models/schemas/feeds/listings-feed-schema-v2.json";
    private static final String SELLER = EmulatedSeller.SELLER;
    private static final String DE = "A1PNLWAPXEIFHG";
    private static final String JSON_TYPE = "application/json; charset=UTF-8";
    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T10:00:00Z"));
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

    /** One SP-API call, a minute after the last (every bucket refilled but createFeed's), request and answer checked. */
    private Call call(String method, String path, Map<String, List<String>> query, Object body) throws Exception {
        nanos.addAndGet(60_000_000_000L);
        String text = body == null ? null : json.writeValueAsString(body);
        SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request(method, path, query,
                Map.of("x-amz-access-token", token, "host", "emulator.test"), text));
        String answer = r.body() == null ? null : json.writeValueAsString(r.body());
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), path).withHeader("x-amz-access-token", token);
        query.forEach((k, v) -> request.withQueryParam(k, v));
        if (text != null) {
            request.withContentType("application/json").withBody(text);
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(r.status());
        if (answer != null) {
            response.withContentType("application/json").withBody(answer);
        }
        spec.assertValid(request.build(), response.build());
        return new Call(r.status(), answer == null ? json.createObjectNode() : json.readTree(answer));
    }

    private static Map<String, Object> patch(int messageId, String sku, int quantity) {
        return Map.of("messageId", messageId, "sku", sku, "operationType", "PATCH", "productType", "PRODUCT",
                "patches", List.of(Map.of("op", "replace", "path", "/attributes/fulfillment_availability",
                        "value", List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", quantity)))));
    }

    private static Map<String, Object> feed(List<Map<String, Object>> messages) {
        return Map.of("header", Map.of("sellerId", SELLER, "version", "2.0"), "messages", messages);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String p : URI.create(url).getQuery().split("&")) {
            q.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        return q;
    }

    private static String documentId(String url) {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** createFeedDocument, the upload, createFeed: answers the feed id. */
    private String submit(Object document) throws Exception {
        Call created = call("POST", SandboxFeeds.DOCUMENTS, Map.of(), Map.of("contentType", JSON_TYPE));
        assertThat(created.status()).isEqualTo(201);
        String url = created.body().path("url").asText();
        assertThat(url).startsWith("http://emulator.test/sandbox/amazon/feed-documents/");
        SandboxFeeds.StorageAnswer put = api.feeds().upload(documentId(url), query(url).get("X-Amz-Signature"), JSON_TYPE,
                json.writeValueAsBytes(document));
        assertThat(put.status()).isEqualTo(200);
        Call feed = call("POST", SandboxFeeds.FEEDS, Map.of(), Map.of("feedType", "JSON_LISTINGS_FEED", "marketplaceIds", List.of(DE),
                "inputFeedDocumentId", created.body().path("feedDocumentId").asText()));
        assertThat(feed.status()).isEqualTo(202);
        return feed.body().path("feedId").asText();
    }

    private JsonNode report(String resultDocumentId) throws Exception {
        Call doc = call("GET", SandboxFeeds.DOCUMENTS + "/" + resultDocumentId, Map.of(), null);
        assertThat(doc.body().path("compressionAlgorithm").asText()).isEqualTo("GZIP");
        String url = doc.body().path("url").asText();
        SandboxFeeds.StorageAnswer got = api.feeds().download(documentId(url), query(url).get("X-Amz-Signature"));
        assertThat(got.status()).isEqualTo(200);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(got.body()))) {
            JsonNode report = json.readTree(in);
            JsonSchemaSpec.of(REPORT).assertValid(report);
            return report;
        }
    }

    @Test
    void aFeedIsQueuedProcessedAndReportedPerMessageAndItsAcceptedMessagesChangeTheListings() throws Exception {
        api.feeds().timing(Duration.ofSeconds(30), Duration.ofSeconds(60));
        String first = SandboxCatalog.PRODUCTS.get(0).sku();
        String second = SandboxCatalog.PRODUCTS.get(1).sku();
        Map<String, Object> document = feed(List.of(patch(1, first, 4), patch(2, "NOT-A-LISTING", 3), patch(3, second, 9)));
        JsonSchemaSpec.of(FEED_SCHEMA).assertValid(json.valueToTree(document));
        String feedId = submit(document);

        assertThat(call("GET", SandboxFeeds.FEEDS + "/" + feedId, Map.of(), null).body().path("processingStatus").asText()).isEqualTo("IN_QUEUE");
        clock.advance(Duration.ofSeconds(31));
        assertThat(call("GET", SandboxFeeds.FEEDS + "/" + feedId, Map.of(), null).body().path("processingStatus").asText()).isEqualTo("IN_PROGRESS");
        assertThat(api.listings().sellable(first)).as("nothing applied before the feed is processed").isNotEqualTo(4);
        clock.advance(Duration.ofSeconds(60));
        JsonNode done = call("GET", SandboxFeeds.FEEDS + "/" + feedId, Map.of(), null).body();
        assertThat(done.path("processingStatus").asText()).isEqualTo("DONE");

        JsonNode report = report(done.path("resultFeedDocumentId").asText());
        assertThat(report.path("header").path("feedId").asText()).isEqualTo(feedId);
        assertThat(report.path("summary").path("messagesProcessed").asInt()).isEqualTo(3);
        assertThat(report.path("summary").path("messagesAccepted").asInt()).isEqualTo(2);
        assertThat(report.path("summary").path("messagesInvalid").asInt()).isEqualTo(1);
        assertThat(report.path("issues")).hasSize(1);
        assertThat(report.path("issues").get(0).path("messageId").asInt()).isEqualTo(2);
        assertThat(report.has("items")).as("items only when the header asks for a report").isFalse();
        assertThat(api.listings().sellable(first)).isEqualTo(4);
        assertThat(api.listings().sellable(second)).isEqualTo(9);
    }

    @Test
    void messagesTheSchemaRefusesAreInvalidOneByOneAndFbaStockIsNotTheSellers() throws Exception {
        api.feeds().timing(Duration.ZERO, Duration.ZERO);
        String sku = SandboxCatalog.PRODUCTS.get(0).sku();
        String fba = api.listings().fbaSkus().get(0);
        Map<String, Object> withoutProductType = new LinkedHashMap<>(patch(2, sku, 5));
        withoutProductType.remove("productType");
        List<Map<String, Object>> messages = List.of(patch(1, sku, 5), withoutProductType, patch(1, sku, 6), patch(4, fba, 1));
        assertThat(JsonSchemaSpec.of(FEED_SCHEMA).violations(json.valueToTree(feed(messages)))).as("the schema refuses PATCH without productType")
                .isNotEmpty();
        String feedId = submit(feed(messages));
        JsonNode report = report(call("GET", SandboxFeeds.FEEDS + "/" + feedId, Map.of(), null).body().path("resultFeedDocumentId").asText());

        List<Integer> refused = new ArrayList<>();
        report.path("issues").forEach(i -> refused.add(i.path("messageId").asInt()));
        assertThat(refused).containsExactly(2, 1, 4);
        assertThat(report.path("issues").get(2).path("code").asText()).isEqualTo("8541");
        assertThat(report.path("summary").path("messagesAccepted").asInt()).isEqualTo(1);
        assertThat(api.listings().sellable(sku)).isEqualTo(5);
    }

    @Test
    void aDocumentThatIsNoListingsFeedEndsFatalWithAFeedLevelIssue() throws Exception {
        api.feeds().timing(Duration.ZERO, Duration.ZERO);
        String wrongVersion = submit(Map.of("header", Map.of("sellerId", SELLER, "version", "1.0"), "messages", List.of(patch(1, "X", 1))));
        String empty = submit(feed(List.of()));
        for (String feedId : List.of(wrongVersion, empty)) {
            JsonNode feed = call("GET", SandboxFeeds.FEEDS + "/" + feedId, Map.of(), null).body();
            assertThat(feed.path("processingStatus").asText()).isEqualTo("FATAL");
            JsonNode report = report(feed.path("resultFeedDocumentId").asText());
            assertThat(report.path("issues").get(0).has("messageId")).as("a feed-level problem names no message").isFalse();
        }
    }

    @Test
    void theUploadUrlExpiresAfterFiveMinutesAndMustBeWrittenWithTheContentTypeItWasMadeFor() throws Exception {
        Call created = call("POST", SandboxFeeds.DOCUMENTS, Map.of(), Map.of("contentType", JSON_TYPE));
        String url = created.body().path("url").asText();
        String id = documentId(url);
        String signature = query(url).get("X-Amz-Signature");
        byte[] content = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(api.feeds().upload(id, signature, "text/plain", content).status()).isEqualTo(403);
        assertThat(api.feeds().upload(id, "forged", JSON_TYPE, content).status()).isEqualTo(403);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        SandboxFeeds.StorageAnswer late = api.feeds().upload(id, signature, JSON_TYPE, content);
        assertThat(late.status()).isEqualTo(403);
        assertThat(new String(late.body(), StandardCharsets.UTF_8)).contains("Request has expired");
    }

    @Test
    void aFeedIsCancelledOnlyWhileQueued() throws Exception {
        api.feeds().timing(Duration.ofMinutes(10), Duration.ofMinutes(1));
        String queued = submit(feed(List.of(patch(1, SandboxCatalog.PRODUCTS.get(0).sku(), 2))));
        assertThat(call("DELETE", SandboxFeeds.FEEDS + "/" + queued, Map.of(), null).status()).isEqualTo(200);
        assertThat(call("GET", SandboxFeeds.FEEDS + "/" + queued, Map.of(), null).body().path("processingStatus").asText()).isEqualTo("CANCELLED");
        api.feeds().timing(Duration.ZERO, Duration.ofMinutes(10));
        String running = submit(feed(List.of(patch(1, SandboxCatalog.PRODUCTS.get(0).sku(), 2))));
        assertThat(call("DELETE", SandboxFeeds.FEEDS + "/" + running, Map.of(), null).status()).isEqualTo(400);
    }

    @Test
    void getFeedsNeedsFeedTypesOrANextTokenAsTheOnlyParameter() throws Exception {
        api.feeds().timing(Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            submit(feed(List.of(patch(1, SandboxCatalog.PRODUCTS.get(0).sku(), i))));
        }
        assertThat(call("GET", SandboxFeeds.FEEDS, Map.of("pageSize", List.of("2")), null).status()).isEqualTo(400);
        Call page = call("GET", SandboxFeeds.FEEDS, Map.of("feedTypes", List.of("JSON_LISTINGS_FEED"), "pageSize", List.of("2")), null);
        assertThat(page.body().path("feeds")).hasSize(2);
        String next = page.body().path("nextToken").asText();
        assertThat(call("GET", SandboxFeeds.FEEDS, Map.of("nextToken", List.of(next), "pageSize", List.of("2")), null).status()).isEqualTo(400);
        Call rest = call("GET", SandboxFeeds.FEEDS, Map.of("nextToken", List.of(next)), null);
        assertThat(rest.body().path("feeds")).hasSize(1);
        assertThat(rest.body().has("nextToken")).isFalse();
    }

    @Test
    void createFeedAllowsABurstOfFifteenThenOneFeedEveryTwoMinutes() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            // no time passes between these calls: the bucket is not refilled
            SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request("POST", SandboxFeeds.FEEDS, Map.of(),
                    Map.of("x-amz-access-token", token), json.writeValueAsString(Map.of("feedType", "JSON_LISTINGS_FEED",
                    "marketplaceIds", List.of(DE), "inputFeedDocumentId", "unknown"))));
            statuses.add(r.status());
        }
        assertThat(statuses.subList(0, 15)).as("within the burst: an unknown document is the caller's error").containsOnly(400);
        assertThat(statuses.get(15)).isEqualTo(429);
        assertThat(api.rateOf(SellingPartnerApi.Operation.CREATE_FEED)).isEqualTo(0.0083);
    }
}
