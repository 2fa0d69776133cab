package io.kontor.channel.amazon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client-side bucket spaces requests a little below what Amazon's bucket allows, never above. */
class RequestPacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstGoesOutAtOnceLessTheTokenKeptInHand() {
        RequestPacer pacer = new RequestPacer(0.5, 30, 0);
        for (int i = 0; i < 29; i++) {
            assertThat(pacer.reserveMillis(0)).isZero();
        }
        // the 30th request waits: one token stays in hand against jitter
        assertThat(pacer.reserveMillis(0)).isEqualTo(2106); // 1 / (0.5 × 0.95) s
    }

    @Test
    void theRateComesFromAmazonsHeaderAndA429EmptiesTheBucket() {
        RequestPacer pacer = new RequestPacer(0.0167, 20, 0);
        for (int i = 0; i < 19; i++) {
            pacer.reserveMillis(0);
        }
        assertThat(pacer.waitMillis(0)).isEqualTo((long) Math.ceil(1 / (0.0167 * 0.95) * 1000));
        pacer.observeRate(2.0);
        assertThat(pacer.waitMillis(0)).isEqualTo(527); // 1 / 1.9 s
        assertThat(pacer.waitMillis(SECOND)).isZero();
        pacer.throttled(SECOND);
        assertThat(pacer.waitMillis(SECOND)).isEqualTo(527);
        pacer.observeRate(-1); // a malformed or absent rate changes nothing
        assertThat(pacer.rate()).isEqualTo(1.9);
    }

    @Test
    void overAnyWindowThePacerSendsNoMoreThanAmazonsBucketAdmits() {
        double rate = 0.5;
        int burst = 30;
        RequestPacer pacer = new RequestPacer(rate, burst, 0);
        long now = 0;
        int sent = 0;
        while (now < 600 * SECOND) {
            now += pacer.reserveMillis(now) * 1_000_000L;
            sent++;
        }
        // Amazon admits the burst plus rate × time; the pacer stays below
        assertThat(sent).isLessThanOrEqualTo((int) (burst + rate * 600)).isGreaterThan((int) (0.9 * (burst + rate * 600)));
    }
}
