package io.kontor.channel.shopify;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.stock.spi.StockOutlet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/** Shopify as a sales channel: its code, registered with the order workflow, and its settings' defaults beside it. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/channel/shopify/shopify-defaults.properties")
public class ShopifyChannel {

    public static final Channel SHOPIFY = Channel.of("SHOPIFY");

    @Bean
    SalesChannel shopifySalesChannel() {
        return new SalesChannel(SHOPIFY, "Shopify");
    }

    /**
     * The shop shows stock at its locations, each from the warehouses configured for it; without a location configured
     * no stock is sent (Shopify keeps stock per location only), and the bean is absent.
     */
    @Bean
    @ConditionalOnExpression("${kontor.channels.shopify.enabled:false} and ${kontor.channels.shopify.stock.enabled:true}")
    StockOutlet shopifyStockOutlet(ShopifyChannelProperties shopify, ShopifyStockProperties stock) {
        return stock.byLocationId().isEmpty() ? null : new StockOutlet(SHOPIFY, shopify.shopDomain(), stock.byLocationId(), false);
    }
}
