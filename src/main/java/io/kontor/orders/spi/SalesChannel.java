package io.kontor.orders.spi;

import io.kontor.model.Channel;

/**
 * A channel orders come from, declared by the channel as a bean: the order workflow takes orders of registered
 * channels only, and lists them ({@code GET /api/channels}).
 *
 * @param displayName people's name for it ("Shopify")
 */
public record SalesChannel(Channel channel, String displayName) {
}
