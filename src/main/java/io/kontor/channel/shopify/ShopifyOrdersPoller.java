package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.channel.RecentVersions;
import io.kontor.platform.PollFreshness;
import io.kontor.platform.Watermarks;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The logic behind the {@code shopify-orders-source} kamelet, one poll at a time: the window from the watermark
 * ({@link ShopifyPollWindow}), pages paced from Shopify's cost bucket ({@link ShopifyCostBuckets}) with the rest of an
 * order's lines fetched when they span pages, or the window read in bulk ({@link ShopifyBulkRead}), and answers that
 * are no answer asked again ({@link ShopifyRetryPolicy}). Order versions this process already handed on are left out
 * when the overlap reads them again; after a restart they go out once more and are recognised downstream.
 */
@Component("shopifyOrdersPoller")
public class ShopifyOrdersPoller {

    private static final Logger log = LoggerFactory.getLogger(ShopifyOrdersPoller.class);
    static final String STATE = "kontorShopifyPoll";
    static final String ACCESS_TOKEN_HEADER = ShopifyGraphqlCalls.ACCESS_TOKEN_HEADER;
    /** Orders of a bulk file handed on as one message: no query cost limits it, Shopify's largest page does. */
    private static final int BULK_PAGE = 250;

    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ShopifyAccessTokens tokens;
    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final ShopifyChannelProperties props;
    private final ShopifyPollWindow window;
    private final ShopifyCostBuckets buckets;
    private final ShopifyRetryPolicy retry;
    private final ShopifyGraphqlCalls calls;
    private final ShopifyBulkRead bulk;
    private final ShopifyOrderVisibility visibility;
    private final RecentVersions handedOn = new RecentVersions();

    public ShopifyOrdersPoller(Watermarks watermarks, ObjectMapper json, ProducerTemplate producer, MeterRegistry meters,
                               ShopifyAccessTokens tokens, PollFreshness freshness, ShopifyChannelProperties props,
                               ShopifyCostBuckets buckets) {
        this.buckets = buckets;
        this.json = json;
        this.meters = meters;
        this.tokens = tokens;
        this.props = props;
        this.window = new ShopifyPollWindow(watermarks, freshness);
        this.retry = new ShopifyRetryPolicy(meters, tokens);
        this.calls = new ShopifyGraphqlCalls(json, producer, tokens, retry);
        this.bulk = new ShopifyBulkRead(json, meters, buckets, calls);
        this.visibility = new ShopifyOrderVisibility(json, calls);
    }

    /**
     * Starts a poll: where to start from (watermark minus overlap), how large pages may be, and whether the window is
     * read as a bulk operation: when it reaches back further than {@code bulkAfter} (an ISO-8601 duration; empty:
     * never), or when at least {@code bulkAbove} orders (0: never) changed since what the last poll read — the first
     * request of the poll then counts them. A bulk operation still running after {@code bulkTimeout} is cancelled.
     */
    public void begin(Exchange exchange, String shop, String baseUrl, String apiVersion, String clientId, String overlap,
                      String initialLookback, int linesPerOrder, int maxQueryCost, String bulkAfter, long bulkStatusInterval,
                      String bulkTimeout, int bulkAbove, long retryPause) {
        ShopifyPollWindow.Bounds bounds = window.open(shop, Duration.parse(overlap), Duration.parse(initialLookback));
        // the access token, client secret and refresh token come from kontor.channels.shopify: secrets never travel in a route
        ShopifyAccessTokens.Credentials credentials = new ShopifyAccessTokens.Credentials(shop, baseUrl, props.accessToken(), clientId,
                props.clientSecret(), props.refreshToken());
        java.util.function.Function<ShopifyPollWindow.Bounds, ShopifyPollState> stateOf = b -> new ShopifyPollState(credentials,
                baseUrl + "/admin/api/" + apiVersion + "/graphql.json", linesPerOrder, ShopifyOrdersQuery.pageSizeFor(linesPerOrder, maxQueryCost),
                ShopifyPollWindow.changedBetween(">=", b.since(), b.until()), Duration.parse(overlap), b.until(),
                bulkAfter != null && !bulkAfter.isBlank() && b.unread().isBefore(b.until().minus(Duration.parse(bulkAfter))),
                bulkStatusInterval, Duration.parse(bulkTimeout), bulkAbove, b.unread(), retryPause);
        java.time.Instant visibleFrom = bounds.until().minus(ShopifyOrderVisibility.WITHOUT_READ_ALL_ORDERS);
        if (bounds.since().isBefore(visibleFrom) && !visibility.seesAllOrders(stateOf.apply(bounds))) {
            log.warn("Shopify {}: the app lacks read_all_orders, so Shopify shows it only orders created since {}; the poll reads from there"
                    + " (orders created before, and their later changes, come by webhook only)", shop, visibleFrom);
            bounds = bounds.from(visibleFrom);
        }
        exchange.setProperty(STATE, stateOf.apply(bounds));
        // a failed poll leaves no file and no running bulk operation behind
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ShopifyPollState s = done.getProperty(STATE, ShopifyPollState.class);
                ShopifyBulkRead.closeFile(s);
                if (s != null && s.bulkRunning) {
                    bulk.cancel(s);
                }
            }
        });
    }

    /** Puts the shop's current access token on the request (refreshing an expiring one when due). */
    public void authorize(Exchange exchange) {
        ShopifyPollState s = state(exchange);
        s.token = tokens.tokenFor(s.credentials);
        exchange.getMessage().setHeader(ACCESS_TOKEN_HEADER, s.token);
    }

    /** The next request as the HTTP body, and how long to wait before sending it. */
    public void nextRequest(Exchange exchange) throws IOException {
        ShopifyPollState s = state(exchange);
        if (s.counting) {
            // only what no poll read yet counts: the overlap is read again by every poll
            bulk.countRequest(exchange, s, ShopifyPollWindow.changedBetween(">", s.unread, s.until));
        } else if (s.bulk) {
            bulk.nextRequest(exchange, s);
        } else {
            ObjectNode variables = json.createObjectNode().put("first", s.pageSize).put("q", s.searchQuery);
            if (s.cursor != null) {
                variables.put("after", s.cursor);
            }
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.ordersSince(s.linesPerOrder));
            request.set("variables", variables);
            s.paceMillis = buckets.reserve(s.shop, ShopifyOrdersQuery.requestedCostOf(s.pageSize, s.linesPerOrder));
            if (s.paceMillis > 0) {
                meters.counter("kontor.channel.paced", "channel", "SHOPIFY").increment();
            }
            exchange.getMessage().setBody(json.writeValueAsString(request));
        }
        s.paceMillis = Math.max(s.paceMillis, s.retryMillis);
    }

    /**
     * Reads a page answer. Returns the page's orders not yet handed on as one JSON array, each order complete
     * with all its lines; an empty array and an unchanged cursor when Shopify throttled the request (the
     * kamelet retries after the pace).
     */
    public String readPage(Exchange exchange) throws IOException, InterruptedException, HttpOperationFailedException {
        ShopifyPollState s = state(exchange);
        s.page = handedOn.page(s.shop);
        s.pageOrders = 0;
        if (!s.sendsRequest) {
            List<JsonNode> orders = s.bulkFile.next(BULK_PAGE);
            s.hasMore = !s.bulkFile.done();
            return handOn(s, orders);
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (retry.unauthorized(s, status, body)) {
            return "[]"; // the same page again, with a fresh token
        }
        if (retry.serverError(s, status, body)) {
            return "[]"; // the same request again after the pause
        }
        JsonNode response = calls.read(s, status, body);
        buckets.observe(s.shop, response);
        if (ShopifyGraphqlCalls.isThrottled(response)) {
            int requested = response.path("extensions").path("cost").path("requestedQueryCost").asInt(0);
            s.paceMillis = Math.max(buckets.waitMillisFor(s.shop, requested), 100);
            meters.counter("kontor.channel.throttled", "channel", "SHOPIFY").increment();
            log.debug("Shopify {} throttled the orders query; next try in {} ms", s.shop, s.paceMillis);
            return "[]";
        }
        if (status >= 300) {
            throw ShopifyGraphqlCalls.failed(s, status, body);
        }
        ShopifyGraphqlCalls.throwOnErrors(response);
        if (s.counting) {
            bulk.readCount(s, response.path("data").path("ordersCount"));
            return "[]";
        }
        if (s.bulk) {
            bulk.readAnswer(s, response);
            return "[]";
        }
        JsonNode orders = response.path("data").path("orders");
        JsonNode pageInfo = orders.path("pageInfo");
        s.hasMore = pageInfo.path("hasNextPage").asBoolean(false);
        s.cursor = pageInfo.path("endCursor").isTextual() ? pageInfo.path("endCursor").asText() : s.cursor;
        return handOn(s, orders.path("nodes"));
    }

    /** The orders of a page not yet handed on, each with all its lines, as one JSON array. */
    private String handOn(ShopifyPollState s, Iterable<JsonNode> orders) throws IOException, InterruptedException, HttpOperationFailedException {
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

    /** After the page's orders are on Kafka: the watermark moves up to the newest change seen. */
    public void commitPage(Exchange exchange) {
        ShopifyPollState s = state(exchange);
        window.pageHandedOn(s);
        if (!s.hasMore) {
            window.pollHandedOn(s);
            ShopifyBulkRead.closeFile(s);
            if (s.orders > 0) {
                log.debug("Shopify {}: {} order versions in {} pages, watermark {}", s.shop, s.orders, s.pages, s.pollMaxUpdatedAt);
            }
        }
    }

    /**
     * Whether the poll reads another page: not once the hub is stopping, so that a backlog paged through at Shopify's
     * pace does not hold the shutdown. The pages handed on have moved the watermark (a bulk read's does not move
     * before its end); the rest is read after the next start.
     */
    public boolean morePages(Exchange exchange) {
        ShopifyPollState s = state(exchange);
        if (s.hasMore && exchange.getContext().isStopping()) {
            ShopifyBulkRead.closeFile(s);
            log.info("Shopify {}: the hub is stopping; the poll ends after {} pages, the rest is read after the next start", s.shop, s.pages);
            return false;
        }
        return s.hasMore;
    }

    private void completeLines(ShopifyPollState s, ObjectNode order, String after) throws IOException, InterruptedException, HttpOperationFailedException {
        ArrayNode nodes = (ArrayNode) order.get("lineItems").get("nodes");
        boolean more = true;
        while (more) {
            ObjectNode variables = json.createObjectNode().put("id", order.path("id").asText());
            if (after != null) {
                variables.put("after", after);
            }
            ObjectNode request = json.createObjectNode().put("query", ShopifyOrdersQuery.MORE_LINES);
            request.set("variables", variables);
            long wait = Math.max(s.retryMillis, buckets.waitMillisFor(s.shop, ShopifyOrdersQuery.MORE_LINES_COST));
            if (wait > 0) {
                TimeUnit.MILLISECONDS.sleep(wait); // pacing demanded by Shopify's cost bucket, or the pause after a server error
            }
            JsonNode response = calls.post(s, json.writeValueAsString(request));
            if (response == null) {
                continue; // asked again: with a fresh token after a 401, after the pause after a server error
            }
            buckets.observe(s.shop, response);
            if (ShopifyGraphqlCalls.isThrottled(response)) {
                meters.counter("kontor.channel.throttled", "channel", "SHOPIFY").increment();
                continue;
            }
            ShopifyGraphqlCalls.throwOnErrors(response);
            JsonNode page = response.path("data").path("order").path("lineItems");
            page.path("nodes").forEach(nodes::add);
            more = page.path("pageInfo").path("hasNextPage").asBoolean(false);
            after = page.path("pageInfo").path("endCursor").asText(null);
        }
    }

    private static ShopifyPollState state(Exchange exchange) {
        ShopifyPollState s = exchange.getProperty(STATE, ShopifyPollState.class);
        if (s == null) {
            throw new IllegalStateException("begin() was not called for this poll");
        }
        return s;
    }
}
