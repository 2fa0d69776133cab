package io.kontor.it.orders;

import io.kontor.it.TestInfrastructure;

import io.kontor.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.shopify.ShopifyGraphqlOrderMapper;
import io.kontor.channel.shopify.ShopifyOrdersQuery;
import io.kontor.model.Order;
import io.kontor.orders.OrderRepository;
import io.kontor.orders.OrderRepository.Candidate;
import io.kontor.orders.OrderRepository.StoredVersion;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch upsert on real PostgreSQL: versions of one order in one batch, duplicates, same-second edits. */
class OrderRepositoryIT {

    private static final String SHOP = "repo.myshopify.com";
    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();
    private final SandboxShop shop = new SandboxShop();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private final ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, 11, clock);
    private final ShopifyAdminApi api = new ShopifyAdminApi(shop,
            new ShopifyEmulatorProperties(SHOP, "t", 1e9, 1e9, 1_000_000, 200, 0, 0, 1), System::nanoTime);
    private JdbcTemplate jdbc;
    private DriverManagerDataSource ds;
    private OrderRepository repository;

    @BeforeEach
    void database() {
        ds = new DriverManagerDataSource(TestInfrastructure.get().newDatabase("repo"), "postgres", "postgres");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = new JdbcTemplate(ds);
        repository = new OrderRepository(jdbc, json);
    }

    @Test
    void aBatchWithSeveralVersionsOfOneOrderStoresEachInTurnAndIgnoresRepeats() throws Exception {
        long id = generator.createOrder();
        long other = generator.createOrder();
        Candidate v1 = candidate(id);
        Candidate first = candidate(other);
        Instant later = clock.instant().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        shop.update(id, later, o -> {
            o.put("email", "changed@example.com");
            return o;
        });
        Candidate v2 = candidate(id);
        // a second change within the same second: Shopify's updatedAt cannot tell them apart, the payload can
        shop.update(id, later, o -> {
            o.put("phone", "+49 30 1234567");
            return o;
        });
        Candidate v3 = candidate(id);

        List<StoredVersion> stored = storeNew(List.of(v1, first, v2, v1, v3, v2));
        assertThat(stored).extracting(StoredVersion::revision).containsExactly(1, 1, 2, 3);
        assertThat(stored.get(2).order().buyer().email()).isEqualTo("changed@example.com");
        assertThat(stored.get(3).canonicalJson()).contains("+49 30 1234567").doesNotContain("\"raw\"");
        assertThat(jdbc.queryForObject("select revision from orders where channel_order_id = ?", Integer.class,
                v1.order().channelOrderId())).isEqualTo(3);
        assertThat(jdbc.queryForList("select v.revision from order_versions v join orders o on o.id = v.order_id "
                + "where o.channel_order_id = ? order by v.revision", Integer.class, v1.order().channelOrderId())).containsExactly(1, 2, 3);

        // the same batch again (a replay after a crash) changes nothing; an older version never wins
        assertThat(storeNew(List.of(v1, first, v2, v1, v3, v2))).isEmpty();
        assertThat(storeNew(List.of(v1))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from order_versions", Integer.class)).isEqualTo(4);
        assertThat(jdbc.queryForObject("select grand_total::text from orders where channel_order_id = ?", String.class,
                first.order().channelOrderId())).isEqualTo(first.order().grandTotal().settlement().amount().setScale(4).toPlainString());
        assertThat(jdbc.queryForObject("select channel_updated_at = ?::timestamptz from orders where channel_order_id = ?", Boolean.class,
                later.toString(), v1.order().channelOrderId())).isTrue();
    }

    @Test
    void aVersionWrittenByOthersAfterItWasFoundNewIsRefusedWhole() throws Exception {
        Candidate v1 = candidate(generator.createOrder());
        List<OrderRepository.NewVersion> fresh = repository.newVersions(List.of(v1));
        storeFound(fresh);
        // without the lock of one transaction, the same finding written twice: the upsert's guard refuses it
        // retried by the routes' policy for transient faults (a TransientDataAccessException), not parked
        assertThatThrownBy(() -> storeFound(fresh)).isInstanceOf(org.springframework.dao.TransientDataAccessException.class)
                .hasMessageContaining("0 of 1 written as found new");
        assertThat(jdbc.queryForObject("select count(*) from order_versions", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select revision from orders", Integer.class)).isEqualTo(1);
    }

    @Test
    void twoConsumersStoringOneNewOrderAtOnceLeaveOneVersionAndTheSecondIsRetried() throws Exception {
        // a rebalance can hand a partition to a second consumer while the first still stores its batch
        Candidate v1 = candidate(generator.createOrder());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        CountDownLatch firstStored = new CountDownLatch(1);
        CountDownLatch secondFound = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            storeNew(List.of(v1));
            firstStored.countDown();
            awaitLatch(secondFound);
        }));
        assertThat(firstStored.await(20, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            // the first one's row is not committed yet: the version looks new here too
            List<OrderRepository.NewVersion> fresh = repository.newVersions(List.of(v1));
            assertThat(fresh).hasSize(1);
            secondFound.countDown();
            storeFound(fresh); // waits for the first one's commit, then its guard refuses
        })).isInstanceOf(org.springframework.dao.TransientDataAccessException.class);
        first.get(20, TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("select count(*) from order_versions", Integer.class)).isEqualTo(1);
        // the retry finds it stored
        List<OrderRepository.NewVersion> afterRetry = tx.execute(s -> repository.newVersions(List.of(v1)));
        assertThat(afterRetry).isEmpty();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPolledPageLeavesOutTheVersionsAlreadyStored() throws Exception {
        long id = generator.createOrder();
        Order v1 = candidate(id).order();
        storeNew(List.of(repository.candidate(v1)));
        // the same version read again by a poll, and as it comes off the queue's JSON
        Order again = candidate(id).order();
        Order viaQueue = json.readValue(json.writeValueAsBytes(v1), Order.class);
        // a second change within the same second: new, though its change time is the stored one
        shop.update(id, v1.channelUpdatedAt(), o -> {
            o.put("phone", "+49 30 1234567");
            return o;
        });
        Order sameSecond = candidate(id).order();
        Order other = candidate(generator.createOrder()).order();
        assertThat(repository.notStoredYet(List.of(again, viaQueue, sameSecond, other))).containsExactly(sameSecond, other);

        // once a newer version is stored, an older one is no news either
        shop.update(id, v1.channelUpdatedAt().plusSeconds(60), o -> {
            o.put("email", "changed@example.com");
            return o;
        });
        Order v2 = candidate(id).order();
        storeNew(List.of(repository.candidate(v2)));
        assertThat(repository.notStoredYet(List.of(sameSecond, v2, other))).containsExactly(other);
    }

    @Test
    void aBatchLockSkipsTheOrdersAnotherTransactionHoldsAndKeepsTheWaitingOrder() throws Exception {
        List<StoredVersion> stored = storeNew(List.of(candidate(generator.createOrder()), candidate(generator.createOrder())));
        java.util.UUID busy = stored.get(0).orderId();
        java.util.UUID free = stored.get(1).orderId();
        try (java.sql.Connection intake = ds.getConnection()) {
            intake.setAutoCommit(false);
            try (var lock = intake.prepareStatement("select id from orders where id = ? for update")) {
                lock.setObject(1, busy);
                lock.executeQuery().close();
            }
            // returns at once, without the order being stored elsewhere just now
            assertThat(repository.lockCurrentUnlessBusy(List.of(busy, free))).extracting(StoredVersion::orderId).containsExactly(free);
            intake.rollback();
        }
        assertThat(repository.lockCurrentUnlessBusy(List.of(free, busy))).extracting(StoredVersion::orderId).containsExactly(free, busy);
        assertThat(repository.lockCurrentUnlessBusy(List.of(busy, free))).extracting(StoredVersion::orderId).containsExactly(busy, free);
    }

    private Candidate candidate(long id) throws Exception {
        clock.advance(Duration.ofSeconds(1));
        JsonNode nodes = json.valueToTree(api.execute("t", ShopifyOrdersQuery.ordersSince(50),
                Map.of("first", 50, "q", "updated_at:>='2026-01-01T00:00:00Z'"), null).body()).at("/data/orders/nodes");
        for (JsonNode node : nodes) {
            if (node.path("id").asText().endsWith("/" + id)) {
                return repository.candidate(new ShopifyGraphqlOrderMapper().map(node, SHOP, "2026-01"));
            }
        }
        throw new AssertionError("order " + id + " not in the shop");
    }

    /** The intake's two steps, without stock: find the new versions, write them with the hub's holds. */
    private List<StoredVersion> storeNew(List<Candidate> candidates) {
        return storeFound(repository.newVersions(candidates));
    }

    private List<StoredVersion> storeFound(List<OrderRepository.NewVersion> fresh) {
        return repository.store(fresh, fresh.stream().map(v -> new io.kontor.orders.CanonicalOrders(json).canonical(v.candidate(), null, List.of())).toList());
    }
}
