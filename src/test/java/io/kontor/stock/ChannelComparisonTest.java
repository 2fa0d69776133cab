package io.kontor.stock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the reconciliation judges one channel figure: the channel's own orders and a pending push explain a difference,
 * a figure above the ledger's is drift, and a listing set right but sold at another figure long after the channel took
 * it is not sellable — judged only on a read made once the channel should show it.
 */
class ChannelComparisonTest {

    private static final Instant ACK = Instant.parse("2026-12-08T10:00:00Z");
    private static final Duration BOUND = Duration.ofMinutes(30);

    private static StockReconciliation.Finding judge(int wanted, Integer published, int reported, String status, Integer sellable, Instant readAt) {
        return StockReconciliation.compareChannel("AMAZON A1", "TS-BLK-M", "", new StockReconciliation.ChannelFigures(wanted, published, reported,
                readAt, status, sellable, readAt, ACK), readAt, BOUND);
    }

    @Test
    void aListingSetRightButSoldAtAnotherFigureLongAfterItWasTakenIsNotSellable() {
        StockReconciliation.Finding f = judge(18, 18, 18, "SYNCED", 0, ACK.plus(Duration.ofMinutes(31)));
        assertThat(f.classification()).isEqualTo("NOT_SELLABLE");
        assertThat(f.reported()).isZero();
        assertThat(f.difference()).isEqualTo(-18);
        assertThat(f.suggestion()).startsWith("PUSH_LEDGER");
        assertThat(f.explanation()).contains("set to 18").contains("buy 0").contains("31 minutes");
    }

    @Test
    void aSummaryStillCatchingUpOrAReadFromBeforeTheBoundIsNoDiscrepancy() {
        assertThat(judge(18, 18, 18, "SYNCED", 0, ACK.plus(Duration.ofMinutes(29)))).isNull();
        assertThat(judge(18, 18, 18, "SYNCED", 18, ACK.plus(Duration.ofHours(2)))).isNull();
        assertThat(judge(18, 18, 18, "SYNCED", null, ACK.plus(Duration.ofHours(2)))).as("a channel with one figure").isNull();
    }

    @Test
    void aFigureAboveTheLedgersIsDriftAndOneBelowItIsTheChannelsOwnOrdersForAWhile() {
        assertThat(judge(18, 18, 25, "SYNCED", null, ACK.plus(Duration.ofMinutes(5))).classification()).isEqualTo("CHANNEL_DRIFT");
        assertThat(judge(18, 18, 15, "SYNCED", null, ACK.plus(Duration.ofMinutes(5))).classification()).isEqualTo("EXPLAINED");
        assertThat(judge(20, 18, 18, "PENDING", null, ACK.plus(Duration.ofMinutes(5))).classification()).isEqualTo("EXPLAINED");
    }
}
