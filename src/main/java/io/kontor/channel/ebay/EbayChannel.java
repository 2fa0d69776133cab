package io.kontor.channel.ebay;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.stock.spi.StockOutlet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** eBay as a sales channel: its code, registered with the order workflow. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/channel/ebay/ebay-defaults.properties")
public class EbayChannel {

    public static final Channel EBAY = Channel.of("EBAY");

    @Bean
    SalesChannel ebaySalesChannel() {
        return new SalesChannel(EBAY, "eBay");
    }

    /** The seller's listings show one figure per SKU (its ship-to quantity and its offers'). */
    @Bean
    @ConditionalOnExpression("${kontor.channels.ebay.enabled:false} and ${kontor.channels.ebay.stock.enabled:true}")
    StockOutlet ebayStockOutlet(@Value("${kontor.channels.ebay.seller-id}") String sellerId) {
        return new StockOutlet(EBAY, sellerId, null, false);
    }
}
