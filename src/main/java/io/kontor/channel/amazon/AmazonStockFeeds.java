package io.kontor.channel.amazon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import io.kontor.channel.SellerAccount;
import io.kontor.platform.TransientChannelException;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Available-to-sell to Amazon in bulk: a backlog of figures goes as one {@code JSON_LISTINGS_FEED} through the Feeds
 * API (contracts §2.2) — the feed document created, its JSON uploaded to the presigned URL, the feed created — instead
 * of one patchListingsItem per SKU at 5 a second. Amazon processes a feed minutes later, so the figures are answered
 * {@link StockPushResult#submitted() submitted} and stay in flight; the feed is kept with its figures, checked until
 * Amazon has processed it, and its processing report read: each message's issues (correlated by messageId, the n-th
 * figure being message n) refuse its figure, the others are acknowledged. A feed Amazon could not process (FATAL)
 * refuses its figures with Amazon's reason; a cancelled one sends them again.
 */
@Component("amazonStockFeeds")
public class AmazonStockFeeds {

    private static final Logger log = LoggerFactory.getLogger(AmazonStockFeeds.class);
    static final String FEEDS_PATH = "/feeds/2021-06-30/feeds";
    static final String DOCUMENTS_PATH = "/feeds/2021-06-30/documents";
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    static final String FEED_TYPE = "JSON_LISTINGS_FEED";
    /** At most this many messages a feed (the feed schema's limit). */
    public static final int MAX_MESSAGES = 25_000;
    /** Feeds checked at most per look (getFeed allows two a second). */
    static final int CHECKED_PER_LOOK = 10;

    /** A processed feed: its figures and Amazon's answer to each, in their order. */
    public record Answered(String feedId, List<StockUpdate> updates, List<StockPushResult> results) {
    }

    private final SellingPartnerClient client;
    private final ChannelHttp http;
    private final ObjectMapper json;
    private final JdbcTemplate jdbc;
    private final AmazonChannelProperties props;

    public AmazonStockFeeds(SellingPartnerClient client, ChannelHttp http, ObjectMapper json, JdbcTemplate jdbc, AmazonChannelProperties props) {
        this.client = client;
        this.http = http;
        this.json = json;
        this.jdbc = jdbc;
        this.props = props;
    }

    /** Sends the figures as one listings feed; each is answered submitted, its real answer comes with {@link #answered}. */
    public List<StockPushResult> submit(List<StockUpdate> updates, String sellerId, String baseUrl, String tokenUrl, String clientId,
                                        String productType) throws IOException {
        if (updates.isEmpty()) {
            return List.of();
        }
        if (updates.size() > MAX_MESSAGES) {
            throw new IllegalArgumentException(updates.size() + " figures for one feed; a listings feed holds at most " + MAX_MESSAGES);
        }
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        long wait = client.waitMillis(seller, SellingPartnerClient.Operation.CREATE_FEED);
        if (wait > 0) {
            // not wait for it holding the figures: they go back, and patches take them meanwhile
            throw TransientChannelException.paced("Amazon " + sellerId + ": no createFeed request left for " + wait / 1000 + " s", wait);
        }
        JsonNode document = client.post(seller, SellingPartnerClient.Operation.CREATE_FEED_DOCUMENT, DOCUMENTS_PATH,
                json.writeValueAsString(Map.of("contentType", CONTENT_TYPE)));
        ChannelHttp.Transfer upload = http.transfer(document.path("url").asText(), "PUT", CONTENT_TYPE,
                json.writeValueAsBytes(feed(sellerId, productType, updates)));
        if (upload.status() == 429 || upload.status() >= 500) {
            throw new TransientChannelException("Amazon's document store answered " + upload.status() + " to the feed upload");
        }
        if (upload.status() / 100 != 2) {
            // an expired or refused upload URL: a new document next time
            throw new SellingPartnerApiException("Amazon's document store refused the feed upload (" + upload.status() + "): "
                    + new String(upload.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonNode created = client.post(seller, SellingPartnerClient.Operation.CREATE_FEED, FEEDS_PATH, json.writeValueAsString(Map.of(
                "feedType", FEED_TYPE, "marketplaceIds", List.of(props.marketplaceIds().split("\\s*,\\s*")),
                "inputFeedDocumentId", document.path("feedDocumentId").asText())));
        String feedId = created.path("feedId").asText();
        jdbc.update("insert into amazon_stock_feeds (feed_id, seller_id, figures) values (?, ?, ?::jsonb)", feedId, sellerId,
                json.writeValueAsString(updates));
        log.info("Amazon {}: {} stock figures sent as listings feed {}", sellerId, updates.size(), feedId);
        return updates.stream().map(u -> StockPushResult.submitted()).toList();
    }

    /** The feed document: one PATCH of the merchant-fulfilled quantity per figure, message n for the n-th. */
    static Map<String, Object> feed(String sellerId, String productType, List<StockUpdate> updates) {
        List<Map<String, Object>> messages = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messageId", i + 1);
            m.put("sku", updates.get(i).sku());
            m.put("operationType", "PATCH");
            m.put("productType", productType);
            m.put("patches", List.of(Map.of("op", "replace", "path", "/attributes/fulfillment_availability",
                    "value", List.of(Map.of("fulfillment_channel_code", AmazonStockReader.MERCHANT, "quantity", updates.get(i).quantity())))));
            messages.add(m);
        }
        return Map.of("header", Map.of("sellerId", sellerId, "version", "2.0"), "messages", messages);
    }

    /**
     * The seller's feeds Amazon has finished since the last look, each with the answer to each of its figures; a feed
     * is answered once (marked before it is handed on: were the hand-off lost, its figures are sent again when their
     * lease ends, which changes nothing twice).
     */
    public List<Answered> answered(String sellerId, String baseUrl, String tokenUrl, String clientId) throws IOException {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        List<Answered> out = new ArrayList<>();
        List<String[]> open = jdbc.query("""
                select feed_id, figures::text from amazon_stock_feeds where seller_id = ? and status = 'SUBMITTED'
                 order by checked_at nulls first, submitted_at limit ?""",
                (rs, i) -> new String[]{rs.getString(1), rs.getString(2)}, sellerId, CHECKED_PER_LOOK);
        for (String[] row : open) {
            String feedId = row[0];
            JsonNode feed;
            try {
                feed = client.get(seller, SellingPartnerClient.Operation.GET_FEED, FEEDS_PATH + "/" + feedId, Map.of(), null, null);
            } catch (SellingPartnerApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                // Amazon does not know the feed (any more): its figures go again
                feed = json.createObjectNode().put("processingStatus", "UNKNOWN");
                log.info("Amazon {}: listings feed {} is unknown to Amazon; its figures are sent again", sellerId, feedId);
            }
            String status = feed.path("processingStatus").asText();
            jdbc.update("update amazon_stock_feeds set checked_at = now(), amazon_status = ? where feed_id = ?", status, feedId);
            if (!"DONE".equals(status) && !"FATAL".equals(status) && !"CANCELLED".equals(status) && !"UNKNOWN".equals(status)) {
                continue;
            }
            List<StockUpdate> updates = json.readValue(row[1], new TypeReference<List<StockUpdate>>() {
            });
            JsonNode report = feed.hasNonNull("resultFeedDocumentId") ? report(seller, feed.get("resultFeedDocumentId").asText()) : null;
            List<StockPushResult> results = switch (status) {
                case "DONE" -> results(updates.size(), report);
                case "FATAL" -> refusedWhole(updates.size(), "Amazon could not process listings feed " + feedId + ": " + feedIssues(report));
                default -> updates.stream().map(u -> StockPushResult.notApplied()).toList();
            };
            long accepted = results.stream().filter(r -> r.outcome() == StockPushResult.Outcome.ACKNOWLEDGED).count();
            int claimed = jdbc.update("""
                    update amazon_stock_feeds set status = ?, answered_at = now(), accepted = ?, invalid = ?
                     where feed_id = ? and status = 'SUBMITTED'""",
                    "DONE".equals(status) ? "ANSWERED" : "FATAL".equals(status) ? "FAILED" : "CANCELLED".equals(status) ? "CANCELLED" : "LOST", accepted,
                    results.size() - accepted, feedId);
            if (claimed == 1) {
                log.info("Amazon {}: listings feed {} {}: {} of {} figures accepted", sellerId, feedId, status, accepted, results.size());
                out.add(new Answered(feedId, updates, results));
            }
        }
        return out;
    }

    /** Each message's answer from a processing report: its own ERROR issues refuse it; a feed-level one leaves it to be sent again. */
    static List<StockPushResult> results(int messages, JsonNode report) {
        Map<Integer, List<JsonNode>> issues = new HashMap<>();
        List<JsonNode> feedLevel = new ArrayList<>();
        if (report != null) {
            for (JsonNode issue : report.path("issues")) {
                if (!"ERROR".equals(issue.path("severity").asText())) {
                    continue;
                }
                if (issue.path("messageId").canConvertToInt()) {
                    issues.computeIfAbsent(issue.get("messageId").asInt(), k -> new ArrayList<>()).add(issue);
                } else {
                    feedLevel.add(issue);
                }
            }
        }
        List<StockPushResult> results = new ArrayList<>(messages);
        for (int id = 1; id <= messages; id++) {
            List<JsonNode> own = issues.get(id);
            if (own != null) {
                results.add(AmazonStockPublisher.refusal("INVALID", own));
            } else {
                results.add(report == null || !feedLevel.isEmpty() ? StockPushResult.notApplied() : StockPushResult.acknowledged());
            }
        }
        return results;
    }

    private static List<StockPushResult> refusedWhole(int messages, String why) {
        List<StockPushResult> results = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            results.add(StockPushResult.refused(why));
        }
        return results;
    }

    private static String feedIssues(JsonNode report) {
        if (report == null) {
            return "no processing report";
        }
        List<String> said = new ArrayList<>();
        report.path("issues").forEach(i -> said.add(i.path("code").asText() + " " + i.path("message").asText()));
        return said.isEmpty() ? "no reason given" : String.join("; ", said);
    }

    /** A processing report: its document's URL asked for, the content read and, where Amazon says so, unzipped. */
    private JsonNode report(SellerAccount seller, String documentId) throws IOException {
        JsonNode document = client.get(seller, SellingPartnerClient.Operation.GET_FEED_DOCUMENT, DOCUMENTS_PATH + "/" + documentId, Map.of(),
                null, null);
        ChannelHttp.Transfer got = http.transfer(document.path("url").asText(), "GET", null, null);
        if (got.status() == 429 || got.status() >= 500) {
            throw new TransientChannelException("Amazon's document store answered " + got.status() + " to the report download");
        }
        if (got.status() != 200) {
            throw new SellingPartnerApiException("Amazon's document store refused report " + documentId + " (" + got.status() + ")");
        }
        try (InputStream in = "GZIP".equals(document.path("compressionAlgorithm").asText())
                ? new GZIPInputStream(new ByteArrayInputStream(got.body())) : new ByteArrayInputStream(got.body())) {
            return json.readTree(in);
        }
    }
}
