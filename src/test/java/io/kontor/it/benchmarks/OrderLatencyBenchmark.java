package io.kontor.it.benchmarks;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import io.kontor.it.TopicReader;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.sandbox.shopify.ShopifyWebhookSender;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load driver for docs/benchmarks.md: latency from a channel-side change to a routed order, at a stated normal load
 * and at three times that. The channel signal is Shopify's push path: the emulated shop creates orders at a fixed
 * rate and delivers each as a signed {@code orders/create} webhook; the hub (production shape, stock reservation and
 * routing on, two warehouses) verifies, maps, queues, stores, reserves, routes and publishes it to the ERP feed. An
 * order counts as routed when its ERP record with a routing decision arrives on {@code kontor.erp.orders.v1} — after
 * the intake transaction committed. Polling channels are bounded by their poll interval instead (Amazon's getOrders
 * allows one request a minute), so they are not what a sub-second target can be about.
 * <p>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kontor.it.OrderLatencyBenchmark -Dexec.args="200 30"}
 * (normal load in orders/s, seconds per phase).
 */
public final class OrderLatencyBenchmark {

    private static final String SECRET = "shpss_latency_bench_secret";
    /** The polling backstop's interval (third argument, ms): it reads every order the webhooks brought once more. */
    public static int POLL_INTERVAL = 60_000;
    public static final Map<String, Long> SENT_WALL = new ConcurrentHashMap<>();
    public static Hub HUB;
    private static final java.util.concurrent.atomic.AtomicLong ERP_RECORDS = new java.util.concurrent.atomic.AtomicLong();

    public static void main(String[] args) throws Exception {
        int normal = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        POLL_INTERVAL = args.length > 2 ? Integer.parseInt(args[2]) : 60_000;
        Path work = Files.createTempDirectory("kontor-latency");
        TestInfrastructure.get();
        ObjectMapper json = new ObjectMapper();
        // Shopify Plus: 1,000 points/s (the bucket of ten seconds' worth is assumed); a stated normal load of
        // 200 orders/s is a Plus or Enterprise shop, and the backstop poll may read only what the plan allows
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(10_000, 1_000);
             Hub hub = new Hub("latency", emulator.baseUrl(), work)
                     .with("kontor.channels.shopify.client-secret", SECRET)
                     // polling stays the backstop, as in production; the webhooks carry the load
                     .with("kontor.channels.shopify.poll-interval", POLL_INTERVAL)
                     .with("kontor.erp.feed-dir-enabled", false)
                     .with("kontor.fulfilment.enabled", true)
                     .with("kontor.fulfilment.wave-interval", 3_600_000)
                     .with("kontor.fulfilment.warehouses[0].code", "DE-KOELN").with("kontor.fulfilment.warehouses[0].country", "DE")
                     .with("kontor.fulfilment.warehouses[0].zones", "AT,NL,FR,CH").with("kontor.fulfilment.warehouses[0].cost-per-order", "4.20")
                     .with("kontor.fulfilment.warehouses[1].code", "GB-LEEDS").with("kontor.fulfilment.warehouses[1].country", "GB")
                     .with("kontor.fulfilment.warehouses[1].cost-per-order", "5.10")
                     .with("logging.level.root", "WARN")) {
            org.flywaydb.core.Flyway.configure().dataSource(hub.jdbcUrl, "postgres", "postgres").load().migrate();
            for (io.kontor.sandbox.SandboxCatalog.Product p : io.kontor.sandbox.SandboxCatalog.PRODUCTS) {
                for (String w : List.of("DE-KOELN", "GB-LEEDS")) {
                    hub.jdbc().update("insert into stock_levels (sku, warehouse, on_hand) values (?, ?, 1000000)", p.sku(), w);
                }
            }
            hub.start();
            HUB = hub;
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> routedAt = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread erpReader = new Thread(() -> readErpFeed(hub.erpTopic, json, sentAt, routedAt, running), "erp-feed-reader");
            erpReader.start();
            ShopifyWebhookSender webhooks = new ShopifyWebhookSender(URI.create("http://localhost:" + hub.port() + "/webhooks/shopify"),
                    ShopifyEmulatorServer.SHOP, SECRET, "2026-01", 0.0, json, Executors.newScheduledThreadPool(32));
            emulator.shop.onChange(webhooks::changed);
            ShopifyTrafficGenerator shop = new ShopifyTrafficGenerator(emulator.shop, 17, Clock.systemUTC());
            System.out.printf("cores: %d; normal load %d orders/s, %d s per phase%n", Runtime.getRuntime().availableProcessors(), normal, seconds);

            phase("warm-up", normal, Math.min(15, seconds), shop, sentAt, routedAt, false);
            phase("1x", normal, seconds, shop, sentAt, routedAt, true);
            phase("3x", 3 * normal, seconds, shop, sentAt, routedAt, true);
            running.set(false);
            erpReader.join(10_000);
            System.out.printf("orders stored: %d, routed: %d, ERP records read: %d%n",
                    hub.jdbc().queryForObject("select count(*) from orders", Integer.class),
                    hub.jdbc().queryForObject("select count(*) from order_routing", Integer.class), ERP_RECORDS.get());
            System.out.printf("backstop poll: %d polls, %d GraphQL requests (%d throttled)%n",
                    emulator.pollsStarted.get(), emulator.requests.get(), emulator.throttled.get());
            webhooks.close();
        }
        System.exit(0);
    }

    private static void phase(String name, int rate, int seconds, ShopifyTrafficGenerator shop, Map<String, Long> sentAt,
                              Map<String, Long> routedAt, boolean report) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        CpuAccount cpu = CpuAccount.start();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long before = System.nanoTime();
            long wall = System.currentTimeMillis();
            String id = "gid://shopify/Order/" + shop.createOrder();
            sentAt.put(id, before);
            SENT_WALL.put(id, wall);
            ids.add(id);
        }
        double offered = total / ((System.nanoTime() - start) / 1e9);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (ids.stream().anyMatch(id -> !routedAt.containsKey(id)) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        double drained = (System.nanoTime() - start) / 1e9;
        // the driver's part is the shop emulator creating the orders and sending their webhooks
        String cost = cpu.perOrder(total);
        long[] latencies = ids.stream().filter(routedAt::containsKey).mapToLong(id -> routedAt.get(id) - sentAt.get(id)).sorted().toArray();
        if (!report) {
            return;
        }
        java.util.Set<String> phaseIds = new java.util.HashSet<>(ids);
        long[] stored = HUB.jdbc().query("select channel_order_id, extract(epoch from received_at) * 1000 as at from orders",
                (rs, i) -> SENT_WALL.containsKey(rs.getString(1)) && phaseIds.contains(rs.getString(1)) ? (long) rs.getDouble(2) - SENT_WALL.get(rs.getString(1)) : -1L)
                .stream().mapToLong(Long::longValue).filter(v -> v >= 0).sorted().toArray();
        // the queue record's timestamp is when the webhook inbox's consumer sent it: the split between the webhook path and the intake
        long[] queued = TopicReader.readAll(HUB.ordersTopic).stream()
                .map(r -> { String id = r.key().substring(Math.max(0, r.key().indexOf("gid://"))); return phaseIds.contains(id) ? r.timestamp() - SENT_WALL.get(id) : -1L; })
                .mapToLong(Long::longValue).filter(v -> v >= 0).sorted().toArray();
        System.out.printf("  on the order queue (record time): p50 %d ms, p99 %d ms%n", queued[queued.length / 2], queued[(int) (queued.length * 0.99)]);
        System.out.printf("  to the intake transaction (received_at): p50 %d ms, p99 %d ms%n", stored[stored.length / 2], stored[(int) (stored.length * 0.99)]);
        io.micrometer.core.instrument.Timer batches = HUB.bean(io.micrometer.core.instrument.MeterRegistry.class).timer("kontor.orders.processing");
        System.out.printf("  intake transactions so far: %d, mean %.0f ms, max %.0f ms%n", batches.count(),
                batches.mean(TimeUnit.MILLISECONDS), batches.max(TimeUnit.MILLISECONDS));
        System.out.println("  " + cost);
        System.out.printf("RESULT %s: offered %.0f orders/s for %d s; routed %d of %d (all done after %.1f s); latency ms p50 %.0f, p90 %.0f, p99 %.0f, max %.0f%n",
                name, offered, seconds, latencies.length, total, drained, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** Notes when each benchmark order first shows up routed on the ERP feed. */
    private static void readErpFeed(String topic, ObjectMapper json, Map<String, Long> sentAt, Map<String, Long> routedAt, AtomicBoolean running) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBrokers(),
                ConsumerConfig.GROUP_ID_CONFIG, "latency-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Arrays.asList(topic));
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    ERP_RECORDS.incrementAndGet();
                    try {
                        JsonNode order = json.readTree(r.value()).path("order");
                        String id = order.path("channelOrderId").asText();
                        if (sentAt.containsKey(id) && order.hasNonNull("routing")) {
                            routedAt.putIfAbsent(id, now);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("ERP record is not JSON", e);
                    }
                }
            }
        }
    }
}
