package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shop's bucket as its answers report it: a request waits for its cost; one that can wait leaves half to the order poll. */
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
}
