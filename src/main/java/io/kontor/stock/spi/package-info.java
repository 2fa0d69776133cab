/**
 * What the stock workflow declares for the channels: a channel account that shows stock for sale
 * ({@link io.kontor.stock.spi.StockOutlet}), the figures handed to its stock sink ({@link io.kontor.stock.spi.StockUpdate}),
 * what the sink answers for each ({@link io.kontor.stock.spi.StockPushResult}), where a channel reports what it
 * shows itself ({@link io.kontor.stock.spi.ChannelStockReports}) and what it holds and sells itself
 * ({@link io.kontor.stock.spi.ChannelHeldStock}). Channels import this package only.
 */
package io.kontor.stock.spi;
