package io.kontor.channel.shopify;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a poll does with an answer that is no answer. A server error or HTTP 429 is asked again after a growing pause;
 * after {@value #SERVER_ERROR_TRIES} in a row the poll gives up and the next one starts again from the watermark. A 401
 * drops the token and asks again with a fresh one; a second 401 in a row means the fresh token is refused too.
 */
final class ShopifyRetryPolicy {

    private static final Logger log = LoggerFactory.getLogger(ShopifyRetryPolicy.class);
    /** Answers in a row with a server error (or 429) after which a poll gives up: about half a minute of pauses at 500 ms. */
    static final int SERVER_ERROR_TRIES = 7;

    private final MeterRegistry meters;
    private final ShopifyAccessTokens tokens;

    ShopifyRetryPolicy(MeterRegistry meters, ShopifyAccessTokens tokens) {
        this.meters = meters;
        this.tokens = tokens;
    }

    /**
     * True for a server error or 429, to be asked again once {@code retryMillis} passed (the seventh in a row ends the
     * poll); any other answer ends a run of them.
     */
    boolean serverError(ShopifyPollState s, int status, String body) {
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

    /** True for a 401 (the token dropped, to be asked again at once); any other answer ends a run of them. */
    boolean unauthorized(ShopifyPollState s, int status, String body) {
        if (status != 401) {
            s.unauthorized = 0;
            return false;
        }
        tokens.rejected(s.credentials, s.token);
        meters.counter("kontor.channel.unauthorized", "channel", "SHOPIFY").increment();
        if (++s.unauthorized > 1) {
            throw new ShopifyApiException("Shopify " + s.shop + " refuses the access token (401): " + body);
        }
        s.paceMillis = 0;
        return true;
    }
}
