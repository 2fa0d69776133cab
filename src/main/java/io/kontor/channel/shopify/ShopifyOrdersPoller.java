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
 */
@Component("shopifyOrdersPoller")
public class ShopifyOrdersPoller {

    private static final Logger log = LoggerFactory.getLogger(ShopifyOrdersPoller.class);
    static final String STATE = "kontorShopifyPoll";
    static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";
    private static final String STREAM = "orders";

    private final Watermarks watermarks;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final MeterRegistry meters;
    private final ShopifyAccessTokens tokens;
    private final PollFreshness freshness;
    /** Bucket state per shop, carried across polls so the first request of a poll is paced too. */
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final RecentVersions handedOn = new RecentVersions();

    public ShopifyOrdersPoller(Watermarks watermarks, ObjectMapper json, ProducerTemplate producer, MeterRegistry meters,
                               ShopifyAccessTokens tokens, PollFreshness freshness) {
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

        PollState(ShopifyAccessTokens.Credentials credentials, String endpoint, int linesPerOrder, int pageSize,
                  String searchQuery, Duration overlap, Instant until) {
            this.until = until;
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

    /** Starts a poll: where to start from (watermark minus overlap) and how large pages may be. */
    public void begin(Exchange exchange, String shop, String baseUrl, String apiVersion, String accessToken, String clientId,
                      String clientSecret, String refreshToken, String overlap, String initialLookback, int linesPerOrder,
                      int maxQueryCost) {
        Instant since = watermarks.get(Channel.SHOPIFY.name(), shop, STREAM)
                .map(w -> w.minus(Duration.parse(overlap)))
                .orElseGet(() -> Instant.now().minus(Duration.parse(initialLookback)));
        // Bounded at the poll's start: under a steady stream of changes an open-ended poll would keep finding new
        // pages and never end; what changes meanwhile is the next poll's (the overlap covers a late search index).
        Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String q = "updated_at:>='" + DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS))
                + "' AND updated_at:<='" + DateTimeFormatter.ISO_INSTANT.format(until) + "'";
        String endpoint = baseUrl + "/admin/api/" + apiVersion + "/graphql.json";
        ShopifyAccessTokens.Credentials credentials = new ShopifyAccessTokens.Credentials(shop, baseUrl, accessToken, clientId,
                clientSecret, refreshToken);
        exchange.setProperty(STATE, new PollState(credentials, endpoint, linesPerOrder,
                ShopifyOrdersQuery.pageSizeFor(linesPerOrder, maxQueryCost), q, Duration.parse(overlap), until));
        freshness.readUpTo(Channel.SHOPIFY.name(), shop, STREAM, since);
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

    /**
     * Reads a page answer. Returns the page's orders not yet handed on as one JSON array, each order complete
     * with all its lines; an empty array and an unchanged cursor when Shopify throttled the request (the
     * kamelet retries after the pace).
     */
    public String readPage(Exchange exchange) throws IOException, InterruptedException, HttpOperationFailedException {
        PollState s = state(exchange);
        s.page = handedOn.page(s.shop);
        s.pageOrders = 0;
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (status == 401) {
            unauthorized(s, body);
            return "[]"; // the same page again, with a fresh token
        }
        s.unauthorized = 0;
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
        JsonNode orders = response.path("data").path("orders");
        ArrayNode out = json.createArrayNode();
        for (JsonNode order : orders.path("nodes")) {
            Instant updated = Instant.parse(order.path("updatedAt").asText());
            if (!s.page.isNew(order.path("id").asText(), updated, order.toString())) {
                continue;
            }
            if (order.path("lineItems").path("pageInfo").path("hasNextPage").asBoolean(false)) {
                completeLines(s, (ObjectNode) order);
            }
            out.add(order);
        }
        if (s.page.maxUpdatedAt() != null && (s.pollMaxUpdatedAt == null || s.page.maxUpdatedAt().isAfter(s.pollMaxUpdatedAt))) {
            s.pollMaxUpdatedAt = s.page.maxUpdatedAt();
        }
        JsonNode pageInfo = orders.path("pageInfo");
        s.hasMore = pageInfo.path("hasNextPage").asBoolean(false);
        s.cursor = pageInfo.path("endCursor").isTextual() ? pageInfo.path("endCursor").asText() : s.cursor;
        s.pages++;
        s.orders += out.size();
        s.pageOrders = out.size();
        meters.counter("kontor.orders.received", "channel", "SHOPIFY").increment(out.size());
        return json.writeValueAsString(out);
    }

    /** After the page's orders are on Kafka: the watermark moves up to the newest change seen. */
    public void commitPage(Exchange exchange) {
        PollState s = state(exchange);
        if (s.page != null && s.page.maxUpdatedAt() != null) {
            watermarks.advance(Channel.SHOPIFY.name(), s.shop, STREAM, s.page.maxUpdatedAt());
            s.page.commit(s.overlap);
        }
        if (!s.hasMore) {
            freshness.readUpTo(Channel.SHOPIFY.name(), s.shop, STREAM, s.until);
            if (s.orders > 0) {
                log.debug("Shopify {}: {} order versions in {} pages, watermark {}", s.shop, s.orders, s.pages, s.pollMaxUpdatedAt);
            }
        }
    }

    private void completeLines(PollState s, ObjectNode order) throws IOException, InterruptedException, HttpOperationFailedException {
        ObjectNode lineItems = (ObjectNode) order.get("lineItems");
        ArrayNode nodes = (ArrayNode) lineItems.get("nodes");
        String after = lineItems.path("pageInfo").path("endCursor").asText(null);
        boolean more = true;
        while (more) {
            ObjectNode variables = json.createObjectNode().put("id", order.path("id").asText());
            if (after != null) {
                variables.put("after", after);
            }
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.MORE_LINES);
            request.set("variables", variables);
            long wait = bucket(s.shop).waitMillisFor(ShopifyOrdersQuery.MORE_LINES_COST);
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait); // pacing demanded by Shopify's cost bucket
            }
            JsonNode response = post(s, json.writeValueAsString(request));
            if (response == null) {
                continue; // 401: asked again with a fresh token
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
        ObjectNode pageInfo = json.createObjectNode().put("hasNextPage", false);
        pageInfo.putNull("endCursor");
        lineItems.set("pageInfo", pageInfo);
    }

    /** One follow-up query outside the kamelet's own request: the answer, or null after a 401. */
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
