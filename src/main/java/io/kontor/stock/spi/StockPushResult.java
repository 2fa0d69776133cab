package io.kontor.stock.spi;

/**
 * What a channel said to one {@link StockUpdate}. A transient fault (throttled, unreachable, 5xx) is not a result: the
 * sink throws {@code platform.TransientChannelException} and the whole batch is tried again later.
 *
 * @param reported what the channel says it shows, when it said so (null otherwise)
 * @param message  the channel's words for a refusal
 */
public record StockPushResult(Outcome outcome, Integer reported, String message) {

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
        NOT_APPLIED
    }

    public static StockPushResult acknowledged() {
        return new StockPushResult(Outcome.ACKNOWLEDGED, null, null);
    }

    public static StockPushResult stale(Integer reported) {
        return new StockPushResult(Outcome.STALE, reported, null);
    }

    public static StockPushResult notListed(String message) {
        return new StockPushResult(Outcome.NOT_LISTED, null, message);
    }

    public static StockPushResult refused(String message) {
        return new StockPushResult(Outcome.REFUSED, null, message);
    }

    public static StockPushResult notApplied() {
        return new StockPushResult(Outcome.NOT_APPLIED, null, null);
    }
}
