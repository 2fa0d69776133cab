package io.kontor.it.benchmarks;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import io.kontor.it.channel.amazon.AmazonEmulatorServer;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.stock.StockLedger;
import io.kontor.stock.StockSync;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Load driver for docs/benchmarks.md "Stock to the channels": (1) stock movements per second through the ledger —
 * each an adjustment in its own transaction (lock the level, update it, journal it; the trigger marks the SKU), from 4
 * threads — beside the raw ceiling measured in the same run: the same number of journal rows written by JDBC batches of
 * 1,000 with no lock and no level — and the same movements booked a thousand a transaction ({@code StockLedger.bookAll}),
 * and as WMS movements taken from their topic a Kafka batch at a time; (2) sync lag, movement to acknowledgement, per channel (Shopify, eBay, Amazon
 * emulators on their own ports, their rate limits on) while movements arrive at a steady rate for a while, at 1× and
 * 3× the rate asked, over the catalogue's 20 SKUs in two warehouses, each hub started afresh so each rate has its own
 * figures.
 * <p>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kontor.it.benchmarks.StockSyncBenchmark -Dexec.args="20000 200 60"}
 * (ledger movements, normal movements per second, seconds per rate).
 */
public final class StockSyncBenchmark {

    public static void main(String[] args) {
        BenchmarkMain.exit(StockSyncBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int movements = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        TestInfrastructure.get();
        System.out.printf("ledger movements: %d, normal rate: %d/s, %d s per rate, cores: %d%n", movements, rate, seconds,
                Runtime.getRuntime().availableProcessors());
        ledgerThroughput(movements);
        for (int factor : new int[]{1, 3}) {
            syncLag(rate * factor, seconds, factor);
        }
    }

    private static void ledgerThroughput(int movements) throws Exception {
        Path work = Files.createTempDirectory("kontor-stock-bench");
        try (Hub hub = new Hub("stock-bench", null, work).withCologneWarehouse().with("kontor.stock.sync-enabled", false).start()) {
            JdbcTemplate db = hub.jdbc();
            StockLedger ledger = hub.bean(StockLedger.class);
            TransactionTemplate tx = hub.bean(TransactionTemplate.class);
            List<String> skus = SandboxCatalog.PRODUCTS.stream().map(SandboxCatalog.Product::sku).toList();
            for (String sku : skus) {
                ledger.setOnHand(sku, "DE-KOELN", 1_000_000, "STOCK_COUNT", "bench");
            }
            // the raw ceiling: journal rows by the thousand, no lock, no level
            long start = System.nanoTime();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < movements; i++) {
                rows.add(new Object[]{skus.get(i % skus.size()), (i % 2 == 0) ? 1 : -1});
                if (rows.size() == 1_000 || i == movements - 1) {
                    db.batchUpdate("insert into stock_movements (sku, warehouse, on_hand_delta, reserved_delta, reason, note) values (?, 'DE-KOELN', ?, 0, 'BENCH', 'raw')", rows);
                    rows.clear();
                }
            }
            double rawSeconds = (System.nanoTime() - start) / 1e9;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            long cpu0 = processCpuNanos();
            start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            int perThread = movements / 4;
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String sku = skus.get((thread * 5 + i) % skus.size());
                        int delta = (i % 2 == 0) ? 1 : -1;
                        tx.executeWithoutResult(s -> ledger.adjust(sku, "DE-KOELN", delta, "bench", "bench movement"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double ledgerSeconds = (System.nanoTime() - start) / 1e9;
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            pool.shutdown();
            int booked = perThread * 4;
            System.out.printf("%nledger, one movement per transaction (4 threads): %,d movements in %.2f s = %,.0f movements/s; "
                    + "hub JVM CPU %.3f ms per movement (PostgreSQL's own CPU not counted)%n", booked, ledgerSeconds, booked / ledgerSeconds, cpuMs / booked);
            System.out.printf("raw ceiling, journal rows in JDBC batches of 1,000: %,d rows in %.2f s = %,.0f rows/s; the ledger reaches %.2f of it%n",
                    movements, rawSeconds, movements / rawSeconds, (booked / ledgerSeconds) / (movements / rawSeconds));
            // the same movements booked together: a thousand a transaction through StockLedger.bookAll
            cpu0 = processCpuNanos();
            start = System.nanoTime();
            List<StockLedger.Booking> batch = new ArrayList<>();
            for (int i = 0; i < movements; i++) {
                batch.add(new StockLedger.Booking(skus.get(i % skus.size()), "DE-KOELN", (i % 2 == 0) ? 1 : -1, "ADJUSTMENT", "bench batch"));
                if (batch.size() == 1_000 || i == movements - 1) {
                    List<StockLedger.Booking> these = List.copyOf(batch);
                    tx.executeWithoutResult(s -> ledger.bookAll(these));
                    batch.clear();
                }
            }
            double batchSeconds = (System.nanoTime() - start) / 1e9;
            double batchCpuMs = (processCpuNanos() - cpu0) / 1e6;
            System.out.printf("ledger, 1,000 movements per transaction (StockLedger.bookAll, 1 thread): %,d movements in %.2f s = %,.0f movements/s; "
                    + "hub JVM CPU %.3f ms per movement; %.2f of the raw ceiling%n", movements, batchSeconds, movements / batchSeconds,
                    batchCpuMs / movements, (movements / batchSeconds) / (movements / rawSeconds));
            // and end to end: WMS movements on their topic, booked a Kafka batch at a time, each once by its id
            List<java.util.Map.Entry<String, String>> records = new ArrayList<>();
            for (int i = 0; i < movements; i++) {
                records.add(java.util.Map.entry("DE-KOELN", "{\"id\":\"B-" + i + "\",\"warehouse\":\"DE-KOELN\",\"sku\":\"" + skus.get(i % skus.size())
                        + "\",\"type\":\"ADJUSTMENT\",\"quantity\":" + ((i % 2 == 0) ? 1 : -1) + "}"));
            }
            org.apache.camel.spi.RouteController routes = hub.bean(org.apache.camel.CamelContext.class).getRouteController();
            routes.stopRoute("wms-stock-movements");
            io.kontor.it.TopicWriter.sendAll(hub.wmsStockMovementsTopic, records);
            cpu0 = processCpuNanos();
            start = System.nanoTime();
            routes.startRoute("wms-stock-movements");
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                    db.queryForObject("select count(*) from stock_external_movements where source = 'WMS'", Long.class) >= movements);
            double topicSeconds = (System.nanoTime() - start) / 1e9;
            double topicCpuMs = (processCpuNanos() - cpu0) / 1e6;
            System.out.printf("WMS movements from their topic (all there before the route starts), Kafka batches of up to 1,000: %,d movements in %.2f s = %,.0f movements/s; "
                    + "hub JVM CPU %.3f ms per movement%n", movements, topicSeconds, movements / topicSeconds, topicCpuMs / movements);
            System.out.printf("marks left for the planner: %,d%n", db.queryForObject("select count(*) from stock_sync_pending", Long.class));
        }
    }

    private static void syncLag(int perSecond, int seconds, int factor) throws Exception {
        Path work = Files.createTempDirectory("kontor-stock-lag");
        try (ShopifyEmulatorServer shopify = new ShopifyEmulatorServer(2_000, 1_000);
             EbayEmulatorServer ebay = new EbayEmulatorServer();
             AmazonEmulatorServer amazon = new AmazonEmulatorServer(true, 1);
             Hub hub = amazon.configure(ebay.configure(new Hub("stock-lag", shopify.baseUrl(), work))).withCologneWarehouse()
                     .with("kontor.fulfilment.warehouses[1].code", "AT-WIEN")
                     .with("kontor.fulfilment.warehouses[1].country", "AT")
                     .with("kontor.channels.shopify.stock.locations.71001", "DE-KOELN")
                     .with("kontor.channels.shopify.stock.locations.71002", "AT-WIEN")
                     .with("kontor.channels.shopify.poll-interval", 600_000)
                     .with("kontor.channels.amazon.poll-interval", 600_000)
                     .with("kontor.channels.ebay.poll-interval", 600_000)
                     .start()) {
            StockLedger ledger = hub.bean(StockLedger.class);
            StockSync sync = hub.bean(StockSync.class);
            List<String> skus = SandboxCatalog.PRODUCTS.stream().map(SandboxCatalog.Product::sku).toList();
            String[] warehouses = {"DE-KOELN", "AT-WIEN"};
            for (String sku : skus) {
                for (String w : warehouses) {
                    ledger.setOnHand(sku, w, 500, "STOCK_COUNT", "bench");
                }
            }
            await(sync, Duration.ofSeconds(120));
            // the lag percentiles cover about the last minute: by the end of a run of a minute or more they are the steady state's
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            java.util.concurrent.ScheduledExecutorService tick = Executors.newScheduledThreadPool(2);
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ScheduledFuture<?> driver = tick.scheduleAtFixedRate(() -> {
                int i = n.getAndIncrement();
                try {
                    // each SKU and warehouse down one unit, then up one, in turn: the stock stays where it was
                    ledger.adjust(skus.get(i % skus.size()), warehouses[(i / skus.size()) % 2], (i / (2 * skus.size())) % 2 == 0 ? -1 : 1,
                            "bench", "bench movement");
                } catch (RuntimeException e) {
                    System.out.println("movement refused: " + e.getMessage());
                }
            }, 0, interval, TimeUnit.NANOSECONDS);
            // the run ends after its seconds: the driver is cancelled and the scheduler stops
            tick.schedule(() -> {
                driver.cancel(false);
                tick.shutdown();
            }, seconds, TimeUnit.SECONDS);
            tick.awaitTermination(seconds + 10L, TimeUnit.SECONDS);
            int sent = n.get();
            double driven = (System.nanoTime() - start) / 1e9;
            await(sync, Duration.ofSeconds(300));
            double cpuMs = (processCpuNanos() - cpu0) / 1e6;
            System.out.printf("%n%d× (%d movements/s asked): %,d movements in %.1f s = %.0f/s; hub JVM CPU %.2f ms per movement "
                    + "(planning and pushing to 3 channels included)%n", factor, perSecond, sent, driven, sent / driven, cpuMs / sent);
            System.out.printf("%-10s %10s %10s %10s %12s%n", "channel", "acks", "p50 ms", "p99 ms", "429s");
            for (StockSync.Lag lag : sync.lag()) {
                String channel = lag.channel();
                long throttled = switch (channel) {
                    case "AMAZON" -> amazon.throttledPaths.stream().filter(p -> p.contains("/listings/")).count();
                    case "SHOPIFY" -> shopify.throttled.get();
                    default -> ebay.answers.getOrDefault(429, new java.util.concurrent.atomic.AtomicInteger()).get();
                };
                System.out.printf("%-10s %10d %10.0f %10.0f %12d%n", channel, lag.acknowledged(), lag.p50Millis() == null ? Double.NaN : lag.p50Millis(),
                        lag.p99Millis() == null ? Double.NaN : lag.p99Millis(), throttled);
            }
        }
    }

    /** Until no figure waits (every channel acknowledged the newest); said, not thrown, when that takes longer. */
    private static void await(StockSync sync, Duration atMost) {
        try {
            org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .until(() -> sync.lag().stream().allMatch(l -> l.waiting() == 0));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("still waiting after " + atMost + ": " + sync.lag());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
