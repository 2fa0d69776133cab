package io.kontor.platform;

import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which partner files the sftp-files-source kamelet has taken, by name and size. A file is recorded once it was
 * handled and before Camel moves it out of the drop, so a stop between the two leaves a handled file behind: the
 * next poll must move it on without reading it again. Camel's own idempotent consumer cannot tell that file from
 * one the partner dropped again (it skips both and leaves them lying); the file's modification time can: a
 * leftover was last written before it was taken, a file dropped again after.
 */
@Component("takenFiles")
public class TakenFiles {

    private static final Logger log = LoggerFactory.getLogger(TakenFiles.class);
    static final String KEY = "kontorFileKey";

    private final Map<String, JdbcMessageIdRepository> repositories;
    private final Map<String, JdbcMessageIdRepository> scoped = new java.util.concurrent.ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final javax.sql.DataSource dataSource;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    public TakenFiles(Map<String, JdbcMessageIdRepository> repositories, JdbcTemplate jdbc, javax.sql.DataSource dataSource,
                      org.springframework.transaction.support.TransactionTemplate tx) {
        this.repositories = repositories;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = tx;
    }

    /**
     * Before a file is read: false when it is new. True when the same name and size was taken before — left behind
     * by a stop between being taken and moved (it goes to done/ now), or dropped again (it goes to error/ with the
     * reason; changes must come under a new name).
     */
    public boolean seen(Exchange exchange, String repository) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        String key = name + "-" + exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class);
        exchange.setProperty(KEY, key);
        List<Timestamp> takenAt = jdbc.queryForList("select createdat from camel_messageprocessed where processorname = ? and messageid = ?",
                Timestamp.class, repository(repository).getProcessorName(), key);
        if (takenAt.isEmpty()) {
            return false;
        }
        Instant taken = takenAt.get(0).toInstant();
        Long modified = exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        // SFTP reports modification times in whole seconds: a file dropped again within the second it was taken
        // shows an earlier time than the taking. A leftover was unchanged for the read lock's seconds before it was
        // taken, so only a time before that second means leftover.
        if (modified != null && modified < taken.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toEpochMilli()) {
            log.warn("{} was taken at {} but not moved out of the drop (the hub stopped in between): moved to done/ now, not read again",
                    name, taken);
        } else {
            log.warn("{} (same name and size) was already taken at {}: set aside in error/, not read again", name, taken);
            exchange.setProperty(FileDrops.REJECTION, "A file of this name and size was already taken at " + taken
                    + "; it is not read again. Send changes or new orders in a file of a new name.");
        }
        return true;
    }

    /** After the file was handled (its content taken or rejected with a reason): recorded as taken. */
    public void taken(Exchange exchange, String repository) {
        repository(repository).add(exchange.getProperty(KEY, String.class));
    }

    /**
     * A repository bean by name; {@code bean@scope} is that repository's own for one of several drops that share a
     * route template (a warehouse's), so that equal file names on two servers are two files.
     */
    private JdbcMessageIdRepository repository(String name) {
        int at = name.indexOf('@');
        if (at > 0) {
            JdbcMessageIdRepository base = repository(name.substring(0, at));
            return scoped.computeIfAbsent(name, n -> ProcessedMessageIds.forProcessor(dataSource, tx, base.getProcessorName() + n.substring(at)));
        }
        JdbcMessageIdRepository repository = repositories.get(name);
        if (repository == null) {
            throw new IllegalArgumentException("No idempotent repository " + name + "; known: " + repositories.keySet());
        }
        return repository;
    }
}
