package io.kontor.channel.wholesale;

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

    /** The partner learns our available stock from STOCK csv files (one figure per SKU). */
    @Bean
    @ConditionalOnExpression("${kontor.channels.wholesale-csv.enabled:false} and ${kontor.channels.wholesale-csv.stock.enabled:true}")
    StockOutlet wholesaleCsvStockOutlet(@Value("${kontor.channels.wholesale-csv.partner}") String partner) {
        return new StockOutlet(WHOLESALE_CSV, partner, null, false);
    }

    /** ... and, where it orders by EDIFACT, from EANCOM INVRPT inventory reports. */
    @Bean
    @ConditionalOnExpression("${kontor.channels.wholesale-edifact.enabled:false} and ${kontor.channels.wholesale-edifact.stock.enabled:true}")
    StockOutlet wholesaleEdifactStockOutlet(@Value("${kontor.channels.wholesale-csv.partner}") String partner) {
        return new StockOutlet(WHOLESALE_EDIFACT, partner, null, false);
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
