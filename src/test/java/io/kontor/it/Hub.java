package io.kontor.it;

import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import io.kontor.KontorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.URI;
import java.util.UUID;

/** The hub under test, in its production shape: external PostgreSQL and Kafka, sandbox off. */
public final class Hub implements AutoCloseable {

    public static final String OPS_PASSWORD = "ops-secret";
    public static final String ADMIN_PASSWORD = "admin-secret";

    public final String jdbcUrl;
    public final String ordersTopic;
    public final String erpTopic;
    public final String erpShipmentsTopic;
    public final String deadLetterTopic;
    public final String invoicesTopic;
    public final String purchaseOrdersTopic;
    public final String goodsReceiptsTopic;
    public final String erpInvoicesTopic;
    public final String erpPaymentsTopic;
    public final String wmsStockMovementsTopic;
    public final String wmsStockSnapshotsTopic;
    public final String erpStockTopic;
    public final String stockEventsTopic;
    public final Path erpDir;
    public final Path invoiceInbox;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;
    /** The hub's JVM when it runs in one of its own ({@link #startProcess}). */
    private Process process;
    private int processPort;

    public Hub(String name, String shopifyBaseUrl, Path workDir) {
        TestInfrastructure infra = TestInfrastructure.get();
        String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        jdbcUrl = infra.newDatabase(name);
        ordersTopic = "orders-" + suffix;
        erpTopic = "erp-" + suffix;
        erpShipmentsTopic = "erp-shipments-" + suffix;
        deadLetterTopic = "dlt-" + suffix;
        invoicesTopic = "invoices-" + suffix;
        purchaseOrdersTopic = "purchase-orders-" + suffix;
        goodsReceiptsTopic = "goods-receipts-" + suffix;
        erpInvoicesTopic = "erp-invoices-" + suffix;
        erpPaymentsTopic = "erp-payments-" + suffix;
        wmsStockMovementsTopic = "wms-stock-movements-" + suffix;
        wmsStockSnapshotsTopic = "wms-stock-snapshots-" + suffix;
        erpStockTopic = "erp-stock-" + suffix;
        stockEventsTopic = "stock-events-" + suffix;
        erpDir = workDir.resolve("erp-feed");
        invoiceInbox = workDir.resolve("invoices").resolve("inbox");
        properties.put("kontor.embedded.enabled", false);
        properties.put("kontor.sandbox.enabled", false);
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("camel.component.kafka.brokers", infra.kafkaBrokers());
        properties.put("kontor.topics.orders", ordersTopic);
        properties.put("kontor.topics.erp-orders", erpTopic);
        properties.put("kontor.topics.erp-shipments", erpShipmentsTopic);
        properties.put("kontor.topics.dead-letters", deadLetterTopic);
        properties.put("kontor.topics.invoices", invoicesTopic);
        properties.put("kontor.topics.purchase-orders", purchaseOrdersTopic);
        properties.put("kontor.topics.goods-receipts", goodsReceiptsTopic);
        properties.put("kontor.topics.erp-invoices", erpInvoicesTopic);
        properties.put("kontor.topics.erp-payments", erpPaymentsTopic);
        properties.put("kontor.topics.shopify-webhooks", "shopify-webhooks-" + suffix);
        properties.put("kontor.topics.wms-stock-movements", wmsStockMovementsTopic);
        properties.put("kontor.topics.wms-stock-snapshots", wmsStockSnapshotsTopic);
        properties.put("kontor.topics.erp-stock", erpStockTopic);
        properties.put("kontor.topics.stock-events", stockEventsTopic);
        properties.put("kontor.invoices.inbox", invoiceInbox.toString());
        properties.put("kontor.invoices.inbox-poll-delay", 300);
        // compiled at the first invoice instead: most tests' hubs never see one (the benchmark turns it back on)
        properties.put("kontor.invoices.prepare-artefacts", false);
        properties.put("kontor.instance", suffix);
        properties.put("kontor.erp.feed-dir", erpDir.toString());
        properties.put("kontor.channels.shopify.enabled", shopifyBaseUrl != null);
        properties.put("kontor.channels.shopify.base-url", shopifyBaseUrl == null ? "http://localhost:1" : shopifyBaseUrl);
        properties.put("kontor.channels.shopify.shop-domain", ShopifyEmulatorServer.SHOP);
        properties.put("kontor.channels.shopify.access-token", ShopifyEmulatorServer.TOKEN);
        properties.put("kontor.channels.shopify.refresh-token", "");
        properties.put("kontor.channels.shopify.poll-interval", 300);
        properties.put("kontor.channels.amazon.enabled", false);
        properties.put("kontor.channels.amazon.notifications.enabled", false);
        properties.put("kontor.channels.ebay.enabled", false);
        // stock and routing have their own test; elsewhere orders flow without reservations
        properties.put("kontor.fulfilment.enabled", false);
        properties.put("kontor.channels.wholesale-csv.enabled", false);
        properties.put("kontor.channels.wholesale-edifact.enabled", false);
        properties.put("kontor.channels.shopify.overlap", "PT2S");
        properties.put("kontor.security.ops-password", OPS_PASSWORD);
        properties.put("kontor.security.admin-password", ADMIN_PASSWORD);
        properties.put("kontor.security.generate-missing", false);
        properties.put("kontor.security.credentials-key", "S29udG9yIGludGVncmF0aW9uIHRlc3Qga2V5ISEhISE=");
        properties.put("server.port", 0);
        properties.put("camel.main.jmx-enabled", false);
        properties.put("spring.jmx.enabled", false);
    }

    /** The wholesale partner's CSV and EDIFACT channels on this SFTP server (user "acme"). */
    public Hub withWholesalePartner(io.kontor.sandbox.wholesale.SandboxSftpServer sftp, String partner, String password) {
        return with("kontor.channels.wholesale-csv.enabled", true)
                .with("kontor.channels.wholesale-csv.partner", partner)
                .with("kontor.channels.wholesale-csv.host", "localhost")
                .with("kontor.channels.wholesale-csv.port", sftp.port())
                .with("kontor.channels.wholesale-csv.username", "acme")
                .with("kontor.channels.wholesale-csv.password", password)
                .with("kontor.channels.wholesale-csv.poll-delay", 300)
                .with("kontor.channels.wholesale-csv.strict-host-key-checking", "no")
                .with("kontor.channels.wholesale-edifact.enabled", true)
                // our GLN on despatch advices for orders that name no supplier
                .with("kontor.channels.wholesale-edifact.sender-gln", "4099999000005");
    }

    /** Stock reservation and routing on, with one warehouse (Cologne) that ships to Germany and the usual export zones. */
    public Hub withCologneWarehouse() {
        return with("kontor.fulfilment.enabled", true)
                .with("kontor.fulfilment.warehouses[0].code", "DE-KOELN")
                .with("kontor.fulfilment.warehouses[0].country", "DE")
                .with("kontor.fulfilment.warehouses[0].zones", "AT,NL,FR,CH,GB,US,SE");
    }

    /** Stock to the shop: its location 71001 shows the warehouse's stock, and figures go out every 50 ms. */
    public Hub withShopifyStockFrom(String warehouse) {
        return with("kontor.channels.shopify.stock.locations.71001", warehouse).with("kontor.stock.sync-interval", 50);
    }

    /** A warehouse whose WMS drops stock files on {@code sftp} (outbound/stock), read with {@code format} (kontor.stock.wms-files.*). */
    public Hub withWmsFiles(String warehouse, io.kontor.sandbox.wholesale.SandboxSftpServer sftp, String user, String password,
                            Map<String, String> format) {
        String prefix = "kontor.stock.wms-files." + warehouse + ".";
        with(prefix + "host", "localhost").with(prefix + "port", sftp.port()).with(prefix + "username", user).with(prefix + "password", password)
                .with(prefix + "poll-delay", 200).with(prefix + "strict-host-key-checking", "no");
        format.forEach((key, value) -> with(prefix + key, value));
        return this;
    }

    public Hub with(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    public Hub start() {
        context = new SpringApplicationBuilder(KontorApplication.class).run(args());
        return this;
    }

    /** As command-line arguments: they outrank application.yaml (default properties would not). */
    private String[] args() {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /**
     * The hub in a JVM of its own, as in production, so that a test can kill it with no shutdown at all (kill -9);
     * returns once it answers health. Its output is appended to {@code log}.
     */
    public Hub startProcess(Path log) throws Exception {
        if (processPort == 0) {
            processPort = TestInfrastructure.freePort();
            properties.put("server.port", processPort);
        }
        process = jvm(args(), log);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + processPort
                + "/actuator/health")).build();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the hub exited; its log: " + java.nio.file.Files.readString(log));
            }
            try {
                return http.send(health, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException notYetListening) {
                return false;
            }
        });
        return this;
    }

    /** SIGKILL to the hub's JVM: no shutdown hook, no Camel or Kafka close, transactions cut wherever they are. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        process = null;
    }

    /** Starts {@link KontorApplication} in a new JVM with this test's class path. */
    public static Process jvm(String[] args, Path log) throws java.io.IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), KontorApplication.class.getName()));
        command.addAll(java.util.List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public int port() {
        return process != null ? processPort : Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> java.util.Map<String, T> beans(Class<T> type) {
        return context.getBeansOfType(type);
    }

    /** Status of each route of the running hub, by route id. */
    public java.util.Map<String, String> routeStatus() {
        org.apache.camel.CamelContext camel = bean(org.apache.camel.CamelContext.class);
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        camel.getRoutes().forEach(r -> out.put(r.getRouteId(), String.valueOf(camel.getRouteController().getRouteStatus(r.getRouteId()))));
        return out;
    }

    /** A JDBC view on the hub's database that works whether the hub runs or not. */
    public JdbcTemplate jdbc() {
        var ds = new org.springframework.jdbc.datasource.DriverManagerDataSource(jdbcUrl, "postgres", "postgres");
        return new JdbcTemplate(ds);
    }

    @Override
    public void close() {
        stop();
    }

    /** A request to the hub as one of its users (none: anonymous). */
    public static HttpRequest post(URI uri, String user, String password) {
        return HttpRequest.newBuilder(uri).header("Authorization", basic(user, password)).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    public static HttpRequest get(URI uri, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (user != null) {
            b.header("Authorization", basic(user, password));
        }
        return b.build();
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
