package io.kontor.channel.ebay;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** getOrders' filter takes dates in UTC with exactly three fraction digits, also at a whole second. */
class EbayFilterDateTest {

    @Test
    void aFilterDateAlwaysHasMilliseconds() {
        assertThat(EbayOrdersPoller.filterDate(Instant.parse("2026-12-07T08:00:00Z"))).isEqualTo("2026-12-07T08:00:00.000Z");
        assertThat(EbayOrdersPoller.filterDate(Instant.parse("2026-12-07T08:00:00.5Z"))).isEqualTo("2026-12-07T08:00:00.500Z");
        assertThat(EbayOrdersPoller.filterDate(Instant.parse("2026-12-07T08:00:00.123456789Z"))).isEqualTo("2026-12-07T08:00:00.123Z");
    }
}
