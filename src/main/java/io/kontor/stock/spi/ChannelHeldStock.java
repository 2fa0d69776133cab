package io.kontor.stock.spi;

import java.time.Instant;
import java.util.List;

/**
 * Where a channel reports the stock it holds and sells itself (Amazon's fulfilment centres): never pushed by the hub,
 * shown beside the warehouses' stock.
 */
public interface ChannelHeldStock {

    /**
     * One SKU as the channel holds it.
     *
     * @param fulfillable   units it can ship now
     * @param inbound       units on their way to it (sent, being received)
     * @param reserved      units held for its orders and transfers
     * @param unfulfillable units it cannot sell (damaged, expired)
     * @param asOf          when the channel last changed these figures
     */
    record Held(String sku, int fulfillable, int inbound, int reserved, int unfulfillable, int total, Instant asOf) {
    }

    /**
     * A complete read of what the channel account holds: every SKU's figures replace the ones kept, and a SKU the read
     * no longer lists is held no more. Answers the SKUs kept.
     */
    int held(String channel, String account, List<Held> held);
}
