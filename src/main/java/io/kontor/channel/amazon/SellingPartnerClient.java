package io.kontor.channel.amazon;

import io.kontor.channel.SellerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Channel;
import io.kontor.platform.TransientChannelException;
import io.micrometer.core.instrument.MeterRegistry;
import io.kontor.channel.ChannelHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Calls the Selling Partner API for one seller: LWA access tokens (one hour, renewed five minutes ahead or when
 * Amazon says the token expired), Restricted Data Tokens for PII where the app may have them, and every operation
 * paced by its own token bucket at the rate Amazon states in {@code x-amzn-RateLimit-Limit}. A 429 empties that
 * bucket and the request is sent again once a token is back; server errors go to the route's retry policy.
 */
@Component
public class SellingPartnerClient {

    private static final Logger log = LoggerFactory.getLogger(SellingPartnerClient.class);
    static final Duration RENEW_AHEAD = Duration.ofMinutes(5);
    /** A 429 storm longer than this many answers in a row is left to the route's retry policy. */
    static final int MAX_THROTTLED_IN_A_ROW = 8;
    static final String TOKEN_HEADER = "x-amz-access-token";

    /** Documented default rate and burst of the operations Kontor calls (channel-contracts.md §2.2). */
    public enum Operation {
        GET_ORDERS(0.0167, 20), GET_ORDER(0.5, 30), GET_ORDER_ITEMS(0.5, 30), CONFIRM_SHIPMENT(2, 10), CREATE_RESTRICTED_DATA_TOKEN(1, 10),
        /** Orders v2026-01-01: items inline, so one request a page instead of one per order more. */
        SEARCH_ORDERS(0.0056, 20), GET_ORDER_2026(0.5, 30),
        /** Listings Items 2021-08-01 and FBA Inventory v1: stock (stock-and-payout-contracts.md §2.1, §2.4). */
        PATCH_LISTINGS_ITEM(5, 5), GET_LISTINGS_ITEM(5, 10), GET_INVENTORY_SUMMARIES(2, 2),
        /** Feeds 2021-06-30 (§2.2): createFeed about one feed every two minutes sustained. */
        CREATE_FEED_DOCUMENT(0.5, 15), CREATE_FEED(0.0083, 15), GET_FEED(2, 15), GET_FEED_DOCUMENT(0.0222, 10);

        final double rate;
        final int burst;

        Operation(double rate, int burst) {
            this.rate = rate;
            this.burst = burst;
        }
    }


    private record Live(String token, Instant expiresAt) {
    }

    private final ChannelHttp http;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final Map<String, Live> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Live> restrictedTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> restrictedRefusedUntil = new ConcurrentHashMap<>();
    private final Map<String, RequestPacer> pacers = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public SellingPartnerClient(ChannelHttp http, ObjectMapper json, MeterRegistry meters) {
        this(http, json, meters, Clock.systemUTC(), System::nanoTime);
    }

    SellingPartnerClient(ChannelHttp http, ObjectMapper json, MeterRegistry meters, Clock clock, LongSupplier nanoClock) {
        this.http = http;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    /** Milliseconds until the operation could be called without waiting (a poll may rather come back later). */
    public long waitMillis(SellerAccount seller, Operation operation) {
        return pacer(seller, operation).waitMillis(nanoClock.getAsLong());
    }

    /**
     * A GET with the seller's access token, or with a Restricted Data Token for {@code restrictedElements} on
     * {@code restrictedPath} when given and granted. Returns the JSON answer of a 200.
     */
    public JsonNode get(SellerAccount seller, Operation operation, String path, Map<String, String> query, String restrictedPath,
                        List<String> restrictedElements) {
        return exchange(seller, operation, "GET", path, query, null, restrictedPath, restrictedElements);
    }

    /** A POST of a JSON body with the seller's access token; the answer of a 2xx (empty for a 204). */
    public JsonNode post(SellerAccount seller, Operation operation, String path, String body) {
        return exchange(seller, operation, "POST", path, Map.of(), body, null, null);
    }

    /** A PATCH of a JSON body with the seller's access token; the answer of a 2xx. */
    public JsonNode patch(SellerAccount seller, Operation operation, String path, Map<String, String> query, String body) {
        return exchange(seller, operation, "PATCH", path, query, body, null, null);
    }

    private JsonNode exchange(SellerAccount seller, Operation operation, String method, String path, Map<String, String> query, String body,
                              String restrictedPath, List<String> restrictedElements) {
        int throttled = 0;
        boolean renewed = false;
        while (true) {
            pace(seller, operation);
            String token = restrictedPath == null ? null : restrictedDataToken(seller, restrictedPath, restrictedElements);
            boolean restricted = token != null;
            if (!restricted) {
                token = accessToken(seller);
            }
            Answer a = send(seller.baseUrl() + path, method, query, token, body);
            observeRate(seller, operation, a);
            if (a.status >= 200 && a.status < 300) {
                return a.body;
            }
            if (a.status == 429) {
                pacer(seller, operation).throttled(nanoClock.getAsLong());
                meters.counter("kontor.channel.throttled", "channel", AmazonChannel.AMAZON.name()).increment();
                if (++throttled > MAX_THROTTLED_IN_A_ROW) {
                    throw transientFailure(seller, path, a, "still throttled after " + MAX_THROTTLED_IN_A_ROW + " paced retries");
                }
                continue;
            }
            if (a.status == 403 && !renewed) {
                // an expired or revoked token: forget it and try once more with a fresh one
                meters.counter("kontor.channel.unauthorized", "channel", AmazonChannel.AMAZON.name()).increment();
                (restricted ? restrictedTokens : accessTokens).remove(restricted ? rdtKey(seller, restrictedPath) : seller.sellerId());
                renewed = true;
                continue;
            }
            if (a.status >= 500) {
                throw transientFailure(seller, path, a, "server error");
            }
            throw new SellingPartnerApiException("SP-API " + seller.sellerId() + " " + method + " " + path + " answered " + a.status + ": " + errors(a),
                    a.status);
        }
    }

    /** The seller's LWA access token, renewed shortly before it expires. */
    String accessToken(SellerAccount seller) {
        Live live = accessTokens.get(seller.sellerId());
        if (live != null && clock.instant().isBefore(live.expiresAt().minus(RENEW_AHEAD))) {
            return live.token();
        }
        synchronized (this) {
            live = accessTokens.get(seller.sellerId());
            if (live != null && clock.instant().isBefore(live.expiresAt().minus(RENEW_AHEAD))) {
                return live.token();
            }
            String form = "grant_type=refresh_token&refresh_token=" + ChannelHttp.enc(seller.refreshToken()) + "&client_id="
                    + ChannelHttp.enc(seller.clientId()) + "&client_secret=" + ChannelHttp.enc(seller.clientSecret());
            Answer a = send(seller.tokenUrl(), "POST", Map.of(), null, form);
            if (a.status >= 500 || a.status == 429) {
                throw transientFailure(seller, seller.tokenUrl(), a, "token endpoint unavailable");
            }
            if (a.status != 200 || !a.body.hasNonNull("access_token")) {
                // invalid_grant / invalid_client: the seller must authorise the app again, or the secret was rotated
                throw new SellingPartnerApiException("Login with Amazon refused the refresh token of seller " + seller.sellerId() + " ("
                        + a.status + "): " + a.body.path("error").asText("?") + " - " + a.body.path("error_description").asText(""));
            }
            live = new Live(a.body.get("access_token").asText(), clock.instant().plusSeconds(a.body.path("expires_in").asLong(3600)));
            accessTokens.put(seller.sellerId(), live);
            meters.counter("kontor.channel.token.refreshed", "channel", AmazonChannel.AMAZON.name()).increment();
            log.info("Amazon seller {}: LWA access token renewed, valid until {}", seller.sellerId(), live.expiresAt());
            return live.token();
        }
    }

    /**
     * A Restricted Data Token for one path, cached for its life; null when the app is not granted the data (then
     * asked again after an hour, so a role granted later is picked up).
     */
    String restrictedDataToken(SellerAccount seller, String path, List<String> elements) {
        String key = rdtKey(seller, path);
        Live live = restrictedTokens.get(key);
        if (live != null && clock.instant().isBefore(live.expiresAt().minus(RENEW_AHEAD))) {
            return live.token();
        }
        Instant refused = restrictedRefusedUntil.get(key);
        if (refused != null && clock.instant().isBefore(refused)) {
            return null;
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("method", "GET");
        resource.put("path", path);
        resource.put("dataElements", elements);
        String body;
        try {
            body = json.writeValueAsString(Map.of("restrictedResources", List.of(resource)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int throttled = 0;
        while (true) {
            pace(seller, Operation.CREATE_RESTRICTED_DATA_TOKEN);
            Answer a = send(seller.baseUrl() + "/tokens/2021-03-01/restrictedDataToken", "POST", Map.of(), accessToken(seller), body);
            observeRate(seller, Operation.CREATE_RESTRICTED_DATA_TOKEN, a);
            if (a.status == 200 && a.body.hasNonNull("restrictedDataToken")) {
                live = new Live(a.body.get("restrictedDataToken").asText(), clock.instant().plusSeconds(a.body.path("expiresIn").asLong(3600)));
                restrictedTokens.put(key, live);
                restrictedRefusedUntil.remove(key);
                return live.token();
            }
            if (a.status == 429 && ++throttled <= MAX_THROTTLED_IN_A_ROW) {
                pacer(seller, Operation.CREATE_RESTRICTED_DATA_TOKEN).throttled(nanoClock.getAsLong());
                continue;
            }
            if (a.status >= 500 || a.status == 429) {
                throw transientFailure(seller, path, a, "Tokens API unavailable");
            }
            restrictedRefusedUntil.put(key, clock.instant().plus(Duration.ofHours(1)));
            meters.counter("kontor.channel.restricted.refused", "channel", AmazonChannel.AMAZON.name()).increment();
            log.warn("Amazon seller {}: no Restricted Data Token for {} {} ({}: {}); orders arrive without buyer data and full addresses",
                    seller.sellerId(), path, elements, a.status, errors(a));
            return null;
        }
    }

    private void pace(SellerAccount seller, Operation operation) {
        long wait = pacer(seller, operation).reserveMillis(nanoClock.getAsLong());
        if (wait > 0) {
            meters.counter("kontor.channel.paced", "channel", AmazonChannel.AMAZON.name()).increment();
            try {
                TimeUnit.MILLISECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientChannelException("Interrupted while pacing SP-API " + operation, e);
            }
        }
    }

    private void observeRate(SellerAccount seller, Operation operation, Answer a) {
        if (a.rateLimit != null) {
            try {
                pacer(seller, operation).observeRate(Double.parseDouble(a.rateLimit));
            } catch (NumberFormatException ignored) {
                // a malformed header changes nothing: the documented rate stays
            }
        }
    }

    private RequestPacer pacer(SellerAccount seller, Operation operation) {
        return pacers.computeIfAbsent(seller.sellerId() + "|" + operation,
                k -> new RequestPacer(operation.rate, operation.burst, nanoClock.getAsLong()));
    }

    private record Answer(int status, JsonNode body, String rateLimit, String requestId) {
    }

    private Answer send(String url, String method, Map<String, String> query, String token, String body) {
        ChannelHttp.Answer a = http.call(url, method, query, token == null ? Map.of() : Map.of(TOKEN_HEADER, token), body);
        return new Answer(a.status(), a.body(), a.header("x-amzn-RateLimit-Limit"), a.header("x-amzn-RequestId"));
    }

    private static TransientChannelException transientFailure(SellerAccount seller, String path, Answer a, String what) {
        return new TransientChannelException("SP-API " + seller.sellerId() + " " + path + ": " + what + " (" + a.status + ", request "
                + a.requestId + "): " + a.body.path("errors"));
    }

    private static String errors(Answer a) {
        return a.body.path("errors").toString();
    }

    private static String rdtKey(SellerAccount seller, String path) {
        return seller.sellerId() + "|" + path;
    }
}
