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
}
