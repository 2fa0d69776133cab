package io.kontor.channel.ebay;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** eBay as a sales channel: its code, registered with the order workflow. */
@Configuration(proxyBeanMethods = false)
public class EbayChannel {

    public static final Channel EBAY = Channel.of("EBAY");

    @Bean
    SalesChannel ebaySalesChannel() {
        return new SalesChannel(EBAY, "eBay");
    }
}
