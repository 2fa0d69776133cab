package io.kontor.channel.amazon;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.platform.ProcessedMessageIds;
import io.kontor.stock.spi.StockOutlet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/** Amazon as a sales channel: its code, registered with the order workflow. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/channel/amazon/amazon-defaults.properties")
public class AmazonChannel {

    public static final Channel AMAZON = Channel.of("AMAZON");

    @Bean
    SalesChannel amazonSalesChannel() {
        return new SalesChannel(AMAZON, "Amazon");
    }

    /**
     * The seller's merchant-fulfilled listings show one figure per SKU (Amazon has no per-warehouse split); the stock
     * Amazon holds for its own fulfilment (FBA) is never pushed.
     */
    @Bean
    @ConditionalOnExpression("${kontor.channels.amazon.enabled:false} and ${kontor.channels.amazon.stock.enabled:true}")
    StockOutlet amazonStockOutlet(@Value("${kontor.channels.amazon.seller-id}") String sellerId) {
        return new StockOutlet(AMAZON, sellerId, null, false);
    }

    /** ORDER_CHANGE notifications taken, keyed by NotificationMetadata.NotificationId. */
    @Bean
    JdbcMessageIdRepository amazonOrderNotificationIds(DataSource dataSource, TransactionTemplate tx) {
        return ProcessedMessageIds.forProcessor(dataSource, tx, "amazon-order-notifications");
    }
}
