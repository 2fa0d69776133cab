package io.kontor.channel.amazon;

import io.kontor.channel.SellerAccount;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logic behind the {@code amazon-orders-source} kamelet: getOrders by LastUpdatedAfter (the watermark minus an
 * overlap; CreatedAfter would miss status changes), page by page with the NextToken and the original parameters,
 * each order version not handed on before completed with its getOrderItems, and the watermark moved only after a
 * page's orders were handed on. getOrders refills one request a minute: a poll that would have to wait for one is
 * skipped and the next timer tick tries again. With Orders v2026-01-01 the same by searchOrders (lastUpdatedAfter,
 * paginationToken), whose orders carry their items: no getOrderItems calls.
 */
@Component("amazonOrdersPoller")
public class AmazonOrdersPoller {

    private static final Logger log = LoggerFactory.getLogger(AmazonOrdersPoller.class);
    static final String STATE = "kontorAmazonPoll";
    private static final String STREAM = "orders";
    static final String ORDERS_PATH = "/orders/v0/orders";
    static final String SEARCH_PATH = "/orders/2026-01-01/orders";
    /** The datasets a v2026-01-01 page asks for: what the canonical order is made of. */
    static final String INCLUDED_DATA = "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT";
    private static final List<String> PII = List.of("buyerInfo", "shippingAddress");
    /** A poll does not start when getOrders would make it wait longer than this; it starts at the next tick. */
    private static final long MAX_START_WAIT_MILLIS = 1_000;

    private final SellingPartnerClient client;
    private final Watermarks watermarks;
    private final PollFreshness freshness;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final RecentVersions handedOn = new RecentVersions();

    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final AmazonChannelProperties props;

    public AmazonOrdersPoller(SellingPartnerClient client, Watermarks watermarks, ObjectMapper json, MeterRegistry meters,
                              PollFreshness freshness, AmazonChannelProperties props) {
        this.props = props;
        this.client = client;
        this.freshness = freshness;
        this.watermarks = watermarks;
        this.json = json;
        this.meters = meters;
    }

    /** One poll's progress, kept as an exchange property while the kamelet loops over pages. */
    public static final class PollState {
        final SellerAccount seller;
        final boolean v2026;
        final Map<String, String> query;
        final boolean restrictedData;
        final Duration overlap;
        String nextToken;
        /** Amazon's upper bound of the search (two minutes before its first page, when not asked otherwise). */
        Instant readUpTo;
        boolean hasMore = true;
        int pageOrders;
        int orders;
        int pages;
        RecentVersions.Page page;

        PollState(SellerAccount seller, boolean v2026, Map<String, String> query, boolean restrictedData, Duration overlap) {
            this.seller = seller;
            this.v2026 = v2026;
            this.query = query;
            this.restrictedData = restrictedData;
            this.overlap = overlap;
        }

        public boolean isHasMore() {
            return hasMore;
        }

        /** Orders of the last page read that are to be handed on. */
        public int getPageOrders() {
            return pageOrders;
        }
    }

    /**
     * Starts a poll from the watermark minus the overlap, unless the search has no request left for now.
     * {@code apiVersion} is {@code v0} (getOrders, then getOrderItems per order) or {@code 2026-01-01} (searchOrders,
     * items inline).
     */
    public void begin(Exchange exchange, String sellerId, String marketplaceIds, String baseUrl, String tokenUrl, String clientId,
                      boolean restrictedData, String overlap, String initialLookback, int pageSize, String apiVersion) {
        // the client secret and refresh token come from kontor.channels.amazon: secrets never travel in a route
        String clientSecret = props.clientSecret();
        String refreshToken = props.refreshToken();
        boolean v2026 = v2026(apiVersion);
        SellerAccount seller = new SellerAccount(sellerId, baseUrl, tokenUrl, clientId, clientSecret, refreshToken);
        Instant since = watermarks.get(AmazonChannel.AMAZON.name(), sellerId, STREAM)
                .map(w -> w.minus(Duration.parse(overlap)))
                .orElseGet(() -> Instant.now().minus(Duration.parse(initialLookback)));
        Map<String, String> query = new LinkedHashMap<>();
        query.put(v2026 ? "marketplaceIds" : "MarketplaceIds", marketplaceIds.replace(" ", ""));
        query.put(v2026 ? "lastUpdatedAfter" : "LastUpdatedAfter", DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS)));
        query.put(v2026 ? "maxResultsPerPage" : "MaxResultsPerPage", String.valueOf(Math.max(1, Math.min(100, pageSize))));
        if (v2026) {
            query.put("includedData", INCLUDED_DATA);
        }
        PollState s = new PollState(seller, v2026, query, restrictedData, Duration.parse(overlap));
        long wait = client.waitMillis(seller, search(s));
        if (wait > MAX_START_WAIT_MILLIS) {
            s.hasMore = false;
            log.debug("Amazon {}: {} refills in {} ms; polling at the next tick", sellerId, search(s), wait);
        }
        exchange.setProperty(STATE, s);
        freshness.readUpTo(AmazonChannel.AMAZON.name(), sellerId, STREAM, since);
    }

    /** Reads the next page: the orders not handed on before, each with its items, as one JSON array. */
    public String readPage(Exchange exchange) throws IOException {
        PollState s = state(exchange);
        s.page = handedOn.page(s.seller.sellerId());
        s.pageOrders = 0;
        Map<String, String> query = new LinkedHashMap<>(s.query);
        if (s.nextToken != null) {
            // the token carries no filters: Amazon wants the original parameters with it
            query.put(s.v2026 ? "paginationToken" : "NextToken", s.nextToken);
        }
        String path = s.v2026 ? SEARCH_PATH : ORDERS_PATH;
        // v2026-01-01 has no Restricted Data Token: the app's approved roles decide what personal data it returns
        JsonNode answer = client.get(s.seller, search(s), path, query, s.restrictedData && !s.v2026 ? path : null, PII);
        JsonNode orders = s.v2026 ? answer.path("orders") : answer.path("payload").path("Orders");
        ArrayNode out = json.createArrayNode();
        for (JsonNode order : orders) {
            String id = order.path(s.v2026 ? "orderId" : "AmazonOrderId").asText();
            Instant updated = Instant.parse(order.path(s.v2026 ? "lastUpdatedTime" : "LastUpdateDate").asText());
            if (!s.page.isNew(id, updated, order.toString())) {
                continue;
            }
            if (s.v2026) {
                out.add(order); // its items are inline
                continue;
            }
            ObjectNode complete = ((ObjectNode) order).deepCopy();
            complete.set(AmazonOrderMapper.ITEMS_FIELD, items(s.seller, id));
            out.add(complete);
        }
        s.nextToken = (s.v2026 ? answer.path("pagination").path("nextToken") : answer.path("payload").path("NextToken")).asText(null);
        String upTo = (s.v2026 ? answer.path("lastUpdatedBefore") : answer.path("payload").path("LastUpdatedBefore")).asText(null);
        if (s.readUpTo == null && upTo != null) {
            s.readUpTo = Instant.parse(upTo);
        }
        s.hasMore = s.nextToken != null;
        s.pages++;
        s.orders += out.size();
        s.pageOrders = out.size();
        meters.counter("kontor.orders.received", "channel", AmazonChannel.AMAZON.name()).increment(out.size());
        return json.writeValueAsString(out);
    }

    /** After the page's orders are on Kafka: the watermark moves up to the newest change seen. */
    public void commitPage(Exchange exchange) {
        PollState s = state(exchange);
        if (s.page != null && s.page.maxUpdatedAt() != null) {
            watermarks.advance(AmazonChannel.AMAZON.name(), s.seller.sellerId(), STREAM, s.page.maxUpdatedAt());
            s.page.commit(s.overlap);
        }
        if (!s.hasMore) {
            if (s.readUpTo != null) {
                freshness.readUpTo(AmazonChannel.AMAZON.name(), s.seller.sellerId(), STREAM, s.readUpTo);
            }
            if (s.orders > 0) {
                log.debug("Amazon {}: {} order versions in {} pages", s.seller.sellerId(), s.orders, s.pages);
            }
        }
    }

    /**
     * One order as a page of one (for a notification that names it), with a Restricted Data Token when asked for:
     * v0's getOrder and its items, or v2026-01-01's getOrder with the datasets (items inline).
     */
    public String readOrder(SellerAccount seller, boolean restrictedData, String orderId, String apiVersion) throws IOException {
        ObjectNode complete;
        if (v2026(apiVersion)) {
            String path = SEARCH_PATH + "/" + orderId;
            JsonNode order = client.get(seller, SellingPartnerClient.Operation.GET_ORDER_2026, path, Map.of("includedData", INCLUDED_DATA),
                    null, PII).path("order");
            if (!order.isObject()) {
                throw new IllegalStateException("getOrder answered without an order for " + orderId);
            }
            complete = (ObjectNode) order;
        } else {
            JsonNode order = client.get(seller, SellingPartnerClient.Operation.GET_ORDER, ORDERS_PATH + "/" + orderId, Map.of(),
                    restrictedData ? ORDERS_PATH + "/{orderId}" : null, PII).path("payload");
            complete = ((ObjectNode) order).deepCopy();
            complete.set(AmazonOrderMapper.ITEMS_FIELD, items(seller, orderId));
        }
        meters.counter("kontor.orders.received", "channel", AmazonChannel.AMAZON.name()).increment();
        return json.writeValueAsString(json.createArrayNode().add(complete));
    }

    /** True for Orders v2026-01-01, false for v0; any other version is refused by name. */
    static boolean v2026(String apiVersion) {
        if (AmazonOrder2026Mapper.API_VERSION.equals(apiVersion)) {
            return true;
        }
        if (!AmazonOrderMapper.API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("Amazon Orders API version " + apiVersion + " is not supported (v0 or 2026-01-01)");
        }
        return false;
    }

    /** Every item of the order, following getOrderItems' NextToken. */
    private ArrayNode items(SellerAccount seller, String orderId) {
        ArrayNode all = json.createArrayNode();
        String next = null;
        do {
            Map<String, String> query = next == null ? Map.of() : Map.of("NextToken", next);
            JsonNode payload = client.get(seller, SellingPartnerClient.Operation.GET_ORDER_ITEMS, ORDERS_PATH + "/" + orderId + "/orderItems",
                    query, null, List.of()).path("payload");
            payload.path("OrderItems").forEach(all::add);
            next = payload.path("NextToken").asText(null);
        } while (next != null);
        return all;
    }

    private static SellingPartnerClient.Operation search(PollState s) {
        return s.v2026 ? SellingPartnerClient.Operation.SEARCH_ORDERS : SellingPartnerClient.Operation.GET_ORDERS;
    }

    private static PollState state(Exchange exchange) {
        PollState s = exchange.getProperty(STATE, PollState.class);
        if (s == null) {
            throw new IllegalStateException("begin() was not called for this poll");
        }
        return s;
    }
}
