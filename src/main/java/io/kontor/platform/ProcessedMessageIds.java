package io.kontor.platform;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Idempotent repositories for channel deliveries (Camel's JDBC implementation on the Flyway-owned table
 * {@code camel_messageprocessed}), and their retention: an id is kept well beyond the longest retry window of
 * any channel (Shopify: 4 hours), then purged.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessedMessageIds {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessageIds.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;

    public ProcessedMessageIds(JdbcTemplate jdbc, @Value("${kontor.dedup.retention:P7D}") Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    /** Shopify webhook deliveries, keyed by X-Shopify-Event-Id. */
    @Bean
    JdbcMessageIdRepository shopifyWebhookEvents(DataSource dataSource, TransactionTemplate tx) {
        return repository(dataSource, tx, "shopify-order-webhooks");
    }

    /** Amazon ORDER_CHANGE notifications, keyed by NotificationMetadata.NotificationId. */
    @Bean
    JdbcMessageIdRepository amazonOrderNotificationIds(DataSource dataSource, TransactionTemplate tx) {
        return repository(dataSource, tx, "amazon-order-notifications");
    }

    /** Wholesale partners' files over SFTP, keyed by file name and size. */
    @Bean
    JdbcMessageIdRepository wholesaleCsvFiles(DataSource dataSource, TransactionTemplate tx) {
        return repository(dataSource, tx, "wholesale-csv-files");
    }

    /** Wholesale partners' EDIFACT interchanges over SFTP, keyed by file name and size. */
    @Bean
    JdbcMessageIdRepository wholesaleEdifactFiles(DataSource dataSource, TransactionTemplate tx) {
        return repository(dataSource, tx, "wholesale-edifact-files");
    }

    /** Suppliers' invoice files over SFTP, keyed by file name and size. */
    @Bean
    JdbcMessageIdRepository invoiceSftpFiles(DataSource dataSource, TransactionTemplate tx) {
        return repository(dataSource, tx, "invoice-sftp-files");
    }

    private static JdbcMessageIdRepository repository(DataSource dataSource, TransactionTemplate tx, String processor) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, tx, processor);
        repository.setCreateTableIfNotExists(false); // Flyway owns the table
        return repository;
    }

    /** Called hourly by the dedup-retention route. */
    public int purge() {
        int purged = jdbc.update("delete from camel_messageprocessed where createdat < now() - ?::interval",
                retention.toSeconds() + " seconds");
        if (purged > 0) {
            log.debug("Purged {} processed message ids older than {}", purged, retention);
        }
        return purged;
    }
}
