package io.kontor.it.channel.shopify;

import io.kontor.it.EmulatorHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.SandboxShopifyOAuth;
import io.kontor.testing.MutableClock;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox Shopify emulator served on its own port, outside the hub under test, so the hub can be
 * stopped and started while the shop keeps its orders. Can answer with server errors on demand.
 */
public final class ShopifyEmulatorServer implements AutoCloseable {

    static {
        // the JDK server leaves Nagle on: with delayed ACKs every response then stalls ~40 ms, which real
        // Shopify (and the hub's own Tomcat-served sandbox) does not; read once when the server classes load
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final String TOKEN = "shpat_it_token";
    public static final String SHOP = "it-shop.myshopify.com";
    public static final String CLIENT_ID = "it-app";
    public static final String CLIENT_SECRET = "shpss_it_secret";
    public static final String INSTALL_REFRESH_TOKEN = "shprt_it_install";

    public final SandboxShop shop = new SandboxShop();
    /** The shop's wall clock for token lifetimes: tests move it to expire access tokens. */
    public final MutableClock tokenClock = new MutableClock(Instant.now());
    public final SandboxShopifyOAuth oauth = new SandboxShopifyOAuth(CLIENT_ID, CLIENT_SECRET, INSTALL_REFRESH_TOKEN, TOKEN,
            SandboxShopifyOAuth.ACCESS_TOKEN_LIFETIME, tokenClock);
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicInteger throttled = new AtomicInteger();
    /** The queries answered (not refused with a 503 or THROTTLED), in order. */
    private final java.util.List<String> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * Orders queries without a cursor and bulk queries that were answered: each is the start of a poll (polls run one at
     * a time); a first page asked again after THROTTLED or a 401 is not another poll.
     */
    public final AtomicInteger pollsStarted = new AtomicInteger();
    /** Answered ordersCount queries: a poll's first request when it decides between pages and bulk. */
    public final AtomicInteger counts = new AtomicInteger();
    /** Ids of the bulk queries started, in order. */
    public final java.util.List<String> bulkStarted = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Bulk result files asked for. */
    public final AtomicInteger bulkDownloads = new AtomicInteger();
    private volatile boolean storageRefuses;
    private final AtomicInteger failNext = new AtomicInteger();
    /** When set, only queries containing this text count towards {@link #failNext}. */
    private volatile String failOnlyQueriesWith;
    private final ShopifyAdminApi api;
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    public ShopifyEmulatorServer(double bucketSize, double restoreRate) {
        api = new ShopifyAdminApi(shop, new ShopifyEmulatorProperties(SHOP, TOKEN, bucketSize, restoreRate, 1000, 200, 0, 0, 1),
                oauth, System::nanoTime);
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/admin/api/", exchange -> {
            requests.incrementAndGet();
            byte[] out;
            int status;
            JsonNode request = json.readTree(exchange.getRequestBody());
            if (fails(request.path("query").asText(""))) {
                status = 503;
                out = "{\"errors\":\"Service Unavailable\"}".getBytes();
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> vars = request.has("variables") ? json.convertValue(request.get("variables"), Map.class) : Map.of();
                java.util.regex.Matcher version = java.util.regex.Pattern.compile("/admin/api/([^/]+)/graphql.json")
                        .matcher(exchange.getRequestURI().getPath());
                ShopifyAdminApi.Response r = api.execute(version.matches() ? version.group(1) : null,
                        exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"),
                        request.path("query").asText(null), vars, null);
                if (r.body().toString().contains("THROTTLED")) {
                    throttled.incrementAndGet();
                } else if (r.status() == 200) {
                    answered.add(request.path("query").asText(""));
                }
                if (r.body().toString().contains("THROTTLED")) {
                    // counted above
                } else if (r.status() == 200 && request.path("query").asText().contains("ordersCount")) {
                    counts.incrementAndGet();
                } else if (r.status() == 200 && (vars.containsKey("q") && !vars.containsKey("after") || startedBulkId(r) != null)) {
                    pollsStarted.incrementAndGet();
                }
                if (startedBulkId(r) != null) {
                    bulkStarted.add(startedBulkId(r));
                }
                status = r.status();
                out = json.writeValueAsBytes(r.body());
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.createContext("/admin/oauth/access_token", exchange -> {
            SandboxShopifyOAuth.Response r = oauth.token(EmulatorHttp.body(exchange));
            EmulatorHttp.sendJson(exchange, r.status(), Map.of(), r.body());
        });
        server.createContext("/bulk/", exchange -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("/bulk/(\\d+)\\.jsonl").matcher(exchange.getRequestURI().getPath());
            String query = exchange.getRequestURI().getRawQuery();
            String signature = query != null && query.startsWith("signature=") ? query.substring("signature=".length()) : null;
            java.util.Optional<byte[]> file = m.matches() && !storageRefuses
                    ? api.bulkOperations().file(Long.parseLong(m.group(1)), signature) : java.util.Optional.empty();
            bulkDownloads.incrementAndGet();
            exchange.sendResponseHeaders(file.isPresent() ? 200 : 403, file.map(f -> (long) f.length).orElse(-1L));
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(file.orElse(new byte[0]));
            }
        });
        server.start();
        api.bulkOperations().serveFilesAt(baseUrl());
    }

    /** The id of the bulk query this answer started, or null. */
    private static String startedBulkId(ShopifyAdminApi.Response r) {
        return r.body().get("data") instanceof Map<?, ?> data && data.get("bulkOperationRunQuery") instanceof Map<?, ?> payload
                && payload.get("bulkOperation") instanceof Map<?, ?> op ? String.valueOf(op.get("id")) : null;
    }

    /** Shopify's limit of bulk queries run for an hour each from now: the hub's next one is refused. */
    public void occupyBulkOperations() {
        api.bulkOperations().runFor(java.time.Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            ShopifyAdminApi.Response r = api.execute(TOKEN, io.kontor.channel.shopify.ShopifyOrdersQuery.RUN_BULK,
                    Map.of("query", "{ orders { nodes { id } } }"), null);
            if (!r.body().toString().contains("gid://shopify/BulkOperation/")) {
                throw new IllegalStateException("bulk query not started: " + r.body());
            }
        }
    }

    /** How long bulk queries started from now on run before they complete. */
    public void bulkRunsFor(java.time.Duration runTime) {
        api.bulkOperations().runFor(runTime);
    }

    /** Shopify's file storage refuses result URLs (as once they expired), or serves them again. */
    public void storageRefuses(boolean refuses) {
        storageRefuses = refuses;
    }

    /** The shop's bulk operations, to make them fail or their URLs expire. */
    public io.kontor.sandbox.shopify.SandboxBulkOperations bulk() {
        return api.bulkOperations();
    }

    /** How many answered queries contain this text (an operation's name, say). */
    public int requestsWith(String text) {
        return (int) answered.stream().filter(q -> q.contains(text)).count();
    }

    /** The shop's inventory: what each location shows, changes by hand, orders committing units. */
    public io.kontor.sandbox.shopify.SandboxInventory inventory() {
        return api.inventory();
    }

    /** The merchant holds the order's open fulfillment orders (a FulfillmentHoldReason). */
    public void holdFulfillment(long orderId, String reason, String notes) {
        if (!api.holdFulfillment(orderId, reason, notes)) {
            throw new IllegalStateException("order " + orderId + " has no open fulfillment order to hold");
        }
    }

    /** The merchant releases the order's holds. */
    public void releaseFulfillmentHolds(long orderId) {
        api.releaseFulfillmentHolds(orderId);
    }

    /** The app's access scopes from now on. */
    public void grantScopes(java.util.Collection<String> scopes) {
        api.grantScopes(scopes);
    }

    /** From now on another app (a fulfillment service) fulfils what the shop assigns to this location. */
    public void locationFulfilledByAnotherApp(String locationId) {
        api.locationFulfilledByAnotherApp(locationId);
    }

    /** A bulk operation's status, as the shop's API tells it. */
    public String bulkStatus(String id) {
        Object data = api.execute(TOKEN, io.kontor.channel.shopify.ShopifyOrdersQuery.BULK_STATUS, Map.of("id", id), null).body().get("data");
        return String.valueOf(((Map<?, ?>) ((Map<?, ?>) data).get("bulkOperation")).get("status"));
    }

    /** The next {@code n} requests get HTTP 503. */
    public void failNext(int n) {
        failOnlyQueriesWith = null;
        failNext.set(n);
    }

    /** The next {@code n} requests whose query contains {@code text} get HTTP 503; others are answered. */
    public void failNextWith(String text, int n) {
        failOnlyQueriesWith = text;
        failNext.set(n);
    }

    private boolean fails(String query) {
        String only = failOnlyQueriesWith;
        return (only == null || query.contains(only)) && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
