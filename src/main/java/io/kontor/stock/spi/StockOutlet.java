package io.kontor.stock.spi;

import io.kontor.model.Channel;

import java.util.List;
import java.util.Map;

/**
 * A channel account that shows stock for sale, declared by the channel as a bean (only while the channel is on).
 *
 * @param locations     the channel's own locations and the warehouses whose stock each shows (Shopify: a location id
 *                      → warehouse codes); empty: the channel shows one figure per SKU
 * @param holdsOwnStock the channel keeps the stock it sells itself (Amazon FBA): read from it, never pushed
 */
public record StockOutlet(Channel channel, String account, Map<String, List<String>> locations, boolean holdsOwnStock) {

    public StockOutlet {
        locations = locations == null ? Map.of() : Map.copyOf(locations);
    }

    /** The location key of a channel that shows one figure per SKU. */
    public static final String ONE_FIGURE = "";
}
