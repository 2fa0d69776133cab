package io.kontor.it.orders;

import io.kontor.it.TestInfrastructure;

import io.kontor.platform.ProcessedMessageIds;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery ids the idempotent routes take (webhook events, notifications, files), on real PostgreSQL. */
class ProcessedMessageIdsIT {

    private DriverManagerDataSource ds;
    private JdbcMessageIdRepository webhooks;

    @BeforeEach
    void database() throws Exception {
        ds = new DriverManagerDataSource(TestInfrastructure.get().newDatabase("ids"), "postgres", "postgres");
        Flyway.configure().dataSource(ds).load().migrate();
        webhooks = started(ProcessedMessageIds.forProcessor(ds, new TransactionTemplate(new DataSourceTransactionManager(ds)),
                "shopify-order-webhooks"));
    }

    @Test
    void anIdIsTakenOncePerProcessorAndAgainOnlyAfterItWasReleased() throws Exception {
        JdbcMessageIdRepository files = started(ProcessedMessageIds.forProcessor(ds,
                new TransactionTemplate(new DataSourceTransactionManager(ds)), "wholesale-csv-files"));

        assertThat(webhooks.add("event-1")).isTrue();
        assertThat(webhooks.add("event-1")).isFalse();
        assertThat(webhooks.contains("event-1")).isTrue();
        assertThat(files.add("event-1")).as("another processor's ids are its own").isTrue();

        // a failed delivery releases its id, so the channel's retry is taken
        assertThat(webhooks.remove("event-1")).isTrue();
        assertThat(webhooks.contains("event-1")).isFalse();
        assertThat(files.contains("event-1")).isTrue();
        assertThat(webhooks.add("event-1")).isTrue();
    }

    @Test
    void deliveriesOfOneIdAtOnceLetExactlyOneThroughAndFailNone() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "event-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> taken = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    taken.add(pool.submit(() -> {
                        go.await();
                        return webhooks.add(id);
                    }));
                }
                go.countDown();
                int firsts = 0;
                for (Future<Boolean> f : taken) {
                    firsts += f.get() ? 1 : 0; // a duplicate-key failure would surface here
                }
                assertThat(firsts).as("deliveries of %s let through", id).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConsumedBatchLearnsWhichOfItsIdsAreNewAndRecordsThemInOneGo() {
        ProcessedMessageIds ids = new ProcessedMessageIds(new JdbcTemplate(ds), Duration.ofDays(7));
        assertThat(webhooks.add("event-1")).isTrue();
        assertThat(ids.notTaken("shopify-order-webhooks", List.of("event-1", "event-2", "event-3")))
                .containsExactlyInAnyOrder("event-2", "event-3");
        ids.take("shopify-order-webhooks", List.of("event-2", "event-1")); // one taken before keeps its row
        assertThat(ids.notTaken("shopify-order-webhooks", List.of("event-1", "event-2", "event-3"))).containsExactly("event-3");
        assertThat(ids.notTaken("wholesale-csv-files", List.of("event-1"))).as("another processor's ids are its own").containsExactly("event-1");
        assertThat(webhooks.contains("event-2")).isTrue();
        assertThat(new JdbcTemplate(ds).queryForObject("select count(*) from camel_messageprocessed", Integer.class)).isEqualTo(2);
    }

    @Test
    void idsOlderThanTheRetentionArePurged() throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        assertThat(webhooks.add("old")).isTrue();
        assertThat(webhooks.add("fresh")).isTrue();
        jdbc.update("update camel_messageprocessed set createdat = createdat - interval '8 days' where messageid = 'old'");

        assertThat(new ProcessedMessageIds(jdbc, Duration.ofDays(7)).purge()).isEqualTo(1);
        assertThat(webhooks.contains("old")).isFalse();
        assertThat(webhooks.contains("fresh")).isTrue();
    }

    private static JdbcMessageIdRepository started(JdbcMessageIdRepository repository) throws Exception {
        repository.start();
        return repository;
    }
}
