package io.kontor.stock.spi;

import java.time.Instant;

/**
 * Where a channel reports what it shows for a SKU (a webhook, a read): the stock workflow tells its own echo from a
 * change made on the channel by someone else.
 */
public interface ChannelStockReports {

    enum Verdict {
        /** The channel shows what the hub sent it last. */
        ECHO,
        /** Less than sent: the channel's own orders (they reach the hub as orders); noted, nothing else. */
        SOLD_ON_CHANNEL,
        /** Someone changed the figure on the channel: reported, then overwritten or taken over as configured. */
        EDITED_ON_CHANNEL,
        /** Older than what the hub knows already, or not a figure the hub publishes. */
        IGNORED
    }

    Verdict reported(String channel, String account, String sku, String location, int quantity, Instant at);

    /**
     * SKUs whose figure the channel account acknowledged at least {@code settle} ago, the longest unread first: what to
     * read back from a channel that sends no webhook and cannot be read whole (a channel that shows a change only a
     * while after taking it must not be read before).
     */
    java.util.List<String> toReadBack(String channel, String account, int limit, java.time.Duration settle);

    /**
     * A figure a channel showed at {@code at}, as a read of the channel found it ({@code location} empty where it has
     * none).
     *
     * @param quantity what the listing is set to (the hub's figure, or a person's)
     * @param sellable what buyers can buy, where the channel shows it apart from the setting and it may lag behind
     *                 (Amazon's summarised view); null where the channel has one figure
     */
    record Report(String sku, String location, int quantity, Integer sellable, Instant at) {

        public Report(String sku, String location, int quantity, Instant at) {
            this(sku, location, quantity, null, at);
        }
    }

    /** A read of the channel: each figure judged on its own; answers how many came to each verdict. */
    default java.util.Map<Verdict, Integer> reportedAll(String channel, String account, java.util.List<Report> reports) {
        java.util.Map<Verdict, Integer> verdicts = new java.util.EnumMap<>(Verdict.class);
        for (Report r : reports) {
            verdicts.merge(reported(channel, account, r.sku(), r.location() == null ? "" : r.location(), r.quantity(), r.at()), 1, Integer::sum);
        }
        return verdicts;
    }
}
