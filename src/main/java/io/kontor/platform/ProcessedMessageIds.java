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
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Idempotent repositories for deliveries (each channel or workflow declares its own with {@link #forProcessor}) (Camel's JDBC implementation on the Flyway-owned table
 * {@code camel_messageprocessed}), the same ids taken a consumed batch at a time (Shopify webhooks, keyed by
 * X-Shopify-Event-Id), and their retention: an id is kept well beyond the longest retry window of
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

    /** The ids one processor has taken, in the shared table. */
    public static JdbcMessageIdRepository forProcessor(DataSource dataSource, TransactionTemplate tx, String processor) {
        JdbcMessageIdRepository repository = new InsertOnce(dataSource, tx, processor);
        repository.setCreateTableIfNotExists(false); // Flyway owns the table
        repository.setInsertString("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING");
        return repository;
    }

    /**
     * Takes an id with one statement: Camel's repository counts, then inserts, in a transaction of its own — three
     * round trips and a commit for each webhook at peak, and two deliveries of one id at once made one fail on the
     * key. With {@code ON CONFLICT DO NOTHING} the insert itself tells whether the id is new.
     */
    static final class InsertOnce extends JdbcMessageIdRepository {
        InsertOnce(DataSource dataSource, TransactionTemplate tx, String processor) {
            super(dataSource, tx, processor);
        }

        @Override
        public boolean add(String key) {
            return insert(key) == 1;
        }
    }

    /** Of these ids, those the processor has not taken yet: one statement for a consumed batch. */
    public Set<String> notTaken(String processor, Collection<String> ids) {
        Set<String> out = new HashSet<>(ids);
        if (!ids.isEmpty()) {
            out.removeAll(jdbc.queryForList("select messageid from camel_messageprocessed where processorname = ? and messageid = any(?)",
                    String.class, processor, ids.toArray(String[]::new)));
        }
        return out;
    }

    /** Records ids as taken by the processor, in one statement; an id taken before keeps its first time. */
    public void take(String processor, Collection<String> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("""
                    insert into camel_messageprocessed (processorname, messageid, createdat)
                    select ?, id, localtimestamp from unnest(?::text[]) as t(id) on conflict do nothing""",
                    processor, ids.toArray(String[]::new));
        }
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
