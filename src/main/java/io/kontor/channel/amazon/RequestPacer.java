package io.kontor.channel.amazon;

/**
 * The client's picture of one SP-API operation's token bucket, so requests are spaced to the rate Amazon states
 * instead of running into 429s: it starts at the documented burst, refills at the rate from the last
 * {@code x-amzn-RateLimit-Limit} header (the documented default until one arrives), and a 429 empties it.
 * Requests spaced exactly at the rate would meet a 429 whenever one arrives a little later than the next
 * (network jitter), so the pacer keeps one token of the burst in hand and runs 5 % below the stated rate.
 */
final class RequestPacer {

    static final double RATE_MARGIN = 0.95;

    private final double burst;
    private double rate;
    private double tokens;
    private long lastNanos;

    RequestPacer(double rate, double burst, long nowNanos) {
        this.rate = rate * RATE_MARGIN;
        this.burst = Math.max(1, burst - 1);
        this.tokens = this.burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token and returns how long to wait before sending (0 when one is there). */
    synchronized long reserveMillis(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * 1000);
    }

    /** Millis until a token would be there, without taking one. */
    synchronized long waitMillis(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * 1000);
    }

    synchronized void observeRate(double statedRate) {
        if (statedRate > 0) {
            rate = statedRate * RATE_MARGIN;
        }
    }

    /** Amazon said 429: its bucket is empty whatever ours thought. */
    synchronized void throttled(long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(tokens, 0);
    }

    synchronized double rate() {
        return rate;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + rate * elapsed / 1e9);
            lastNanos = nowNanos;
        }
    }
}
