package io.kontor.it;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Load driver for docs/benchmarks.md: sustained orders/s through emulator → kamelet → canonical → Kafka →
 * PostgreSQL (+ ERP feed), and in the same run the raw ceiling: the same canonical records Kafka → PostgreSQL
 * with a plain consumer and JDBC batches, no Camel and no mapping.
 * <p>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kontor.it.OrderThroughputBenchmark -Dexec.args=20000}
 * (add {@code fulfilment} after the number, {@code -Dexec.args="20000 fulfilment"}, for stock reservation and routing on).
 */
public final class OrderThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path work = Files.createTempDirectory("kontor-bench");
        TestInfrastructure.get();
        System.out.printf("orders: %d, cores: %d, max heap: %d MiB%n", orders, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        boolean fulfilment = args.length > 1 && "fulfilment".equals(args[1]);
        double hub = hubThroughput(orders, work, fulfilment);
        double raw = rawCeiling(orders);
        System.out.printf("%nRESULT hub end-to-end: %.0f orders/s | raw Kafka→PostgreSQL ceiling: %.0f orders/s | hub/raw: %.0f%% | RSS %d MiB%n",
                hub, raw, 100 * hub / raw, rssMiB());
        System.exit(0);
    }

    /** The shop holds all orders up front; the clock runs from the hub's start until every order is in PostgreSQL. */
    private static double hubThroughput(int orders, Path work, boolean fulfilment) throws Exception {
        try (ShopifyEmulatorServer emulator = new ShopifyEmulatorServer(1e12, 1e12);
             Hub hub = new Hub("bench", emulator.baseUrl(), work)
                     .with("kontor.channels.shopify.lines-per-order", 5)
                     .with("kontor.channels.shopify.poll-interval", 100)
                     .with("kontor.erp.feed-dir-enabled", false)
                     .with("logging.level.root", "WARN")) {
            if (fulfilment) {
                // stock reservation and routing on: two warehouses, stock for every SKU, in place before the first poll
                hub.with("kontor.fulfilment.enabled", true)
                        .with("kontor.fulfilment.warehouses[0].code", "DE-KOELN").with("kontor.fulfilment.warehouses[0].country", "DE")
                        .with("kontor.fulfilment.warehouses[0].zones", "AT,NL,FR,CH").with("kontor.fulfilment.warehouses[0].cost-per-order", "4.20")
                        .with("kontor.fulfilment.warehouses[1].code", "GB-LEEDS").with("kontor.fulfilment.warehouses[1].country", "GB")
                        .with("kontor.fulfilment.warehouses[1].cost-per-order", "5.10");
                org.flywaydb.core.Flyway.configure().dataSource(hub.jdbcUrl, "postgres", "postgres").load().migrate();
                for (io.kontor.sandbox.SandboxCatalog.Product p : io.kontor.sandbox.SandboxCatalog.PRODUCTS) {
                    for (String w : List.of("DE-KOELN", "GB-LEEDS")) {
                        hub.jdbc().update("insert into stock_levels (sku, warehouse, on_hand) values (?, ?, 1000000)", p.sku(), w);
                    }
                }
            }
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(1)));
            ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(emulator.shop, 99, clock);
            for (int i = 0; i < orders; i++) {
                generator.createOrder();
                if (i % 50 == 0) {
                    clock.advance(Duration.ofSeconds(1));
                }
            }
            long start = System.nanoTime();
            hub.start();
            long started = System.nanoTime();
            JdbcTemplate db = hub.jdbc();
            int stored = 0;
            while (stored < orders) {
                Integer n = db.queryForObject("select count(*) from orders", Integer.class);
                stored = n == null ? 0 : n;
                if (System.nanoTime() - started > Duration.ofMinutes(15).toNanos()) {
                    throw new IllegalStateException("only " + stored + " of " + orders + " orders after 15 minutes");
                }
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(100);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Integer erpPending = db.queryForObject("select count(*) from order_versions where erp_published_at is null", Integer.class);
            System.out.printf("hub%s: start %.1f s, %d orders stored in %.1f s = %.0f orders/s; %d HTTP requests to the shop; ERP records pending: %d%n",
                    fulfilment ? " with reservation and routing" : "", (started - start) / 1e9, orders, seconds, orders / seconds,
                    emulator.requests.get(), erpPending);
            if (fulfilment) {
                System.out.printf("reservations: %d lines, orders waiting for stock: %d%n",
                        hub.jdbc().queryForObject("select count(*) from stock_reservations", Integer.class),
                        hub.jdbc().queryForObject("select count(*) from orders where status = 'ON_HOLD' and canonical -> 'holdReasons' @> '[{\"code\":\"BACKORDER\"}]'", Integer.class));
            }
            return orders / seconds;
        }
    }

    /** Same canonical records, plain KafkaConsumer + JDBC batch upserts into the same table shape. */
    private static double rawCeiling(int orders) throws Exception {
        ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        String topic = "raw-ceiling-" + UUID.randomUUID();
        String brokers = TestInfrastructure.get().kafkaBrokers();
        // the same canonical records the hub publishes
        io.kontor.sandbox.shopify.SandboxShop shop = new io.kontor.sandbox.shopify.SandboxShop();
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, 99, new MutableClock(Instant.now()));
        for (int i = 0; i < orders; i++) {
            generator.createOrder();
        }
        ShopifyAdminApi api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties("raw.myshopify.com", "t", 1e12, 1e12, Integer.MAX_VALUE, 200, 0, 0, 1),
                System::nanoTime);
        JsonNode nodes;
        List<String> payloads = new ArrayList<>();
        ShopifyGraphqlOrderMapper mapper = new ShopifyGraphqlOrderMapper();
        String after = null;
        while (payloads.size() < orders) {
            Map<String, Object> vars = new java.util.HashMap<>(Map.of("first", 250, "q", "updated_at:>='2000-01-01T00:00:00Z'"));
            if (after != null) vars.put("after", after);
            nodes = json.valueToTree(api.execute("t", ShopifyOrdersQuery.ordersSince(20), vars, null).body()).at("/data/orders");
            for (JsonNode n : nodes.path("nodes")) {
                payloads.add(json.writeValueAsString(mapper.map(n, "raw.myshopify.com", "2026-01")));
            }
            after = nodes.at("/pageInfo/endCursor").asText();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (String p : payloads) {
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), p));
            }
        }
        String jdbcUrl = TestInfrastructure.get().newDatabase("raw");
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            c.createStatement().execute("create table orders (id uuid primary key, channel_order_id text not null unique, canonical jsonb not null)");
        }
        long start = System.nanoTime();
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
        return stored / seconds;
    }

    static long rssMiB() throws Exception {
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
