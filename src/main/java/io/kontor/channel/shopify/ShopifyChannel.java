package io.kontor.channel.shopify;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
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
}
