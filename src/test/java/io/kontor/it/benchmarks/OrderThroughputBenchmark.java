package io.kontor.it.benchmarks;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import io.kontor.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kontor.channel.shopify.ShopifyGraphqlOrderMapper;
import io.kontor.channel.shopify.ShopifyOrdersQuery;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Load driver for docs/benchmarks.md: sustained orders/s through emulator → kamelet → canonical → Kafka →
 * PostgreSQL (+ ERP feed), and in the same run the raw ceiling: the same canonical records Kafka → PostgreSQL
 * with a plain consumer and JDBC batches, no Camel and no mapping.
 * <p>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kontor.it.OrderThroughputBenchmark -Dexec.args=20000}
 * (add {@code fulfilment} after the number, {@code -Dexec.args="20000 fulfilment"}, for stock reservation and routing on;
 * and {@code all}, {@code -Dexec.args="20000 fulfilment all"}, for all five sources at once: a tenth of the orders each
 * from Amazon (Orders v2026-01-01, its rate limits scaled up a thousandfold) and eBay, a few percent as the wholesale
 * partner's CSV and EDIFACT files over SFTP, the rest from Shopify; and {@code intake}, {@code -Dexec.args="20000 fulfilment intake"},
 * for the queue's consumer alone: the canonical orders are in {@code kontor.orders.v1} before the hub starts, no
 * channel is polled, so no emulator shares the cores). The Shopify backlog is read in one bulk operation; {@code paged}
 * pages it instead, and {@code plus} / {@code plus-paged} do either at Shopify Plus's rate instead of an unlimited one.
 */
public final class OrderThroughputBenchmark {

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // the embedded broker's threads would keep the JVM (and exec:java) waiting forever
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path work = Files.createTempDirectory("kontor-bench");
        TestInfrastructure.get();
        System.out.printf("orders: %d, cores: %d, max heap: %d MiB%n", orders, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        boolean fulfilment = args.length > 1 && "fulfilment".equals(args[1]);
        String mode = args.length > 2 ? args[2] : "shopify";
        double hub = switch (mode) {
            case "all" -> allSourcesThroughput(orders, work, fulfilment);
            case "intake" -> intakeThroughput(orders, work, fulfilment);
            // the backlog paged instead of read in bulk; and both at Shopify Plus's rate (bucket 10,000, 1,000 points/s)
            case "paged" -> hubThroughput(orders, work, fulfilment, 1e12, 1e12, false);
            case "plus" -> hubThroughput(orders, work, fulfilment, 10_000, 1_000, true);
            case "plus-paged" -> hubThroughput(orders, work, fulfilment, 10_000, 1_000, false);
            default -> hubThroughput(orders, work, fulfilment, 1e12, 1e12, true);
        };
        double raw = rawCeiling(orders);
        System.out.printf("%nRESULT hub end-to-end: %.0f orders/s | raw Kafka→PostgreSQL ceiling: %.0f orders/s | hub/raw: %.0f%% | RSS %d MiB%n",
                hub, raw, 100 * hub / raw, rssMiB());
        System.exit(0);
    }

    /**
     * The shop holds all orders up front (a day's backlog: the first poll reads it in bulk unless {@code bulk} is off);
     * the clock runs from the hub's start until every order is in PostgreSQL.
     */
    private static double hubThroughput(int orders, Path work, boolean fulfilment, double bucket, double restoreRate, boolean bulk)
            throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(bucket, restoreRate);
             Hub hub = new Hub("bench", emulator.baseUrl(), work)
                     .with("kontor.channels.shopify.bulk-after", bulk ? "PT15M" : "")
                     .with("kontor.channels.shopify.bulk-status-interval", 500)
                     .with("kontor.channels.shopify.lines-per-order", 5)
                     .with("kontor.channels.shopify.poll-interval", 100)
                     .with("kontor.erp.feed-dir-enabled", false)
                     .with("logging.level.root", "WARN")) {
            if (fulfilment) {
                withWarehouses(hub, io.kontor.sandbox.SandboxCatalog.PRODUCTS.stream().map(io.kontor.sandbox.SandboxCatalog.Product::sku).toList());
            }
            fillShop(emulator, orders);
            double seconds = storeAll(hub, orders, fulfilment);
            System.out.printf("%d HTTP requests to the shop (%d throttled), %d bulk files%n", emulator.requests.get(),
                    emulator.throttled.get(), emulator.bulkDownloads.get());
            return orders / seconds;
        }
    }

    /**
     * All five sources at once, each with its backlog in place before the hub starts: the clock runs until every
     * order of every source is a row in PostgreSQL.
     */
    private static double allSourcesThroughput(int orders, Path work, boolean fulfilment) throws Exception {
        int amazonOrders = orders / 10;
        int ebayOrders = orders / 10;
        int csvFiles = Math.max(1, orders / 100);
        int edifactFiles = Math.max(1, orders / 200);
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(1e12, 1e12);
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 1000);
             EbayEmulatorServer ebay = new EbayEmulatorServer();
             io.kontor.sandbox.wholesale.SandboxSftpServer sftp = io.kontor.sandbox.wholesale.SandboxSftpServer.start(work.resolve("sftp"), 0, "acme", "sftp-secret");
             Hub hub = ebay.configure(amazon.configure(new Hub("bench-all", shopify.baseUrl(), work)))
                     .withWholesalePartner(sftp, "acme", "sftp-secret")
                     .with("kontor.channels.amazon.orders-api-version", "2026-01-01")
                     .with("kontor.channels.ebay.page-size", 200)
                     .with("kontor.channels.shopify.lines-per-order", 5)
                     .with("kontor.channels.shopify.poll-interval", 100)
                     .with("kontor.erp.feed-dir-enabled", false)
                     .with("logging.level.root", "WARN")) {
            if (fulfilment) {
                withWarehouses(hub, java.util.stream.Stream.concat(io.kontor.sandbox.SandboxCatalog.PRODUCTS.stream()
                        .map(io.kontor.sandbox.SandboxCatalog.Product::sku), io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator.skus().stream())
                        .distinct().toList());
            }
            amazon.createOrders(amazonOrders);
            for (int i = 0; i < ebayOrders; i++) {
                ebay.ordersClock.advance(Duration.ofMillis(1));
                ebay.generator.createOrder(Duration.ZERO);
            }
            io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator partner = new io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator(
                    sftp.ordersDir(), "acme", 5, new MutableClock(Instant.now().minus(Duration.ofHours(1))));
            long wholesaleOrders = 0;
            for (int i = 0; i < csvFiles; i++) {
                wholesaleOrders += Files.readAllLines(partner.writeFile()).stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();
            }
            for (int i = 0; i < edifactFiles; i++) {
                wholesaleOrders += Files.readString(partner.writeEdifact(sftp.edifactDir()), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .lines().filter(l -> l.startsWith("BGM+")).count();
            }
            int shopifyOrders = (int) (orders - amazonOrders - ebayOrders - wholesaleOrders);
            fillShop(shopify, shopifyOrders);
            System.out.printf("sources: Shopify %d, Amazon %d, eBay %d, wholesale %d (%d CSV and %d EDIFACT files)%n",
                    shopifyOrders, amazonOrders, ebayOrders, wholesaleOrders, csvFiles, edifactFiles);
            double seconds = storeAll(hub, orders, fulfilment);
            hub.jdbc().queryForList("select channel || ' ' || count(*) from orders group by channel order by channel", String.class)
                    .forEach(c -> System.out.println("  " + c));
            System.out.printf("%d HTTP requests to the shop, %d to Amazon (%d answered 429), eBay answers %s%n", shopify.requests.get(),
                    amazon.requested.size(), amazon.answered(429), ebay.answers);
            return orders / seconds;
        }
    }

    /**
     * The order intake alone: the canonical orders the channel routes would publish are in the queue before the hub
     * starts, keyed as they key them, and no source runs; the clock runs until every order is a row in PostgreSQL.
     */
    private static double intakeThroughput(int orders, Path work, boolean fulfilment) throws Exception {
        try (Hub hub = new Hub("bench-intake", null, work)
                .with("kontor.erp.feed-dir-enabled", false)
                .with("logging.level.root", "WARN")) {
            if (fulfilment) {
                withWarehouses(hub, io.kontor.sandbox.SandboxCatalog.PRODUCTS.stream().map(io.kontor.sandbox.SandboxCatalog.Product::sku).toList());
            }
            send(hub.ordersTopic, canonicalOrders(orders));
            return orders / storeAll(hub, orders, fulfilment);
        }
    }

    /** Stock reservation and routing on: two warehouses, stock for every SKU, in place before the first poll. */
    private static void withWarehouses(Hub hub, List<String> skus) {
        hub.with("kontor.fulfilment.enabled", true)
                .with("kontor.fulfilment.warehouses[0].code", "DE-KOELN").with("kontor.fulfilment.warehouses[0].country", "DE")
                .with("kontor.fulfilment.warehouses[0].zones", "AT,NL,FR,CH").with("kontor.fulfilment.warehouses[0].cost-per-order", "4.20")
                .with("kontor.fulfilment.warehouses[1].code", "GB-LEEDS").with("kontor.fulfilment.warehouses[1].country", "GB")
                .with("kontor.fulfilment.warehouses[1].cost-per-order", "5.10");
        org.flywaydb.core.Flyway.configure().dataSource(hub.jdbcUrl, "postgres", "postgres").load().migrate();
        for (String sku : skus) {
            for (String w : List.of("DE-KOELN", "GB-LEEDS")) {
                hub.jdbc().update("insert into stock_levels (sku, warehouse, on_hand) values (?, ?, 1000000)", sku, w);
            }
        }
    }

    private static void fillShop(ShopifyEmulatorServer emulator, int orders) {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(1)));
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 99, clock);
        for (int i = 0; i < orders; i++) {
            generator.createOrder();
            if (i % 50 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
    }

    /** Starts the hub and returns the seconds from its start until {@code orders} orders are stored. */
    private static double storeAll(Hub hub, int orders, boolean fulfilment) throws Exception {
        long start = System.nanoTime();
        hub.start();
        long started = System.nanoTime();
        CpuAccount cpu = CpuAccount.start();
        JdbcTemplate db = hub.jdbc();
        io.micrometer.core.instrument.MeterRegistry meters = hub.bean(io.micrometer.core.instrument.MeterRegistry.class);
        // the first half includes the JIT compiling the hot paths (the C2 compiler is the busiest thread then), so the
        // second half's rate is reported as well: what the hub sustains once warm. Progress is read from the intake's
        // in-memory counter: a count(*) of the stored rows every few hundred ms cost PostgreSQL 7 % of its time.
        long[] halfAt = {0};
        CpuAccount[] warmCpu = {null};
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
            double stored = meters.find("kontor.orders.stored").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
            if (halfAt[0] == 0 && stored >= orders / 2) {
                halfAt[0] = System.nanoTime();
                warmCpu[0] = CpuAccount.start();
            }
            return stored >= orders;
        });
        long done = System.nanoTime();
        double seconds = (done - started) / 1e9;
        double warm = (orders - orders / 2) / ((done - halfAt[0]) / 1e9);
        String warmCost = warmCpu[0].perOrder(orders - orders / 2);
        // the counter counts every version stored; every order must also have its first
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                db.queryForObject("select count(*) from order_versions where revision = 1", Integer.class) >= orders);
        Integer erpPending = db.queryForObject("select count(*) from order_versions where erp_published_at is null", Integer.class);
        System.out.printf("hub%s: start %.1f s, %d orders stored in %.1f s = %.0f orders/s (second half, warm: %.0f orders/s); ERP records pending: %d%n",
                fulfilment ? " with reservation and routing" : "", (started - start) / 1e9, orders, seconds, orders / seconds, warm, erpPending);
        System.out.println("whole run: " + cpu.perOrder(orders));
        System.out.println("second half: " + warmCost);
        if (fulfilment) {
            System.out.printf("reservations: %d lines, orders waiting for stock: %d%n",
                    db.queryForObject("select count(*) from stock_reservations", Integer.class),
                    db.queryForObject("select count(*) from orders where status = 'ON_HOLD' and canonical -> 'holdReasons' @> '[{\"code\":\"BACKORDER\"}]'", Integer.class));
            // a pick wave over everything stored (as after a sales peak), then one that finds nothing new: its steady cost
            io.kontor.fulfilment.PickLists pickLists = hub.bean(io.kontor.fulfilment.PickLists.class);
            long waveStart = System.nanoTime();
            int lists = pickLists.wave().size();
            long waveEnd = System.nanoTime();
            pickLists.wave();
            System.out.printf("pick wave over every stored order: %.2f s, %d pick lists unpublished after it; the next wave: %.0f ms%n",
                    (waveEnd - waveStart) / 1e9, lists, (System.nanoTime() - waveEnd) / 1e6);
        }
        return seconds;
    }

    /** Same canonical records, plain KafkaConsumer + JDBC batch upserts into the same table shape. */
    private static double rawCeiling(int orders) throws Exception {
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        String topic = "raw-ceiling-" + UUID.randomUUID();
        String brokers = TestInfrastructure.get().kafkaBrokers();
        send(topic, canonicalOrders(orders));
        String jdbcUrl = TestInfrastructure.get().newDatabase("raw");
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            c.createStatement().execute("create table orders (id uuid primary key, channel_order_id text not null unique, canonical jsonb not null)");
        }
        long start = System.nanoTime();
        CpuAccount cpu = CpuAccount.start();
        int stored = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ConsumerConfig.GROUP_ID_CONFIG, "raw-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
             Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            c.setAutoCommit(false);
            consumer.subscribe(List.of(topic));
            PreparedStatement insert = c.prepareStatement(
                    "insert into orders (id, channel_order_id, canonical) values (?, ?, ?::jsonb) on conflict do nothing");
            while (stored < orders) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode n = json.readTree(r.value());
                    insert.setObject(1, UUID.fromString(n.get("id").asText()));
                    insert.setString(2, n.get("channelOrderId").asText());
                    insert.setString(3, r.value());
                    insert.addBatch();
                    stored++;
                }
                insert.executeBatch();
                c.commit();
                consumer.commitSync();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw: %d records Kafka → PostgreSQL in %.1f s = %.0f orders/s%n", stored, seconds, stored / seconds);
        System.out.println("raw (its consumer counts as the driver): " + cpu.perOrder(stored));
        return stored / seconds;
    }

    /** The canonical records the Shopify route publishes for a shop of {@code orders} orders, by Kafka key. */
    private static Map<String, String> canonicalOrders(int orders) throws Exception {
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        io.kontor.sandbox.shopify.SandboxShop shop = new io.kontor.sandbox.shopify.SandboxShop();
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, 99, new MutableClock(Instant.now()));
        for (int i = 0; i < orders; i++) {
            generator.createOrder();
        }
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("raw.myshopify.com", "t", 1e12, 1e12, Integer.MAX_VALUE, 200, 0, 0, 1),
                System::nanoTime);
        Map<String, String> records = new java.util.LinkedHashMap<>();
        ShopifyGraphqlOrderMapper mapper = new ShopifyGraphqlOrderMapper();
        String after = null;
        while (records.size() < orders) {
            Map<String, Object> vars = new java.util.HashMap<>(Map.of("first", 250, "q", "updated_at:>='2000-01-01T00:00:00Z'"));
            if (after != null) vars.put("after", after);
            JsonNode nodes = json.valueToTree(api.execute("t", ShopifyOrdersQuery.ordersSince(20), vars, null).body()).at("/data/orders");
            for (JsonNode n : nodes.path("nodes")) {
                io.kontor.model.Order order = mapper.map(n, "raw.myshopify.com", "2026-01");
                records.put(order.kafkaKey(), json.writeValueAsString(order));
            }
            after = nodes.at("/pageInfo/endCursor").asText();
        }
        return records;
    }

    private static void send(String topic, Map<String, String> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBrokers(), ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            records.forEach((key, value) -> producer.send(new ProducerRecord<>(topic, key, value)));
        }
    }

    public static long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
            }
        }
        return -1;
    }

    private OrderThroughputBenchmark() {
    }
}
