package io.kontor.platform;

import io.kontor.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PollFreshnessTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final PollFreshness freshness = new PollFreshness(meters, clock);

    @Test
    void reportsHowFarBehindNowTheLastCompletePollReadPerSource() {
        freshness.readUpTo("SHOPIFY", "a.myshopify.com", "orders", clock.instant().minus(Duration.ofDays(7)));
        freshness.readUpTo("EBAY", "seller", "orders", clock.instant().minus(Duration.ofSeconds(30)));
        assertThat(behind("SHOPIFY")).isEqualTo(7 * 86_400.0);

        freshness.readUpTo("SHOPIFY", "a.myshopify.com", "orders", clock.instant().minus(Duration.ofSeconds(2)));
        assertThat(behind("SHOPIFY")).isEqualTo(2.0);
        assertThat(behind("EBAY")).isEqualTo(30.0);

        // no poll completes for a while: the gauge grows with the clock
        clock.advance(Duration.ofMinutes(5));
        assertThat(behind("SHOPIFY")).isEqualTo(302.0);
    }

    @Test
    void neverMovesBack() {
        assertThat(freshness.lastReadUpTo("SHOPIFY", "a.myshopify.com", "orders")).isEmpty();
        freshness.readUpTo("SHOPIFY", "a.myshopify.com", "orders", clock.instant().minus(Duration.ofSeconds(10)));
        // the next poll's start point (watermark less the overlap) lies before what was read
        freshness.readUpTo("SHOPIFY", "a.myshopify.com", "orders", clock.instant().minus(Duration.ofMinutes(2)));
        assertThat(behind("SHOPIFY")).isEqualTo(10.0);
        assertThat(freshness.lastReadUpTo("SHOPIFY", "a.myshopify.com", "orders")).contains(clock.instant().minus(Duration.ofSeconds(10)));
        assertThat(freshness.lastReadUpTo("SHOPIFY", "other.myshopify.com", "orders")).isEmpty();
    }

    private double behind(String channel) {
        return meters.get("kontor.channel.poll.behind").tag("channel", channel).gauge().value();
    }
}
