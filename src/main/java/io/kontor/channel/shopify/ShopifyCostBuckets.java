package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shopify's leaky bucket of query cost per shop, as its answers report it ({@code extensions.cost.throttleStatus}),
 * carried across polls so that even the first request of a poll waits until the bucket holds what it will cost; one for
 * the whole hub, since the poll, the shipment confirmations and the stock pushes draw on the same bucket of the shop.
 */
@org.springframework.stereotype.Component
public final class ShopifyCostBuckets {

    /** How long a request that leaves part of the bucket to the order poll gives way before it just waits for its own cost. */
    static final java.time.Duration MAX_YIELD = java.time.Duration.ofSeconds(2);

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier nanoClock;

    public ShopifyCostBuckets() {
        this(System::nanoTime);
    }

    ShopifyCostBuckets(java.util.function.LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** How long to wait before a request of this cost finds enough in the shop's bucket (0 when unknown yet). */
    long waitMillisFor(String shop, int cost) {
        return bucket(shop).waitMillisFor(cost, 0, nanoClock.getAsLong());
    }

    /**
     * How long to wait before the order poll's next request of this cost, counted as spent from now on: whoever asks
     * next (a stock push on another thread) sees the bucket without it, before Shopify's answer says what it cost.
     */
    long reserve(String shop, int cost) {
        return bucket(shop).take(cost, 0, nanoClock.getAsLong(), true);
    }

    /**
     * The same for a request that must leave {@code reserveShare} of the bucket's size to others: what can wait (a
     * stock figure, a shipment confirmation) gives way to the order poll rather than draining the bucket it needs — for
     * {@link #MAX_YIELD} at most: a poll that keeps the bucket below the reserve (reading a busy shop) would otherwise
     * starve it, so after that it waits only for its own cost.
     */
    long waitMillisFor(String shop, int cost, double reserveShare) {
        return bucket(shop).take(cost, reserveShare, nanoClock.getAsLong(), false);
    }

    /** What Shopify said about the bucket with an answer. */
    void observe(String shop, JsonNode response) {
        bucket(shop).observe(response.path("extensions").path("cost").path("throttleStatus"), nanoClock.getAsLong());
    }

    private Bucket bucket(String shop) {
        return buckets.computeIfAbsent(shop, k -> new Bucket());
    }

    private static final class Bucket {
        /** Whether an answer has said anything yet. */
        boolean known;
        double available;
        double restoreRate;
        double maximum;
        long observedNanos;
        /** Since when a request that gives way to the poll has been waiting (0: none waits). */
        long yieldingSinceNanos;

        synchronized long waitMillisFor(int cost, double reserveShare, long nowNanos) {
            return take(cost, reserveShare, nowNanos, null);
        }

        /**
         * The wait for a request; a request that goes now ({@code spendIfWaiting} false) or whatever the wait (true)
         * is spent from the picture at once; null spends nothing.
         */
        synchronized long take(int cost, double reserveShare, long nowNanos, Boolean spendIfWaiting) {
            if (!known || restoreRate <= 0) {
                return 0;
            }
            double elapsed = (nowNanos - observedNanos) / 1e9;
            double now = Math.min(maximum, available + elapsed * restoreRate);
            // what gives way to the poll does so for a while, not for ever: a poll that keeps the bucket low would starve it
            boolean yieldedLongEnough = reserveShare > 0 && yieldingSinceNanos != 0 && nowNanos - yieldingSinceNanos > MAX_YIELD.toNanos();
            double needed = Math.min(maximum, cost + (yieldedLongEnough ? 0 : reserveShare) * maximum);
            long wait = now >= needed ? 0 : (long) Math.ceil((needed - now) / restoreRate * 1000);
            if (reserveShare > 0) {
                yieldingSinceNanos = wait == 0 ? 0 : yieldingSinceNanos == 0 ? nowNanos : yieldingSinceNanos;
            }
            if (spendIfWaiting != null && (wait == 0 || spendIfWaiting)) {
                available = now - cost;
                observedNanos = nowNanos;
            }
            return wait;
        }

        synchronized void observe(JsonNode throttleStatus, long nowNanos) {
            if (throttleStatus.isMissingNode()) {
                return;
            }
            known = true;
            available = throttleStatus.path("currentlyAvailable").asDouble(available);
            restoreRate = throttleStatus.path("restoreRate").asDouble(restoreRate);
            maximum = throttleStatus.path("maximumAvailable").asDouble(maximum);
            observedNanos = nowNanos;
        }
    }
}
