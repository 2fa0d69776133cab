package io.kontor.channel.ebay;

import io.kontor.channel.SellerAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logic behind the {@code ebay-orders-source} kamelet: getOrders with {@code filter=lastmodifieddate:[W..]},
 * page by page with offset and limit. Offset paging runs over a live result set, so the watermark moves only when a
 * poll has read every page, and then to the moment that poll started; the next poll reads again from there minus
 * an overlap. eBay's filter reaches back 90 days, so a watermark older than that is clamped (and said so). Orders
 * with a cancellation in progress are read once more with getOrder, the only call that shows cancel requests.
 * Calls go through {@link EbaySellApi} (the seller's token, 401 renewal, 429/5xx as transient).
 */
@Component("ebayOrdersPoller")
public class EbayOrdersPoller {

    private static final java.time.format.DateTimeFormatter FILTER_DATE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private static final Logger log = LoggerFactory.getLogger(EbayOrdersPoller.class);
    static final String STATE = "kontorEbayPoll";
    private static final String STREAM = "orders";
    static final String ORDERS_PATH = "/sell/fulfillment/v1/order";
    private static final Duration WINDOW = Duration.ofDays(90).minusHours(1);

    private final EbaySellApi api;
    private final Watermarks watermarks;
    private final PollFreshness freshness;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final RecentVersions handedOn = new RecentVersions();

    private final EbayChannelProperties props;

    public EbayOrdersPoller(EbaySellApi api, Watermarks watermarks, ObjectMapper json, MeterRegistry meters, PollFreshness freshness,
                            EbayChannelProperties props) {
        this.api = api;
        this.props = props;
        this.freshness = freshness;
        this.watermarks = watermarks;
        this.json = json;
        this.meters = meters;
    }

    /** One poll's progress, kept as an exchange property while the kamelet loops over pages. */
    public static final class PollState {
        final String seller;
        final SellerAccount account;
        final String filter;
        final int limit;
        final Duration overlap;
        final Instant startedAt;
        int offset;
        boolean hasMore = true;
        int pageOrders;
        int orders;
        RecentVersions.Page page;

        PollState(String seller, String baseUrl, String tokenUrl, String clientId, String clientSecret, String refreshToken,
                  String filter, int limit, Duration overlap, Instant startedAt) {
            this.seller = seller;
            this.account = new SellerAccount(seller, baseUrl, tokenUrl, clientId, clientSecret, refreshToken);
            this.filter = filter;
            this.limit = limit;
            this.overlap = overlap;
            this.startedAt = startedAt;
        }

        public boolean isHasMore() {
            return hasMore;
        }

        public int getPageOrders() {
            return pageOrders;
        }
    }

    /** The client secret and refresh token come from {@code kontor.channels.ebay}: secrets never travel in a route. */
    public void begin(Exchange exchange, String seller, String baseUrl, String tokenUrl, String clientId, String overlap,
                      String initialLookback, int pageSize) {
        String clientSecret = props.clientSecret();
        String refreshToken = props.refreshToken();
        Instant now = Instant.now();
        Instant since = watermarks.get(EbayChannel.EBAY.name(), seller, STREAM)
                .map(w -> w.minus(Duration.parse(overlap)))
                .orElseGet(() -> now.minus(Duration.parse(initialLookback)));
        if (since.isBefore(now.minus(WINDOW))) {
            log.warn("eBay {}: the last complete poll was before eBay's 90-day filter window; changes before {} cannot be read by polling",
                    seller, now.minus(WINDOW));
            since = now.minus(WINDOW);
        }
        String filter = "lastmodifieddate:[" + filterDate(since) + "..]";
        exchange.setProperty(STATE, new PollState(seller, baseUrl, tokenUrl, clientId, clientSecret, refreshToken, filter,
                Math.max(1, Math.min(200, pageSize)), Duration.parse(overlap), now));
        freshness.readUpTo(EbayChannel.EBAY.name(), seller, STREAM, since);
    }

    /** The next page's orders not handed on before, as one JSON array. */
    public String readPage(Exchange exchange) throws IOException {
        PollState s = state(exchange);
        s.page = handedOn.page(s.seller);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("filter", s.filter);
        query.put("limit", String.valueOf(s.limit));
        query.put("offset", String.valueOf(s.offset));
        JsonNode page = api.call(s.account, "GET", ORDERS_PATH, query, null).body();
        ArrayNode out = json.createArrayNode();
        for (JsonNode order : page.path("orders")) {
            String id = order.path("orderId").asText();
            if (!s.page.isNew(id, Instant.parse(order.path("lastModifiedDate").asText()), order.toString())) {
                continue;
            }
            String cancelState = order.path("cancelStatus").path("cancelState").asText("NONE_REQUESTED");
            // getOrders leaves cancelRequests empty: an order with a cancellation in progress is read whole
            out.add("NONE_REQUESTED".equals(cancelState) ? order : api.call(s.account, "GET", ORDERS_PATH + "/" + id, Map.of(), null).body());
        }
        s.offset += s.limit;
        s.hasMore = page.hasNonNull("next") && page.path("orders").size() > 0;
        s.pageOrders = out.size();
        s.orders += out.size();
        meters.counter("kontor.orders.received", "channel", EbayChannel.EBAY.name()).increment(out.size());
        return json.writeValueAsString(out);
    }

    /** The page's orders are on the queue; after the last page, the watermark moves to the start of this poll. */
    public void commitPage(Exchange exchange) {
        PollState s = state(exchange);
        if (s.page != null) {
            s.page.commit(s.overlap);
        }
        if (!s.hasMore) {
            watermarks.advance(EbayChannel.EBAY.name(), s.seller, STREAM, s.startedAt);
            freshness.readUpTo(EbayChannel.EBAY.name(), s.seller, STREAM, s.startedAt);
            if (s.orders > 0) {
                log.debug("eBay {}: {} order versions, watermark {}", s.seller, s.orders, s.startedAt);
            }
        }
    }

    private static PollState state(Exchange exchange) {
        PollState s = exchange.getProperty(STATE, PollState.class);
        if (s == null) {
            throw new IllegalStateException("begin() was not called for this poll");
        }
        return s;
    }

    /**
     * A date as getOrders' filter takes it: UTC with milliseconds, always three digits ({@code Instant.toString()} drops
     * them at a whole second, which eBay refuses).
     */
    static String filterDate(Instant at) {
        return FILTER_DATE.format(at.truncatedTo(ChronoUnit.MILLIS));
    }
}
