package io.kontor.channel.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kontor.channel.ChannelHttp;
import io.kontor.channel.RecentVersions;
import io.kontor.platform.PollFreshness;
import io.kontor.platform.Watermarks;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logic behind the {@code woocommerce-orders-source} kamelet: {@code GET /wp-json/wc/v3/orders} with
 * {@code modified_after} (in GMT, {@code dates_are_gmt=true}) = watermark − overlap, sorted by id ascending so that
 * an order changed while the poll pages keeps its place, {@code per_page} ≤ 100 and {@code page} until
 * {@code X-WP-TotalPages}. The watermark moves only once every page is handed on, and then to the poll's start.
 * Versions already handed on in the overlap (id and {@code date_modified_gmt}) are left out.
 */
@Component("woocommerceOrdersPoller")
public class WooCommerceOrdersPoller {

    static final String STATE = "kontorWooCommercePoll";
    static final String ORDERS_PATH = "/wp-json/wc/v3/orders";
    private static final String STREAM = "orders";
    private static final java.time.format.DateTimeFormatter GMT = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final WooCommerceApi api;
    private final WooCommerceProperties props;
    private final Watermarks watermarks;
    private final PollFreshness freshness;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final RecentVersions handedOn = new RecentVersions();

    public WooCommerceOrdersPoller(WooCommerceApi api, WooCommerceProperties props, Watermarks watermarks, PollFreshness freshness,
                                   ObjectMapper json, MeterRegistry meters) {
        this.api = api;
        this.props = props;
        this.watermarks = watermarks;
        this.freshness = freshness;
        this.json = json;
        this.meters = meters;
    }

    /** One poll's progress, an exchange property while the kamelet loops over pages. */
    public static final class PollState {
        final String modifiedAfter;
        final Instant startedAt;
        int page = 1;
        boolean hasMore = true;
        int pageOrders;
        RecentVersions.Page versions;

        PollState(String modifiedAfter, Instant startedAt) {
            this.modifiedAfter = modifiedAfter;
            this.startedAt = startedAt;
        }

        public boolean isHasMore() {
            return hasMore;
        }

        public int getPageOrders() {
            return pageOrders;
        }
    }

    public void begin(Exchange exchange) {
        Instant now = Instant.now();
        Instant since = watermarks.get(WooCommerceChannel.WOOCOMMERCE.code(), props.account(), STREAM)
                .map(w -> w.minus(props.overlap()))
                .orElseGet(() -> now.minus(props.initialLookback()));
        String modifiedAfter = GMT.format(LocalDateTime.ofInstant(since.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
        exchange.setProperty(STATE, new PollState(modifiedAfter, now));
        freshness.readUpTo(WooCommerceChannel.WOOCOMMERCE.code(), props.account(), STREAM, since);
    }

    /** The next page's order versions not handed on before, as one JSON array. */
    public String readPage(Exchange exchange) throws IOException {
        PollState s = state(exchange);
        s.versions = handedOn.page(props.account());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("modified_after", s.modifiedAfter);
        query.put("dates_are_gmt", "true");
        query.put("orderby", "id");
        query.put("order", "asc");
        query.put("per_page", String.valueOf(props.pageSize()));
        query.put("page", String.valueOf(s.page));
        ChannelHttp.Answer answer = api.call("GET", ORDERS_PATH, query, null);
        JsonNode orders = WooCommerceApi.array(answer, "orders page");
        ArrayNode out = json.createArrayNode();
        for (JsonNode order : orders) {
            String modified = order.path("date_modified_gmt").asText(null);
            Instant at = modified == null ? Instant.EPOCH : WooCommerceOrderMapper.parseGmt(modified);
            if (s.versions.isNew(order.path("id").asText(), at, order.toString())) {
                out.add(order);
            }
        }
        int totalPages = parse(answer.header("X-WP-TotalPages"), s.page);
        s.hasMore = s.page < totalPages && !orders.isEmpty();
        s.page++;
        s.pageOrders = out.size();
        meters.counter("kontor.orders.received", "channel", WooCommerceChannel.WOOCOMMERCE.code()).increment(out.size());
        return json.writeValueAsString(out);
    }

    /** The page's orders are on the queue; after the last page the watermark moves to the poll's start. */
    public void commitPage(Exchange exchange) {
        PollState s = state(exchange);
        if (s.versions != null) {
            s.versions.commit(props.overlap());
        }
        if (!s.hasMore) {
            watermarks.advance(WooCommerceChannel.WOOCOMMERCE.code(), props.account(), STREAM, s.startedAt);
            freshness.readUpTo(WooCommerceChannel.WOOCOMMERCE.code(), props.account(), STREAM, s.startedAt);
        }
    }

    private static int parse(String header, int fallback) {
        try {
            return header == null ? fallback : Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static PollState state(Exchange exchange) {
        PollState s = exchange.getProperty(STATE, PollState.class);
        if (s == null) {
            throw new IllegalStateException("begin() was not called for this poll");
        }
        return s;
    }
}
