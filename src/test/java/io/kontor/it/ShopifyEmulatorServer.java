package io.kontor.it;

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
final class ShopifyEmulatorServer implements AutoCloseable {

    static {
        // the JDK server leaves Nagle on: with delayed ACKs every response then stalls ~40 ms, which real
        // Shopify (and the hub's own Tomcat-served sandbox) does not; read once when the server classes load
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final String TOKEN = "shpat_it_token";
    static final String SHOP = "it-shop.myshopify.com";
    static final String CLIENT_ID = "it-app";
    static final String CLIENT_SECRET = "shpss_it_secret";
    static final String INSTALL_REFRESH_TOKEN = "shprt_it_install";

    final SandboxShop shop = new SandboxShop();
    /** The shop's wall clock for token lifetimes: tests move it to expire access tokens. */
    final MutableClock tokenClock = new MutableClock(Instant.now());
    final SandboxShopifyOAuth oauth = new SandboxShopifyOAuth(CLIENT_ID, CLIENT_SECRET, INSTALL_REFRESH_TOKEN, TOKEN,
            SandboxShopifyOAuth.ACCESS_TOKEN_LIFETIME, tokenClock);
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger throttled = new AtomicInteger();
    /**
     * Orders queries without a cursor that were answered: each is the first page of a poll (polls run one at a time);
     * a first page asked again after THROTTLED or a 401 is not another poll.
     */
    final AtomicInteger pollsStarted = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final ShopifyAdminApi api;
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    ShopifyEmulatorServer(double bucketSize, double restoreRate) {
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
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
                out = "{\"errors\":\"Service Unavailable\"}".getBytes();
            } else {
                JsonNode request = json.readTree(exchange.getRequestBody());
                @SuppressWarnings("unchecked")
                Map<String, Object> vars = request.has("variables") ? json.convertValue(request.get("variables"), Map.class) : Map.of();
                ShopifyAdminApi.Response r = api.execute(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"),
                        request.path("query").asText(null), vars, null);
                if (r.body().toString().contains("THROTTLED")) {
                    throttled.incrementAndGet();
                } else if (r.status() == 200 && vars.containsKey("q") && !vars.containsKey("after")) {
                    pollsStarted.incrementAndGet();
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
        server.start();
    }

    /** The next {@code n} requests get HTTP 503. */
    void failNext(int n) {
        failNext.set(n);
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
