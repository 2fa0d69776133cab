package io.kontor.it.channel.amazon;

import io.kontor.it.EmulatorHttp;
import io.kontor.it.Hub;

import com.sun.net.httpserver.HttpServer;
import io.kontor.sandbox.amazon.AmazonTrafficGenerator;
import io.kontor.sandbox.amazon.SandboxAmazonSeller;
import io.kontor.sandbox.amazon.SandboxLoginWithAmazon;
import io.kontor.sandbox.amazon.SellingPartnerApi;
import io.kontor.testing.MutableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox SP-API and LWA emulators served on their own port, outside the hub under test, counting answers by
 * status so a test can tell whether the hub ever ran into a rate limit.
 */
public final class AmazonEmulatorServer implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final String SELLER = "A2ITSELLER";
    public static final String CLIENT_ID = "amzn1.application-oa2-client.it";
    public static final String CLIENT_SECRET = "it-secret";
    public static final String REFRESH_TOKEN = "Atzr|it-refresh";
    public static final String MARKETPLACES = "A1PNLWAPXEIFHG,A13V1IB3VIYZZH,A1F83G8C2ARO7P";

    /** Every SP-API request the emulator answered, as "METHOD path". */
    public final List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final SandboxAmazonSeller seller = new SandboxAmazonSeller(SELLER);
    /** The generator's clock: orders are placed in the past so the 2-minute rule never hides them. */
    public final MutableClock ordersClock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
    public final AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, 99, ordersClock);
    public final SandboxLoginWithAmazon lwa = new SandboxLoginWithAmazon(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN,
            SandboxLoginWithAmazon.ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
    public final SellingPartnerApi api;
    /** The seller's notification queue and Amazon's ORDER_CHANGE publisher (subscribed with {@link #subscribe}). */
    public final io.kontor.sandbox.amazon.SandboxSqsQueue queue;
    public final io.kontor.sandbox.amazon.SandboxOrderChangeNotifications notifications;
    public final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    /** Method and path of every request answered 429. */
    public final List<String> throttledPaths = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpServer server;
    /** Where the presigned URLs of feed documents point (the emulator's stand-in for S3). */
    static final String FEED_DOCUMENTS = io.kontor.sandbox.amazon.SandboxFeeds.STORAGE;

    public AmazonEmulatorServer(boolean restrictedRoles, double rateScale) {
        api = new SellingPartnerApi(seller, lwa, restrictedRoles, rateScale, Clock.systemUTC(), System::nanoTime).documentsAt("");
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queue = new io.kontor.sandbox.amazon.SandboxSqsQueue("sp-api-order-change", baseUrl() + "/sqs/000000000000/sp-api-order-change",
                Duration.ofSeconds(30), Clock.systemUTC());
        notifications = new io.kontor.sandbox.amazon.SandboxOrderChangeNotifications(queue, "amzn1.sellerapps.app.it", 0.5, Clock.systemUTC());
        server.createContext("/sqs", exchange -> {
            io.kontor.sandbox.amazon.SandboxSqsQueue.Response r = queue.handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            EmulatorHttp.sendJson(exchange, r.status(), Map.of(), r.body());
        });
        server.createContext(FEED_DOCUMENTS, exchange -> {
            String id = exchange.getRequestURI().getPath().substring(FEED_DOCUMENTS.length());
            String signature = EmulatorHttp.form(exchange.getRequestURI().getRawQuery()).get("X-Amz-Signature");
            io.kontor.sandbox.amazon.SandboxFeeds.StorageAnswer r = "PUT".equals(exchange.getRequestMethod())
                    ? api.feeds().upload(id, signature, exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes())
                    : api.feeds().download(id, signature);
            requested.add(exchange.getRequestMethod() + " " + FEED_DOCUMENTS);
            exchange.getResponseHeaders().add("Content-Type", r.contentType());
            exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (var out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        });
        server.createContext("/auth/o2/token", exchange -> {
            SandboxLoginWithAmazon.Response r = lwa.token(EmulatorHttp.body(exchange));
            count(r.status());
            EmulatorHttp.sendJson(exchange, r.status(), Map.of(), r.body());
        });
        server.createContext("/", exchange -> {
            Map<String, List<String>> query = new LinkedHashMap<>();
            EmulatorHttp.form(exchange.getRequestURI().getRawQuery()).forEach((k, v) -> query.put(k, List.of(v)));
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), query, headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            requested.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (r.status() == 429) {
                throttledPaths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            }
            count(r.status());
            EmulatorHttp.sendJson(exchange, r.status(), r.headers(), r.body());
        });
        server.start();
    }

    /** Creates orders placed over the last minutes of the orders clock, returning their ids. */
    public List<String> createOrders(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ordersClock.advance(Duration.ofSeconds(1));
            ids.add(generator.createOrder(Duration.ZERO));
        }
        return ids;
    }

    private void count(int status) {
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    public int answered(int status) {
        return answers.getOrDefault(status, new AtomicInteger()).get();
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Amazon's ORDER_CHANGE notifications for this seller go to the queue; the hub reads it. */
    public Hub subscribe(Hub hub) {
        seller.onChange(order -> notifications.changed(SELLER, order));
        return hub.with("kontor.channels.amazon.notifications.enabled", true)
                .with("kontor.channels.amazon.notifications.queue-url", baseUrl() + "/sqs/000000000000/sp-api-order-change")
                .with("kontor.channels.amazon.notifications.override-endpoint", true)
                .with("kontor.channels.amazon.notifications.endpoint-override", baseUrl() + "/sqs")
                .with("kontor.channels.amazon.notifications.access-key", "it")
                .with("kontor.channels.amazon.notifications.secret-key", "it")
                .with("kontor.channels.amazon.notifications.wait-time-seconds", 0);
    }

    /** The hub's properties for this seller. */
    public Hub configure(Hub hub) {
        return hub.with("kontor.channels.amazon.enabled", true)
                .with("kontor.channels.amazon.seller-id", SELLER)
                .with("kontor.channels.amazon.marketplace-ids", MARKETPLACES)
                .with("kontor.channels.amazon.base-url", baseUrl())
                .with("kontor.channels.amazon.token-url", baseUrl() + "/auth/o2/token")
                .with("kontor.channels.amazon.client-id", CLIENT_ID)
                .with("kontor.channels.amazon.client-secret", CLIENT_SECRET)
                .with("kontor.channels.amazon.refresh-token", REFRESH_TOKEN)
                .with("kontor.channels.amazon.poll-interval", 500)
                .with("kontor.channels.amazon.overlap", "PT10S");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
