package io.kontor.sandbox.shopify;

/**
 * Shopify's cost bucket: it refills continuously at {@code restoreRate} points per second up to
 * {@code maximumAvailable}; a query is admitted only if its requested cost is available, and the
 * difference between requested and actual cost is refunded afterwards.
 */
final class LeakyBucket {

    private final double maximumAvailable;
    private final double restoreRate;
    private double available;
    private long lastRefillNanos;

    LeakyBucket(double maximumAvailable, double restoreRate, long nowNanos) {
        this.maximumAvailable = maximumAvailable;
        this.restoreRate = restoreRate;
        this.available = maximumAvailable;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes {@code cost} points if available; returns false (and takes nothing) otherwise. */
    synchronized boolean tryTake(int cost, long nowNanos) {
        refill(nowNanos);
        if (cost > available) {
            return false;
        }
        available -= cost;
        return true;
    }

    synchronized void refund(int points, long nowNanos) {
        refill(nowNanos);
        available = Math.min(maximumAvailable, available + points);
    }

    synchronized double available(long nowNanos) {
        refill(nowNanos);
        return available;
    }

    double maximumAvailable() {
        return maximumAvailable;
    }

    double restoreRate() {
        return restoreRate;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            available = Math.min(maximumAvailable, available + restoreRate * elapsed / 1_000_000_000d);
            lastRefillNanos = nowNanos;
        }
    }
}
