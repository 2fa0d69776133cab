package io.kontor.stock.spi;

import java.time.Instant;
import java.util.UUID;

/**
 * The figure a channel should show for a SKU at one of its locations: what the stock sink sends.
 *
 * @param location       the channel's location ({@link StockOutlet#ONE_FIGURE} for channels without)
 * @param quantity       available to sell on this channel, after its buffer
 * @param previous       what the channel showed as far as the hub knows (its acknowledgement or its own report);
 *                       null when the hub has never known it: for compare-and-set
 * @param idempotencyKey the same for every attempt of the same figure from the same previous one: a retry after a
 *                       lost answer is recognised by channels that take keys
 * @param changedAt      the stock movement the figure comes from (the first one not yet acknowledged)
 */
public record StockUpdate(String channel, String account, String sku, String location, int quantity, Integer previous,
                          UUID idempotencyKey, Instant changedAt) {
}
