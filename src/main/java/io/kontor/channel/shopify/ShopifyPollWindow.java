package io.kontor.channel.shopify;

import io.kontor.platform.PollFreshness;
import io.kontor.platform.Watermarks;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Which changes a poll reads: from the persisted watermark minus the overlap (a late search index is read again) up to
 * the second the poll started, and how the watermark moves once orders are handed on — after each page, or for a bulk
 * file (in no particular order of change) once all of it is.
 */
final class ShopifyPollWindow {

    private static final String STREAM = "orders";

    private final Watermarks watermarks;
    private final PollFreshness freshness;

    ShopifyPollWindow(Watermarks watermarks, PollFreshness freshness) {
        this.watermarks = watermarks;
        this.freshness = freshness;
    }

    /**
     * @param since  the first second read
     * @param until  the last second read: bounded at the poll's start, so that under a steady stream of changes a
     *               poll ends; what changes meanwhile is the next poll's
     * @param unread up to when the last complete poll of this process read every change (a quiet shop's watermark
     *               stands still, but its polls end)
     */
    record Bounds(Instant since, Instant until, Instant unread) {

        /** The same window from a later start. */
        Bounds from(Instant start) {
            return new Bounds(start, until, unread.isBefore(start) ? start : unread);
        }
    }

    Bounds open(String shop, Duration overlap, Duration initialLookback) {
        Instant since = watermarks.get(ShopifyChannel.SHOPIFY.name(), shop, STREAM)
                .map(w -> w.minus(overlap))
                .orElseGet(() -> Instant.now().minus(initialLookback));
        Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant unread = freshness.lastReadUpTo(ShopifyChannel.SHOPIFY.name(), shop, STREAM).orElse(since);
        freshness.readUpTo(ShopifyChannel.SHOPIFY.name(), shop, STREAM, since);
        return new Bounds(since, until, unread);
    }

    /** Shopify's search for orders changed after (op {@code >}) or from ({@code >=}) a second, up to another. */
    static String changedBetween(String op, Instant from, Instant until) {
        return "updated_at:" + op + "'" + DateTimeFormatter.ISO_INSTANT.format(from.truncatedTo(ChronoUnit.SECONDS))
                + "' AND updated_at:<='" + DateTimeFormatter.ISO_INSTANT.format(until) + "'";
    }

    /** After the page's orders are on Kafka: the watermark moves up to the newest change seen. */
    void pageHandedOn(ShopifyPollState s) {
        if (s.page != null && s.page.maxUpdatedAt() != null) {
            if (!s.bulk) {
                watermarks.advance(ShopifyChannel.SHOPIFY.name(), s.shop, STREAM, s.page.maxUpdatedAt());
            }
            s.page.commit(s.overlap);
        }
    }

    /** The whole window handed on. */
    void pollHandedOn(ShopifyPollState s) {
        if (s.bulk && s.pollMaxUpdatedAt != null) {
            watermarks.advance(ShopifyChannel.SHOPIFY.name(), s.shop, STREAM, s.pollMaxUpdatedAt);
        }
        freshness.readUpTo(ShopifyChannel.SHOPIFY.name(), s.shop, STREAM, s.until);
    }
}
