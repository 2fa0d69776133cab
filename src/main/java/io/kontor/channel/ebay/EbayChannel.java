package io.kontor.channel.ebay;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
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
}
