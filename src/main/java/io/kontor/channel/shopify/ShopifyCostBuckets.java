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

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** How long to wait before a request of this cost finds enough in the shop's bucket (0 when unknown yet). */
    long waitMillisFor(String shop, int cost) {
        return bucket(shop).waitMillisFor(cost, 0);
    }

    /**
     * The same for a request that must leave {@code reserveShare} of the bucket's size to others: what can wait (a
     * stock figure, a shipment confirmation) gives way to the order poll rather than draining the bucket it needs.
     */
    long waitMillisFor(String shop, int cost, double reserveShare) {
        return bucket(shop).waitMillisFor(cost, reserveShare);
    }

    /** What Shopify said about the bucket with an answer. */
    void observe(String shop, JsonNode response) {
        bucket(shop).observe(response.path("extensions").path("cost").path("throttleStatus"));
    }

    private Bucket bucket(String shop) {
        return buckets.computeIfAbsent(shop, k -> new Bucket());
    }

    private static final class Bucket {
        double available = -1;
        double restoreRate;
        double maximum;
        long observedNanos;

        synchronized long waitMillisFor(int cost, double reserveShare) {
            if (available < 0 || restoreRate <= 0) {
                return 0;
            }
            double elapsed = (System.nanoTime() - observedNanos) / 1e9;
            double now = Math.min(maximum, available + elapsed * restoreRate);
            double needed = Math.min(maximum, cost + reserveShare * maximum);
            return now >= needed ? 0 : (long) Math.ceil((needed - now) / restoreRate * 1000);
        }

        synchronized void observe(JsonNode throttleStatus) {
            if (throttleStatus.isMissingNode()) {
                return;
            }
            available = throttleStatus.path("currentlyAvailable").asDouble(available);
            restoreRate = throttleStatus.path("restoreRate").asDouble(restoreRate);
            maximum = throttleStatus.path("maximumAvailable").asDouble(maximum);
            observedNanos = System.nanoTime();
        }
    }
}
