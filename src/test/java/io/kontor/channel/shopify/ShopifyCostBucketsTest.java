package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's bucket as its answers report it: a request waits for its cost; one that can wait leaves half to the order
 * poll, for two seconds at most — a poll that keeps the bucket low does not starve it.
 */
class ShopifyCostBucketsTest {

    private static void observe(ShopifyCostBuckets buckets, int available) throws Exception {
        buckets.observe("shop", new ObjectMapper().readTree("{\"extensions\":{\"cost\":{\"throttleStatus\":"
                + "{\"maximumAvailable\":1000.0,\"currentlyAvailable\":" + available + ",\"restoreRate\":50.0}}}}"));
    }

    @Test
    void aRequestThatCanWaitLeavesHalfTheBucketToTheOrderPoll() throws Exception {
        ShopifyCostBuckets buckets = new ShopifyCostBuckets();
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).as("nothing known yet").isZero();
        observe(buckets, 500);
        assertThat(buckets.waitMillisFor("shop", 50)).as("the order poll goes at once").isZero();
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).as("a stock push waits until 550 are there: about a second")
                .isBetween(900L, 1000L);
        observe(buckets, 600);
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).isZero();
        observe(buckets, 20);
        assertThat(buckets.waitMillisFor("shop", 50)).isBetween(500L, 600L);
    }

    @Test
    void aRequestThatGaveWayForTwoSecondsWaitsOnlyForItsOwnCost() throws Exception {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        ShopifyCostBuckets buckets = new ShopifyCostBuckets(nanos::get);
        observe(buckets, 300);
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).as("gives way: 550 needed").isPositive();
        nanos.addAndGet(1_000_000_000L);
        observe(buckets, 300); // the poll took what refilled
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).as("still giving way after a second").isPositive();
        nanos.addAndGet(1_500_000_000L);
        observe(buckets, 300);
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).as("after two seconds its own cost is enough").isZero();
        assertThat(buckets.waitMillisFor("shop", 50, 0.5)).as("having gone, the next one gives way again").isPositive();
    }

    @Test
    void whatThePollAndAStockPushAreAboutToSpendIsCountedBeforeShopifyAnswers() throws Exception {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
        ShopifyCostBuckets buckets = new ShopifyCostBuckets(nanos::get);
        observe(buckets, 1000);
        assertThat(buckets.reserve("shop", 900)).as("the poll's page goes at once").isZero();
        assertThat(buckets.waitMillisFor("shop", 50, 0)).as("a push on another thread sees 100 left").isZero();
        assertThat(buckets.waitMillisFor("shop", 100, 0)).as("and then 50: it waits a second for 100").isBetween(900L, 1000L);
        assertThat(buckets.reserve("shop", 900)).as("the next page waits for the pushes too").isBetween(17_000L, 18_100L);
    }
}
