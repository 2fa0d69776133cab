package io.kontor.sandbox;

/**
 * A channel's rate-limit bucket: it refills continuously at {@code restoreRate} points per second up to
 * {@code maximumAvailable}; a request is admitted only if its cost is available. Shopify's cost bucket
 * (where the difference between requested and actual cost is refunded afterwards) and Amazon's
 * per-operation token buckets (cost 1, burst = maximum) are both this.
 */
public final class LeakyBucket {

    private final double maximumAvailable;
    private final double restoreRate;
    private double available;
    private long lastRefillNanos;

    public LeakyBucket(double maximumAvailable, double restoreRate, long nowNanos) {
        this.maximumAvailable = maximumAvailable;
        this.restoreRate = restoreRate;
        this.available = maximumAvailable;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes {@code cost} points if available; returns false (and takes nothing) otherwise. */
    public synchronized boolean tryTake(int cost, long nowNanos) {
        refill(nowNanos);
        if (cost > available) {
            return false;
        }
        available -= cost;
        return true;
    }

    public synchronized void refund(int points, long nowNanos) {
        refill(nowNanos);
        available = Math.min(maximumAvailable, available + points);
    }

    public synchronized double available(long nowNanos) {
        refill(nowNanos);
        return available;
    }

    public double maximumAvailable() {
        return maximumAvailable;
    }

    public double restoreRate() {
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
