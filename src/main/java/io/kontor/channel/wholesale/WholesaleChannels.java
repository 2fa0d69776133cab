package io.kontor.channel.wholesale;

import io.kontor.model.Channel;
import io.kontor.orders.spi.SalesChannel;
import io.kontor.platform.ProcessedMessageIds;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/** A wholesale partner's two ways of ordering, each a sales channel of its own: CSV files and EDIFACT ORDERS. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/channel/wholesale/wholesale-defaults.properties")
public class WholesaleChannels {

    public static final Channel WHOLESALE_CSV = Channel.of("WHOLESALE_CSV");
    public static final Channel WHOLESALE_EDIFACT = Channel.of("WHOLESALE_EDIFACT");

    @Bean
    SalesChannel wholesaleCsvSalesChannel() {
        return new SalesChannel(WHOLESALE_CSV, "Wholesale CSV");
    }

    @Bean
    SalesChannel wholesaleEdifactSalesChannel() {
        return new SalesChannel(WHOLESALE_EDIFACT, "Wholesale EDIFACT");
    }

    /** Partners' CSV files taken over SFTP, keyed by file name and size. */
    @Bean
    JdbcMessageIdRepository wholesaleCsvFiles(DataSource dataSource, TransactionTemplate tx) {
        return ProcessedMessageIds.forProcessor(dataSource, tx, "wholesale-csv-files");
    }

    /** Partners' EDIFACT interchanges taken over SFTP, keyed by file name and size. */
    @Bean
    JdbcMessageIdRepository wholesaleEdifactFiles(DataSource dataSource, TransactionTemplate tx) {
        return ProcessedMessageIds.forProcessor(dataSource, tx, "wholesale-edifact-files");
    }
}
