package io.kontor.channel.ebay;

import io.kontor.stock.spi.StockUpdate;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listing's 250 revisions a day: a burst of 50, the rest spread over 24 hours; rises only while 25 are left, falls
 * while 5 are, the last 5 for selling out — and never more than 250 in any 24 hours, whatever the figures do.
 */
class EbayRevisionBudgetTest {

    /** An in-memory store: a restart of the budget object keeps the buckets, as the table does. */
    static final class Memory implements EbayRevisionBudget.Store {
        final Map<String, EbayRevisionBudget.Bucket> buckets = new HashMap<>();

        @Override
        public Map<String, EbayRevisionBudget.Bucket> load(String sellerId, List<String> skus) {
            Map<String, EbayRevisionBudget.Bucket> out = new HashMap<>();
            skus.forEach(s -> {
                if (buckets.containsKey(sellerId + "|" + s)) {
                    out.put(s, buckets.get(sellerId + "|" + s));
                }
            });
            return out;
        }

        @Override
        public void save(String sellerId, Map<String, EbayRevisionBudget.Bucket> taken) {
            taken.forEach((sku, b) -> buckets.put(sellerId + "|" + sku, b));
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T00:00:00Z"));
    private final Memory memory = new Memory();

    private static StockUpdate figure(int quantity, Integer previous) {
        return new StockUpdate("EBAY", "seller", "TS-BLK-M", "", quantity, previous, UUID.randomUUID(), Instant.EPOCH);
    }

    @Test
    void halfTheBurstForRisesThenFallsThenTheLastFewForSellingOut() {
        EbayRevisionBudget budget = new EbayRevisionBudget(memory, 250, clock);
        int risesSent = 0;
        while (budget.take("seller", List.of(figure(10, 5))).get(0) == null) {
            risesSent++;
        }
        assertThat(risesSent).as("half of the burst of a fifth of the day").isEqualTo(25);
        int fallsSent = 0;
        while (budget.take("seller", List.of(figure(4, 5))).get(0) == null) {
            fallsSent++;
        }
        assertThat(fallsSent).isEqualTo(20);
        int soldOut = 0;
        while (budget.take("seller", List.of(figure(0, 4))).get(0) == null) {
            soldOut++;
        }
        assertThat(soldOut).isEqualTo(5);
        Instant next = budget.take("seller", List.of(figure(0, 4))).get(0);
        assertThat(Duration.between(clock.instant(), next)).as("one revision refills in 24 h / 200").isBetween(Duration.ofMinutes(7),
                Duration.ofMinutes(8));
    }

    @Test
    void noTwentyFourHoursEverHoldMoreThanTwoHundredFiftyRevisionsWhateverTheFiguresDo() {
        EbayRevisionBudget budget = new EbayRevisionBudget(memory, 250, clock);
        List<Instant> sent = new ArrayList<>();
        // three days of a figure changing every 20 seconds, up and down; the budget object made anew now and then
        for (int i = 0; i < 3 * 24 * 180; i++) {
            if (i % 1000 == 0) {
                budget = new EbayRevisionBudget(memory, 250, clock);
            }
            if (budget.take("seller", List.of(figure(i % 2 == 0 ? 3 : 9, i % 2 == 0 ? 9 : 3))).get(0) == null) {
                sent.add(clock.instant());
            }
            clock.advance(Duration.ofSeconds(20));
        }
        int most = 0;
        for (int from = 0, to = 0; to < sent.size(); to++) {
            while (sent.get(from).isBefore(sent.get(to).minus(Duration.ofHours(24)))) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        assertThat(most).isLessThanOrEqualTo(250);
        assertThat(sent.size()).as("the day's revisions are used, not hoarded").isGreaterThan(3 * 200);
    }
}
