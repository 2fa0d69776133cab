package io.kontor.channel.amazon;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.platform.ProcessedMessageIds;
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

    /** ORDER_CHANGE notifications taken, keyed by NotificationMetadata.NotificationId. */
    @Bean
    JdbcMessageIdRepository amazonOrderNotificationIds(DataSource dataSource, TransactionTemplate tx) {
        return ProcessedMessageIds.forProcessor(dataSource, tx, "amazon-order-notifications");
    }
}
