package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.channel.RecentVersions;
import io.kontor.model.Channel;
import io.kontor.platform.PollFreshness;
import io.kontor.platform.Watermarks;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The logic behind the {@code shopify-orders-source} kamelet: builds each page request from the persisted
 * watermark and the cursor, paces requests from Shopify's {@code extensions.cost} so the bucket is never
 * overdrawn, reads pages (fetching the rest of an order's lines when they span pages) and advances the
 * watermark only after the page's orders were handed on. Order versions this process already handed on
 * are left out when the overlap window reads them again; after a restart they go out once more and are
 * recognised downstream.
 * <p>
 * A poll whose window reaches further back than {@code bulkAfter} (the first poll, or a backstop that fell behind at a
 * sales peak) reads it as one bulk operation instead, as Shopify advises for large reads: it starts
 * {@code bulkOperationRunQuery}, asks for its status every {@code bulkStatusInterval} ms, downloads the JSONL file and
 * hands its orders on a page at a time; the watermark moves once the whole file is handed on. When Shopify refuses
 * the bulk query (too many running) or the operation fails, the poll pages through the window instead; a poll that ends
 * while its bulk operation still runs cancels it, so it does not hold one of the shop's few places.
 * <p>
 * A server error or HTTP 429 is answered by sending the same request again after a growing pause; after
 * {@value #SERVER_ERROR_TRIES} such answers in a row the poll gives up and the next one starts again from the watermark.
 */
@Component("shopifyOrdersPoller")
public class ShopifyOrdersPoller {

    private static final Logger log = LoggerFactory.getLogger(ShopifyOrdersPoller.class);
    static final String STATE = "kontorShopifyPoll";
    static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";
    private static final String STREAM = "orders";
    /** Orders of a bulk file handed on as one message: no query cost limits it, Shopify's largest page does. */
    private static final int BULK_PAGE = 250;
    /** Answers in a row with a server error (or 429) after which a poll gives up: about half a minute of pauses at 500 ms. */
    static final int SERVER_ERROR_TRIES = 7;

    private final Watermarks watermarks;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final MeterRegistry meters;
    private final ShopifyAccessTokens tokens;
    private final PollFreshness freshness;
    /** Bucket state per shop, carried across polls so the first request of a poll is paced too. */
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final RecentVersions handedOn = new RecentVersions();
    private final java.net.http.HttpClient files = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();

    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final ShopifyChannelProperties props;

    public ShopifyOrdersPoller(Watermarks watermarks, ObjectMapper json, ProducerTemplate producer, MeterRegistry meters,
                               ShopifyAccessTokens tokens, PollFreshness freshness, ShopifyChannelProperties props) {
        this.props = props;
        this.tokens = tokens;
        this.freshness = freshness;
        this.watermarks = watermarks;
        this.json = json;
        this.producer = producer;
        this.meters = meters;
    }

    /** One poll's progress, kept as an exchange property while the kamelet loops over pages. */
    public static final class PollState {
        final String shop;
        final String endpoint;
        final ShopifyAccessTokens.Credentials credentials;
        /** The access token the last request carried. */
        String token;
        int unauthorized;
        /** Server errors answered in a row, and the pause before the same request is sent again. */
        int serverErrors;
        long retryMillis;
        final long retryPauseMillis;
        final int linesPerOrder;
        final int pageSize;
        final String searchQuery;
        final Duration overlap;
        /** The poll reads changes up to this second. */
        final Instant until;
        String cursor;
        boolean hasMore = true;
        long paceMillis;
        Instant pollMaxUpdatedAt;
        int orders;
        int pages;
        int pageOrders;
        /** The versions of the current page, remembered as handed on once the page is committed. */
        RecentVersions.Page page;
        /** The next request counts the orders changed since what was last read, to choose between pages and bulk. */
        boolean counting;
        /** At least this many orders changed after {@link #unread} make the poll read its window in bulk (0: never counts). */
        final int bulkAbove;
        /** Up to when the last complete poll read every change: only changes after it are counted. */
        final Instant unread;
        /** The window is read as one bulk operation: its id once started, its file once downloaded. */
        boolean bulk;
        final long bulkStatusMillis;
        String bulkId;
        /** Started and neither finished nor given up: a poll that ends now leaves it to be cancelled. */
        boolean bulkRunning;
        long bulkWaitMillis;
        ShopifyBulkFile bulkFile;
        /** False while the next page comes from the downloaded bulk file rather than from an HTTP request. */
        boolean sendsRequest = true;

        PollState(ShopifyAccessTokens.Credentials credentials, String endpoint, int linesPerOrder, int pageSize,
                  String searchQuery, Duration overlap, Instant until, boolean bulk, long bulkStatusMillis, int bulkAbove,
                  Instant unread, long retryPauseMillis) {
            this.until = until;
            this.retryPauseMillis = retryPauseMillis;
            this.bulk = bulk;
            this.bulkAbove = bulkAbove;
            this.unread = unread;
            this.counting = !bulk && bulkAbove > 0;
            this.bulkStatusMillis = bulkStatusMillis;
            this.shop = credentials.shop();
            this.credentials = credentials;
            this.endpoint = endpoint;
            this.linesPerOrder = linesPerOrder;
            this.pageSize = pageSize;
            this.searchQuery = searchQuery;
            this.overlap = overlap;
        }

        public boolean isHasMore() {
            return hasMore;
        }

        public long getPaceMillis() {
            return paceMillis;
        }

        public boolean isSendsRequest() {
            return sendsRequest;
        }

        /** Orders of the last page read that are to be handed on. */
        public int getPageOrders() {
            return pageOrders;
        }
    }

    private static final class Bucket {
        double available = -1;
        double restoreRate;
        double maximum;
        long observedNanos;

        synchronized long waitMillisFor(int cost) {
            if (available < 0 || restoreRate <= 0) {
                return 0;
            }
            double elapsed = (System.nanoTime() - observedNanos) / 1e9;
            double now = Math.min(maximum, available + elapsed * restoreRate);
            return now >= cost ? 0 : (long) Math.ceil((cost - now) / restoreRate * 1000);
        }

        synchronized void observe(JsonNode throttleStatus) {
            if (throttleStatus.isMissingNode()) {
                return;
            }
            available = throttleStatus.path("currentlyAvailable").asDouble(available);
            restoreRate = throttleStatus.path("restoreRate").asDouble(restoreRate);
            maximum = throttleStatus.path("maximumAvailable").asDouble(maximum);
            observedNanos = System.nanoTime();
        }
    }

    /**
     * Starts a poll: where to start from (watermark minus overlap), how large pages may be, and whether the window is
     * read as a bulk operation: when it reaches back further than {@code bulkAfter} (an ISO-8601 duration; empty:
     * never), or when at least {@code bulkAbove} orders (0: never) changed since what the last poll read — the first
     * request of the poll then counts them.
     */
    public void begin(Exchange exchange, String shop, String baseUrl, String apiVersion, String clientId, String overlap,
                      String initialLookback, int linesPerOrder, int maxQueryCost, String bulkAfter, long bulkStatusInterval,
                      int bulkAbove, long retryPause) {
        // the access token, client secret and refresh token come from kontor.channels.shopify: secrets never travel in a route
        String accessToken = props.accessToken();
        String clientSecret = props.clientSecret();
        String refreshToken = props.refreshToken();
        Instant since = watermarks.get(ShopifyChannel.SHOPIFY.name(), shop, STREAM)
                .map(w -> w.minus(Duration.parse(overlap)))
                .orElseGet(() -> Instant.now().minus(Duration.parse(initialLookback)));
        // Bounded at the poll's start: under a steady stream of changes an open-ended poll would keep finding new
        // pages and never end; what changes meanwhile is the next poll's (the overlap covers a late search index).
        Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String q = changedBetween(">=", since, until);
        String endpoint = baseUrl + "/admin/api/" + apiVersion + "/graphql.json";
        ShopifyAccessTokens.Credentials credentials = new ShopifyAccessTokens.Credentials(shop, baseUrl, accessToken, clientId,
                clientSecret, refreshToken);
        // behind is what no poll of this process has read yet; a quiet shop's watermark stands still, but its polls end
        Instant unread = freshness.lastReadUpTo(ShopifyChannel.SHOPIFY.name(), shop, STREAM).orElse(since);
        boolean bulk = bulkAfter != null && !bulkAfter.isBlank() && unread.isBefore(until.minus(Duration.parse(bulkAfter)));
        exchange.setProperty(STATE, new PollState(credentials, endpoint, linesPerOrder,
                ShopifyOrdersQuery.pageSizeFor(linesPerOrder, maxQueryCost), q, Duration.parse(overlap), until, bulk, bulkStatusInterval,
                bulkAbove, unread, retryPause));
        // a failed poll leaves no file and no running bulk operation behind
        exchange.getExchangeExtension().addOnCompletion(new org.apache.camel.support.SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                PollState s = done.getProperty(STATE, PollState.class);
                closeBulkFile(s);
                if (s != null && s.bulkRunning) {
                    cancelBulk(s);
                }
            }
        });
        freshness.readUpTo(ShopifyChannel.SHOPIFY.name(), shop, STREAM, since);
    }

    /** Shopify's search for orders changed after (op {@code >}) or from ({@code >=}) a second, up to another. */
    private static String changedBetween(String op, Instant from, Instant until) {
        return "updated_at:" + op + "'" + DateTimeFormatter.ISO_INSTANT.format(from.truncatedTo(ChronoUnit.SECONDS))
                + "' AND updated_at:<='" + DateTimeFormatter.ISO_INSTANT.format(until) + "'";
    }

    /** Puts the shop's current access token on the request (refreshing an expiring one when due). */
    public void authorize(Exchange exchange) {
        PollState s = state(exchange);
        s.token = tokens.tokenFor(s.credentials);
        exchange.getMessage().setHeader(ACCESS_TOKEN_HEADER, s.token);
    }

    /** The next page request as the HTTP body, and how long to wait before sending it. */
    public void nextRequest(Exchange exchange) throws IOException {
        PollState s = state(exchange);
        prepareRequest(exchange, s);
        s.paceMillis = Math.max(s.paceMillis, s.retryMillis);
    }

    private void prepareRequest(Exchange exchange, PollState s) throws IOException {
        if (s.counting) {
            // only what no poll read yet counts: the overlap is read again by every poll
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.ORDERS_COUNT);
            request.putObject("variables").put("limit", s.bulkAbove).put("q", changedBetween(">", s.unread, s.until));
            s.paceMillis = bucket(s.shop).waitMillisFor(ShopifyOrdersQuery.ORDERS_COUNT_COST);
            exchange.getMessage().setBody(json.writeValueAsString(request));
            return;
        }
        if (s.bulk) {
            nextBulkRequest(exchange, s);
            return;
        }
        ObjectNode variables = json.createObjectNode().put("first", s.pageSize).put("q", s.searchQuery);
        if (s.cursor != null) {
            variables.put("after", s.cursor);
        }
        ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.ordersSince(s.linesPerOrder));
        request.set("variables", variables);
        s.paceMillis = bucket(s.shop).waitMillisFor(ShopifyOrdersQuery.requestedCostOf(s.pageSize, s.linesPerOrder));
        if (s.paceMillis > 0) {
            meters.counter("kontor.channel.paced", "channel", "SHOPIFY").increment();
        }
        exchange.getMessage().setBody(json.writeValueAsString(request));
    }

    /** Starting the bulk query, asking for its status, or (no request) the next orders of its file. */
    private void nextBulkRequest(Exchange exchange, PollState s) throws IOException {
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
        s.paceMillis = Math.max(s.bulkWaitMillis, bucket(s.shop).waitMillisFor(cost));
        exchange.getMessage().setBody(json.writeValueAsString(request));
    }

    /**
     * Reads a page answer. Returns the page's orders not yet handed on as one JSON array, each order complete
     * with all its lines; an empty array and an unchanged cursor when Shopify throttled the request (the
     * kamelet retries after the pace).
     */
    public String readPage(Exchange exchange) throws IOException, InterruptedException, HttpOperationFailedException {
        PollState s = state(exchange);
        s.page = handedOn.page(s.shop);
        s.pageOrders = 0;
        if (!s.sendsRequest) {
            List<JsonNode> orders = s.bulkFile.next(BULK_PAGE);
            s.hasMore = !s.bulkFile.done();
            return handOn(s, orders);
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (status == 401) {
            unauthorized(s, body);
            return "[]"; // the same page again, with a fresh token
        }
        s.unauthorized = 0;
        if (serverError(s, status, body)) {
            return "[]"; // the same request again after the pause
        }
        JsonNode response = readAnswer(s, status, body);
        Bucket bucket = bucket(s.shop);
        bucket.observe(response.path("extensions").path("cost").path("throttleStatus"));
        if (isThrottled(response)) {
            int requested = response.path("extensions").path("cost").path("requestedQueryCost").asInt(0);
            s.paceMillis = Math.max(bucket.waitMillisFor(requested), 100);
            meters.counter("kontor.channel.throttled", "channel", "SHOPIFY").increment();
            log.debug("Shopify {} throttled the orders query; next try in {} ms", s.shop, s.paceMillis);
            return "[]";
        }
        if (status >= 300) {
            throw new HttpOperationFailedException(s.endpoint, status, "Shopify answered " + status, null, Map.of(), body);
        }
        throwOnErrors(response);
        if (s.counting) {
            readCount(s, response.path("data").path("ordersCount"));
            return "[]";
        }
        if (s.bulk) {
            readBulkAnswer(s, response);
            return "[]";
        }
        JsonNode orders = response.path("data").path("orders");
        JsonNode pageInfo = orders.path("pageInfo");
        s.hasMore = pageInfo.path("hasNextPage").asBoolean(false);
        s.cursor = pageInfo.path("endCursor").isTextual() ? pageInfo.path("endCursor").asText() : s.cursor;
        return handOn(s, orders.path("nodes"));
    }

    /** The orders of a page not yet handed on, each with all its lines, as one JSON array. */
    private String handOn(PollState s, Iterable<JsonNode> orders) throws IOException, InterruptedException, HttpOperationFailedException {
        ArrayNode out = json.createArrayNode();
        for (JsonNode order : orders) {
            Instant updated = Instant.parse(order.path("updatedAt").asText());
            // how the lines were paged is not part of the version: a page and a bulk file say the same
            JsonNode linePage = order.path("lineItems") instanceof ObjectNode lineItems ? lineItems.remove("pageInfo") : null;
            if (!s.page.isNew(order.path("id").asText(), updated, order.toString())) {
                continue;
            }
            if (linePage != null && linePage.path("hasNextPage").asBoolean(false)) {
                completeLines(s, (ObjectNode) order, linePage.path("endCursor").asText(null));
            }
            out.add(order);
        }
        if (s.page.maxUpdatedAt() != null && (s.pollMaxUpdatedAt == null || s.page.maxUpdatedAt().isAfter(s.pollMaxUpdatedAt))) {
            s.pollMaxUpdatedAt = s.page.maxUpdatedAt();
        }
        s.pages++;
        s.orders += out.size();
        s.pageOrders = out.size();
        meters.counter("kontor.orders.received", "channel", "SHOPIFY").increment(out.size());
        return json.writeValueAsString(out);
    }

    /**
     * True for a server error or 429, to be asked again once {@code retryMillis} passed (the seventh in a row ends the
     * poll); any other answer ends a run of them.
     */
    private boolean serverError(PollState s, int status, String body) {
        if (status < 500 && status != 429) {
            s.serverErrors = 0;
            s.retryMillis = 0;
            return false;
        }
        meters.counter("kontor.channel.server.errors", "channel", "SHOPIFY").increment();
        if (++s.serverErrors >= SERVER_ERROR_TRIES) {
            throw new ShopifyApiException("Shopify " + s.shop + " answered HTTP " + status + " to " + s.serverErrors
                    + " requests in a row; the poll ends, the next one starts again from the watermark: "
                    + (body == null ? "" : body.substring(0, Math.min(200, body.length()))));
        }
        s.retryMillis = Math.min(30_000, s.retryPauseMillis << (s.serverErrors - 1));
        log.warn("Shopify {} answered HTTP {} ({} in a row); next try in {} ms", s.shop, status, s.serverErrors, s.retryMillis);
        return true;
    }

    /** Enough unread changes to read the window in bulk (the next request starts the bulk query), or pages. */
    private void readCount(PollState s, JsonNode count) {
        s.counting = false;
        s.hasMore = true;
        if (count.path("count").asInt(0) >= s.bulkAbove) {
            log.info("Shopify {}: {}{} orders changed since {}, reading the window in bulk", s.shop,
                    "AT_LEAST".equals(count.path("precision").asText()) ? "at least " : "", count.path("count").asInt(), s.unread);
            s.bulk = true;
        }
    }

    /** The bulk query started, still running, completed (its file downloaded), or refused or failed: page instead. */
    private void readBulkAnswer(PollState s, JsonNode response) throws IOException, InterruptedException {
        s.hasMore = true;
        if (s.bulkId == null) {
            JsonNode payload = response.path("data").path("bulkOperationRunQuery");
            JsonNode errors = payload.path("userErrors");
            if (!errors.isEmpty()) {
                String code = errors.get(0).path("code").asText();
                if (!"LIMIT_REACHED".equals(code) && !"OPERATION_IN_PROGRESS".equals(code)) {
                    throw new ShopifyApiException("Shopify " + s.shop + " refused the bulk orders query: " + errors);
                }
                bulkOutcome("refused");
                pageInstead(s, "Shopify runs as many bulk operations as it allows (" + code + ")");
                return;
            }
            s.bulkId = payload.path("bulkOperation").path("id").asText();
            s.bulkRunning = true;
            s.bulkWaitMillis = s.bulkStatusMillis;
            bulkOutcome("started");
            return;
        }
        JsonNode op = response.path("data").path("bulkOperation");
        String status = op.path("status").asText("UNKNOWN");
        switch (status) {
            case "CREATED", "RUNNING" -> s.bulkWaitMillis = s.bulkStatusMillis;
            case "COMPLETED" -> {
                s.bulkRunning = false;
                s.bulkWaitMillis = 0;
                bulkOutcome("completed");
                log.info("Shopify {}: bulk operation {} read {} orders changed in its window", s.shop, s.bulkId, op.path("rootObjectCount").asText("0"));
                if (op.path("url").isTextual()) {
                    s.bulkFile = download(s, op.path("url").asText());
                } else {
                    s.hasMore = false; // nothing changed in the window: Shopify gives no file
                }
            }
            default -> {
                s.bulkRunning = false;
                bulkOutcome("failed");
                pageInstead(s, "bulk operation " + s.bulkId + " ended " + status + " (" + op.path("errorCode").asText("no error code") + ")");
            }
        }
    }

    private void pageInstead(PollState s, String why) {
        log.warn("Shopify {}: {}; paging through the window since {} instead", s.shop, why, s.searchQuery);
        s.bulk = false;
        s.bulkId = null;
        s.bulkWaitMillis = 0;
        s.cursor = null;
    }

    /**
     * Cancels the bulk operation of a poll that ended before it: left running it would hold one of the shop's places,
     * and the next poll starts its own. Best effort: if Shopify cannot be asked now, the operation runs out by itself.
     */
    private void cancelBulk(PollState s) {
        s.bulkRunning = false;
        try {
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.CANCEL_BULK);
            request.putObject("variables").put("id", s.bulkId);
            JsonNode answer = post(s, json.writeValueAsString(request));
            if (answer == null || isThrottled(answer)) {
                log.warn("Shopify {}: bulk operation {} of an ended poll not cancelled (Shopify {}); it runs out by itself", s.shop, s.bulkId,
                        answer == null ? "refused the token or failed" : "throttled the request");
                return;
            }
            throwOnErrors(answer);
            JsonNode errors = answer.path("data").path("bulkOperationCancel").path("userErrors");
            if (!errors.isEmpty()) {
                log.info("Shopify {}: bulk operation {} of an ended poll not cancelled: {}", s.shop, s.bulkId, errors);
                return;
            }
            bulkOutcome("cancelled");
            log.info("Shopify {}: bulk operation {} cancelled, its poll ended before it", s.shop, s.bulkId);
        } catch (IOException | HttpOperationFailedException | RuntimeException e) {
            log.warn("Shopify {}: bulk operation {} of an ended poll not cancelled ({}); it runs out by itself", s.shop, s.bulkId, e.getMessage());
        }
    }

    private void bulkOutcome(String outcome) {
        meters.counter("kontor.channel.bulk.operations", "channel", "SHOPIFY", "outcome", outcome).increment();
    }

    /** The result file, to disk: a signed URL of Shopify's storage, asked without the access token. */
    private ShopifyBulkFile download(PollState s, String url) throws IOException, InterruptedException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("kontor-shopify-bulk-", ".jsonl");
        try {
            java.net.http.HttpResponse<java.nio.file.Path> answer = files.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .timeout(Duration.ofMinutes(10)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofFile(file));
            if (answer.statusCode() != 200) {
                throw new IOException("Shopify " + s.shop + " bulk result " + s.bulkId + " could not be downloaded: HTTP " + answer.statusCode());
            }
            return new ShopifyBulkFile(file, json);
        } catch (IOException | InterruptedException | RuntimeException e) {
            java.nio.file.Files.deleteIfExists(file);
            throw e;
        }
    }

    private static void closeBulkFile(PollState s) {
        if (s != null && s.bulkFile != null) {
            try {
                s.bulkFile.close();
            } catch (IOException e) {
                log.warn("Shopify {}: bulk result file not removed: {}", s.shop, e.getMessage());
            }
            s.bulkFile = null;
        }
    }

    /** After the page's orders are on Kafka: the watermark moves up to the newest change seen. */
    public void commitPage(Exchange exchange) {
        PollState s = state(exchange);
        if (s.page != null && s.page.maxUpdatedAt() != null) {
            // a bulk file is in no particular order of change: its watermark moves once all of it is handed on
            if (!s.bulk) {
                watermarks.advance(ShopifyChannel.SHOPIFY.name(), s.shop, STREAM, s.page.maxUpdatedAt());
            }
            s.page.commit(s.overlap);
        }
        if (!s.hasMore) {
            if (s.bulk && s.pollMaxUpdatedAt != null) {
                watermarks.advance(ShopifyChannel.SHOPIFY.name(), s.shop, STREAM, s.pollMaxUpdatedAt);
            }
            closeBulkFile(s);
            freshness.readUpTo(ShopifyChannel.SHOPIFY.name(), s.shop, STREAM, s.until);
            if (s.orders > 0) {
                log.debug("Shopify {}: {} order versions in {} pages, watermark {}", s.shop, s.orders, s.pages, s.pollMaxUpdatedAt);
            }
        }
    }

    private void completeLines(PollState s, ObjectNode order, String after) throws IOException, InterruptedException, HttpOperationFailedException {
        ArrayNode nodes = (ArrayNode) order.get("lineItems").get("nodes");
        boolean more = true;
        while (more) {
            ObjectNode variables = json.createObjectNode().put("id", order.path("id").asText());
            if (after != null) {
                variables.put("after", after);
            }
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.MORE_LINES);
            request.set("variables", variables);
            long wait = Math.max(s.retryMillis, bucket(s.shop).waitMillisFor(ShopifyOrdersQuery.MORE_LINES_COST));
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait); // pacing demanded by Shopify's cost bucket, or the pause after a server error
            }
            JsonNode response = post(s, json.writeValueAsString(request));
            if (response == null) {
                continue; // asked again: with a fresh token after a 401, after the pause after a server error
            }
            bucket(s.shop).observe(response.path("extensions").path("cost").path("throttleStatus"));
            if (isThrottled(response)) {
                meters.counter("kontor.channel.throttled", "channel", "SHOPIFY").increment();
                continue;
            }
            throwOnErrors(response);
            JsonNode page = response.path("data").path("order").path("lineItems");
            page.path("nodes").forEach(nodes::add);
            more = page.path("pageInfo").path("hasNextPage").asBoolean(false);
            after = page.path("pageInfo").path("endCursor").asText(null);
        }
    }

    /** One follow-up query outside the kamelet's own request: the answer, or null after a 401 or a server error. */
    private JsonNode post(PollState s, String request) throws IOException, HttpOperationFailedException {
        String token = tokens.tokenFor(s.credentials);
        Exchange answer = producer.request(s.endpoint + "?throwExceptionOnFailure=false", e -> {
            e.getMessage().setHeader(ACCESS_TOKEN_HEADER, token);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setBody(request);
        });
        if (answer.getException() != null) {
            throw new IOException("Shopify " + s.shop + " unreachable: " + answer.getException().getMessage(), answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = answer.getMessage().getBody(String.class);
        s.token = token;
        if (status == 401) {
            unauthorized(s, body);
            return null;
        }
        s.unauthorized = 0;
        if (serverError(s, status, body)) {
            return null;
        }
        JsonNode response = readAnswer(s, status, body);
        if (status >= 300 && !isThrottled(response)) {
            throw new HttpOperationFailedException(s.endpoint, status, "Shopify answered " + status, null, Map.of(), body);
        }
        return response;
    }

    /** A 401 drops the token; a second one in a row means a fresh token is refused too, which no retry fixes. */
    private void unauthorized(PollState s, String body) {
        tokens.rejected(s.credentials, s.token);
        meters.counter("kontor.channel.unauthorized", "channel", "SHOPIFY").increment();
        if (++s.unauthorized > 1) {
            throw new ShopifyApiException("Shopify " + s.shop + " refuses the access token (401): " + body);
        }
        s.paceMillis = 0;
    }

    /** The JSON answer; a server error page that is not JSON goes to the error policy as the HTTP failure it is. */
    private JsonNode readAnswer(PollState s, int status, String body) throws IOException, HttpOperationFailedException {
        try {
            return json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            if (status >= 300) {
                throw new HttpOperationFailedException(s.endpoint, status, "Shopify answered " + status, null, Map.of(), body);
            }
            throw e;
        }
    }

    private static boolean isThrottled(JsonNode response) {
        for (JsonNode e : response.path("errors")) {
            if ("THROTTLED".equals(e.path("extensions").path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void throwOnErrors(JsonNode response) {
        JsonNode errors = response.path("errors");
        if (!errors.isMissingNode() && !errors.isNull() && !(errors.isArray() && errors.isEmpty())) {
            throw new ShopifyApiException("Shopify answered with errors: " + errors);
        }
    }

    private Bucket bucket(String shop) {
        return buckets.computeIfAbsent(shop, k -> new Bucket());
    }

    private static PollState state(Exchange exchange) {
        PollState s = exchange.getProperty(STATE, PollState.class);
        if (s == null) {
            throw new IllegalStateException("begin() was not called for this poll");
        }
        return s;
    }
}
