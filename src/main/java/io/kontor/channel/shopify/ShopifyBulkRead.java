package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A poll's window read as one bulk operation, as Shopify advises for large reads: {@code bulkOperationRunQuery},
 * its status asked every {@code bulkStatusInterval} ms, the JSONL result downloaded to disk. Whenever the bulk read
 * cannot give the whole window — Shopify refuses to start one (as many running as it allows), the operation ends
 * FAILED (its partial data is not used: the pages read the whole window), CANCELED or EXPIRED, it runs longer than
 * {@code bulkTimeout}, or its result URL no longer answers (they expire) — the poll pages through the window instead.
 */
final class ShopifyBulkRead {

    private static final Logger log = LoggerFactory.getLogger(ShopifyBulkRead.class);

    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ShopifyCostBuckets buckets;
    private final ShopifyGraphqlCalls calls;
    private final HttpClient files = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();

    ShopifyBulkRead(ObjectMapper json, MeterRegistry meters, ShopifyCostBuckets buckets, ShopifyGraphqlCalls calls) {
        this.json = json;
        this.meters = meters;
        this.buckets = buckets;
        this.calls = calls;
    }

    /** The request that counts the orders changed since what no poll read yet, to choose between pages and bulk. */
    void countRequest(Exchange exchange, ShopifyPollState s, String unreadQuery) throws IOException {
        ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.ORDERS_COUNT);
        request.putObject("variables").put("limit", s.bulkAbove).put("q", unreadQuery);
        s.paceMillis = buckets.waitMillisFor(s.shop, ShopifyOrdersQuery.ORDERS_COUNT_COST);
        exchange.getMessage().setBody(json.writeValueAsString(request));
    }

    /** Enough unread changes to read the window in bulk (the next request starts the bulk query), or pages. */
    void readCount(ShopifyPollState s, JsonNode count) {
        s.counting = false;
        s.hasMore = true;
        if (count.path("count").asInt(0) >= s.bulkAbove) {
            log.info("Shopify {}: {}{} orders changed since {}, reading the window in bulk", s.shop,
                    "AT_LEAST".equals(count.path("precision").asText()) ? "at least " : "", count.path("count").asInt(), s.unread);
            s.bulk = true;
        }
    }

    /** Starting the bulk query, asking for its status, or (no request) the next orders of its file. */
    void nextRequest(Exchange exchange, ShopifyPollState s) throws IOException {
        s.sendsRequest = s.bulkFile == null;
        if (!s.sendsRequest) {
            s.paceMillis = 0;
            return;
        }
        ObjectNode request = json.createObjectNode();
        int cost;
        if (s.bulkId == null) {
            request.put("query", ShopifyOrdersQuery.RUN_BULK).putObject("variables").put("query", ShopifyOrdersQuery.bulkOrders(s.searchQuery));
            cost = ShopifyOrdersQuery.RUN_BULK_COST;
        } else {
            request.put("query", ShopifyOrdersQuery.BULK_STATUS).putObject("variables").put("id", s.bulkId);
            cost = ShopifyOrdersQuery.BULK_STATUS_COST;
        }
        s.paceMillis = Math.max(s.bulkWaitMillis, buckets.waitMillisFor(s.shop, cost));
        exchange.getMessage().setBody(json.writeValueAsString(request));
    }

    /** The bulk query started, still running, completed (its file downloaded), or refused, failed or late: page instead. */
    void readAnswer(ShopifyPollState s, JsonNode response) throws IOException, InterruptedException {
        s.hasMore = true;
        if (s.bulkId == null) {
            readStart(s, response.path("data").path("bulkOperationRunQuery"));
            return;
        }
        JsonNode op = response.path("data").path("bulkOperation");
        String status = op.path("status").asText("UNKNOWN");
        switch (status) {
            case "CREATED", "RUNNING" -> {
                s.bulkWaitMillis = s.bulkStatusMillis;
                if (System.nanoTime() - s.bulkStartedNanos > s.bulkTimeout.toNanos()) {
                    outcome("timed-out");
                    cancel(s);
                    pageInstead(s, "bulk operation " + s.bulkId + " still " + status + " after " + s.bulkTimeout);
                }
            }
            case "COMPLETED" -> {
                s.bulkRunning = false;
                s.bulkWaitMillis = 0;
                log.info("Shopify {}: bulk operation {} read {} orders changed in its window", s.shop, s.bulkId, op.path("rootObjectCount").asText("0"));
                if (!op.path("url").isTextual()) {
                    outcome("completed");
                    s.hasMore = false; // nothing changed in the window: Shopify gives no file
                    return;
                }
                s.bulkFile = download(s, op.path("url").asText());
                if (s.bulkFile == null) {
                    outcome("expired");
                    pageInstead(s, "the result of bulk operation " + s.bulkId + " can no longer be downloaded (its URL expired)");
                } else {
                    outcome("completed");
                }
            }
            default -> {
                // FAILED (ACCESS_DENIED, INTERNAL_SERVER_ERROR, TIMEOUT), CANCELED by someone else, EXPIRED
                s.bulkRunning = false;
                outcome("failed");
                pageInstead(s, "bulk operation " + s.bulkId + " ended " + status + " (" + op.path("errorCode").asText("no error code")
                        + (op.path("partialDataUrl").isTextual() ? ", its partial data left unused" : "") + ")");
            }
        }
    }

    private void readStart(ShopifyPollState s, JsonNode payload) {
        JsonNode errors = payload.path("userErrors");
        if (!errors.isEmpty()) {
            String code = errors.get(0).path("code").asText();
            if (!"LIMIT_REACHED".equals(code) && !"OPERATION_IN_PROGRESS".equals(code)) {
                throw new ShopifyApiException("Shopify " + s.shop + " refused the bulk orders query: " + errors);
            }
            outcome("refused");
            pageInstead(s, "Shopify runs as many bulk operations as it allows (" + code + ")");
            return;
        }
        s.bulkId = payload.path("bulkOperation").path("id").asText();
        s.bulkRunning = true;
        s.bulkStartedNanos = System.nanoTime();
        s.bulkWaitMillis = s.bulkStatusMillis;
        outcome("started");
    }

    private void pageInstead(ShopifyPollState s, String why) {
        log.warn("Shopify {}: {}; paging through the window since {} instead", s.shop, why, s.searchQuery);
        s.bulk = false;
        s.bulkId = null;
        s.bulkWaitMillis = 0;
        s.cursor = null;
    }

    /**
     * Cancels the bulk operation of a poll that no longer waits for it: left running it would hold one of the shop's
     * places, and the next poll starts its own. Best effort: if Shopify cannot be asked now, the operation runs out by itself.
     */
    void cancel(ShopifyPollState s) {
        s.bulkRunning = false;
        try {
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.CANCEL_BULK);
            request.putObject("variables").put("id", s.bulkId);
            JsonNode answer = calls.post(s, json.writeValueAsString(request));
            if (answer == null || ShopifyGraphqlCalls.isThrottled(answer)) {
                log.warn("Shopify {}: bulk operation {} not cancelled (Shopify {}); it runs out by itself", s.shop, s.bulkId,
                        answer == null ? "refused the token or failed" : "throttled the request");
                return;
            }
            ShopifyGraphqlCalls.throwOnErrors(answer);
            JsonNode errors = answer.path("data").path("bulkOperationCancel").path("userErrors");
            if (!errors.isEmpty()) {
                log.info("Shopify {}: bulk operation {} not cancelled: {}", s.shop, s.bulkId, errors);
                return;
            }
            outcome("cancelled");
            log.info("Shopify {}: bulk operation {} cancelled, its poll no longer waits for it", s.shop, s.bulkId);
        } catch (IOException | HttpOperationFailedException | RuntimeException e) {
            log.warn("Shopify {}: bulk operation {} not cancelled ({}); it runs out by itself", s.shop, s.bulkId, e.getMessage());
        }
    }

    private void outcome(String outcome) {
        meters.counter("kontor.channel.bulk.operations", "channel", "SHOPIFY", "outcome", outcome).increment();
    }

    /**
     * The result file, to disk: a signed URL of Shopify's storage, asked without the access token; null when the
     * storage refuses it (a signed URL expires).
     */
    private ShopifyBulkFile download(ShopifyPollState s, String url) throws IOException, InterruptedException {
        Path file = Files.createTempFile("kontor-shopify-bulk-", ".jsonl");
        try {
            HttpResponse<Path> answer = files.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
            if (answer.statusCode() == 200) {
                return new ShopifyBulkFile(file, json);
            }
            if (answer.statusCode() >= 500) {
                throw new IOException("Shopify " + s.shop + " bulk result " + s.bulkId + " could not be downloaded: HTTP " + answer.statusCode());
            }
            Files.deleteIfExists(file);
            log.warn("Shopify {}: bulk result {} refused with HTTP {}", s.shop, s.bulkId, answer.statusCode());
            return null;
        } catch (IOException | InterruptedException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Removes the downloaded file of a poll that read it or ended. */
    static void closeFile(ShopifyPollState s) {
        if (s != null && s.bulkFile != null) {
            try {
                s.bulkFile.close();
            } catch (IOException e) {
                log.warn("Shopify {}: bulk result file not removed: {}", s.shop, e.getMessage());
            }
            s.bulkFile = null;
        }
    }
}
