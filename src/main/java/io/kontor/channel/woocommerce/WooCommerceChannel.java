package io.kontor.channel.woocommerce;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.platform.ProcessedMessageIds;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * WooCommerce as a sales channel: its code, its configuration with the defaults beside it, and the webhook
 * deliveries it has taken. Everything WooCommerce needs lives in this package, its routes and kamelets, and its
 * emulator; nothing outside names it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WooCommerceProperties.class)
@PropertySource("classpath:io/kontor/channel/woocommerce/woocommerce-defaults.properties")
public class WooCommerceChannel {

    public static final Channel WOOCOMMERCE = Channel.of("WOOCOMMERCE");

    @Bean
    SalesChannel woocommerceSalesChannel(WooCommerceProperties props) {
        if (props.enabled() && (blank(props.storeUrl()) || blank(props.consumerKey()) || blank(props.consumerSecret()) || blank(props.webhookSecret()))) {
            throw new IllegalStateException("WooCommerce is switched on (kontor.channels.woocommerce.enabled) but its store-url, consumer-key,"
                    + " consumer-secret or webhook-secret is missing: set KONTOR_CHANNELS_WOOCOMMERCE_STORE_URL, _CONSUMER_KEY, _CONSUMER_SECRET"
                    + " and _WEBHOOK_SECRET");
        }
        if (props.storeUrl() != null && props.storeUrl().endsWith("/")) {
            // the address is the orders' channel account: one spelling only
            throw new IllegalStateException("kontor.channels.woocommerce.store-url ends with '/': write it without, e.g. https://shop.example.com");
        }
        return new SalesChannel(WOOCOMMERCE, "WooCommerce");
    }

    /** Webhook deliveries taken, keyed by X-WC-Webhook-Delivery-ID. */
    @Bean
    JdbcMessageIdRepository woocommerceWebhookDeliveries(DataSource dataSource, TransactionTemplate tx) {
        return ProcessedMessageIds.forProcessor(dataSource, tx, "woocommerce-webhooks");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
