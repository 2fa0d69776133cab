package io.kontor.stock.spi;

/**
 * What a channel said to one {@link StockUpdate}. A transient fault (throttled, unreachable, 5xx) is not a result: the
 * sink throws {@code platform.TransientChannelException} and the whole batch is tried again later.
 *
 * @param reported what the channel says it shows, when it said so (null otherwise)
 * @param message  the channel's words for a refusal, or why a figure was held back
 * @param retryAt  when a figure held back may go (null otherwise)
 */
public record StockPushResult(Outcome outcome, Integer reported, String message, java.time.Instant retryAt) {

    public enum Outcome {
        /** The channel took the figure. */
        ACKNOWLEDGED,
        /** Compare-and-set refused: the channel showed something else ({@code reported}); nothing was changed. */
        STALE,
        /** The channel does not sell this SKU (at this location). */
        NOT_LISTED,
        /** The channel refused the figure for a reason of its own. */
        REFUSED,
        /** Not applied because another entry of the same call was refused: send it again. */
        NOT_APPLIED,
        /**
         * Taken for processing later (a bulk feed): the channel's answer comes when it has processed it, through the
         * same {@code pushed}; until then the figure stays in flight, and is sent again if no answer comes.
         */
        SUBMITTED,
        /**
         * Not sent: the channel's own budget for this target is spent for now (eBay's revisions a listing a day); the
         * newest figure goes at {@code retryAt}, changes until then coalesced into it.
         */
        DEFERRED
    }

    public static StockPushResult acknowledged() {
        return new StockPushResult(Outcome.ACKNOWLEDGED, null, null, null);
    }

    public static StockPushResult stale(Integer reported) {
        return new StockPushResult(Outcome.STALE, reported, null, null);
    }

    public static StockPushResult notListed(String message) {
        return new StockPushResult(Outcome.NOT_LISTED, null, message, null);
    }

    public static StockPushResult refused(String message) {
        return new StockPushResult(Outcome.REFUSED, null, message, null);
    }

    public static StockPushResult submitted() {
        return new StockPushResult(Outcome.SUBMITTED, null, null, null);
    }

    public static StockPushResult deferred(java.time.Instant retryAt, String why) {
        return new StockPushResult(Outcome.DEFERRED, null, why, retryAt);
    }

    public static StockPushResult notApplied() {
        return new StockPushResult(Outcome.NOT_APPLIED, null, null, null);
    }
}
