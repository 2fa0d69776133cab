package io.kontor.channel.ebay;

import io.kontor.channel.SellerAccount;

import io.kontor.channel.ChannelHttp;
import io.kontor.model.Channel;
import io.kontor.platform.TransientChannelException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls to eBay's Sell APIs for one seller with the seller's user access token, which lives two hours: renewed
 * five minutes ahead, or once when eBay answers 401. The daily quota (429) and server errors are transient; other
 * refusals are not retried.
 */
@Component
public class EbaySellApi {

    /** Orders and tracking (Fulfillment API), stock (Inventory API): the seller's consent must include both. */
    static final String SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment https://api.ebay.com/oauth/api_scope/sell.inventory";
    private static final Duration RENEW_AHEAD = Duration.ofMinutes(5);


    private record Token(String value, Instant expiresAt) {
    }

    private final ChannelHttp http;
    private final MeterRegistry meters;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public EbaySellApi(ChannelHttp http, MeterRegistry meters) {
        this.http = http;
        this.meters = meters;
    }

    /** @param path below the seller's API host, e.g. {@code /sell/fulfillment/v1/order}; a full URL (eBay's {@code next}) is used as is */
    public ChannelHttp.Answer call(SellerAccount seller, String method, String path, Map<String, String> query, String body) {
        String url = path.startsWith("http") ? path : seller.baseUrl() + path;
        for (int attempt = 0; ; attempt++) {
            ChannelHttp.Answer a = http.call(url, method, query, Map.of("Authorization", "Bearer " + token(seller)), body);
            if (a.status() >= 200 && a.status() < 300) {
                return a;
            }
            if (a.status() == 401 && attempt == 0) {
                meters.counter("kontor.channel.unauthorized", "channel", EbayChannel.EBAY.name()).increment();
                tokens.remove(seller.sellerId());
                continue;
            }
            if (a.status() == 429 || a.status() >= 500) {
                if (a.status() == 429) {
                    meters.counter("kontor.channel.throttled", "channel", EbayChannel.EBAY.name()).increment();
                }
                throw new TransientChannelException("eBay " + seller.sellerId() + " " + method + " " + path + " answered " + a.status()
                        + ": " + a.body().path("errors"));
            }
            throw new EbayApiException("eBay " + seller.sellerId() + " " + method + " " + path + " answered " + a.status() + ": "
                    + a.body().path("errors"));
        }
    }

    /** The user access token, renewed shortly before its two hours are up. */
    private String token(SellerAccount s) {
        Token t = tokens.get(s.sellerId());
        if (t != null && Instant.now().isBefore(t.expiresAt().minus(RENEW_AHEAD))) {
            return t.value();
        }
        synchronized (this) {
            t = tokens.get(s.sellerId());
            if (t != null && Instant.now().isBefore(t.expiresAt().minus(RENEW_AHEAD))) {
                return t.value();
            }
            String basic = "Basic " + Base64.getEncoder().encodeToString((s.clientId() + ":" + s.clientSecret()).getBytes(StandardCharsets.UTF_8));
            String form = "grant_type=refresh_token&refresh_token=" + ChannelHttp.enc(s.refreshToken()) + "&scope=" + ChannelHttp.enc(SCOPE);
            ChannelHttp.Answer a = http.call(s.tokenUrl(), "POST", Map.of(), Map.of("Authorization", basic), form);
            if (a.status() == 429 || a.status() >= 500) {
                throw new TransientChannelException("eBay token endpoint answered " + a.status());
            }
            if (a.status() != 200 || !a.body().hasNonNull("access_token")) {
                // invalid_grant: the seller's consent expired (about 18 months) or was withdrawn; a person must renew it
                throw new EbayApiException("eBay refused the refresh token of " + s.sellerId() + " (" + a.status() + "): "
                        + a.body().path("error").asText("?") + " - " + a.body().path("error_description").asText(""));
            }
            t = new Token(a.body().get("access_token").asText(), Instant.now().plusSeconds(a.body().path("expires_in").asLong(7200)));
            tokens.put(s.sellerId(), t);
            meters.counter("kontor.channel.token.refreshed", "channel", EbayChannel.EBAY.name()).increment();
            return t.value();
        }
    }
}
