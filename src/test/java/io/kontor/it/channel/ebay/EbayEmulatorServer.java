package io.kontor.it.channel.ebay;

import io.kontor.it.EmulatorHttp;
import io.kontor.it.Hub;

import com.sun.net.httpserver.HttpServer;
import io.kontor.sandbox.ebay.EbayFulfillmentApi;
import io.kontor.sandbox.ebay.EbayTrafficGenerator;
import io.kontor.sandbox.ebay.SandboxEbayOAuth;
import io.kontor.sandbox.ebay.SandboxEbaySeller;
import io.kontor.testing.MutableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The sandbox eBay token endpoint and Sell Fulfillment API on their own port, counting answers by status. */
public final class EbayEmulatorServer implements AutoCloseable {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final String SELLER = "it_store";
    public static final String CLIENT_ID = "It-App-PRD-1";
    public static final String CLIENT_SECRET = "PRD-it-secret";
    public static final String REFRESH_TOKEN = "v^1.1#i^1#r^1#it";

    public final SandboxEbaySeller seller = new SandboxEbaySeller(SELLER);
    /** The API's clock: tests move it to expire access tokens. */
    public final MutableClock apiClock = new MutableClock(Instant.now());
    /**
     * The seller's clock for order changes. It starts now and only moves forward, a second per change, so it never
     * falls behind the hub's clock: the hub's watermark is its own clock at the start of a poll, as it would be
     * against eBay, whose clock and the hub's agree within the overlap.
     */
    public final MutableClock ordersClock = new MutableClock(Instant.now());
    public final EbayTrafficGenerator generator = new EbayTrafficGenerator(seller, 31, ordersClock);
    public final SandboxEbayOAuth oauth = new SandboxEbayOAuth(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN, apiClock);
    public final EbayFulfillmentApi api;
    public final io.kontor.sandbox.ebay.EbayInventoryApi inventory;
    /** The bodies of the stock calls the hub sent (bulk_update_price_quantity), in order. */
    public final java.util.List<String> stockCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    public final AtomicInteger tokenRequests = new AtomicInteger();
    private final HttpServer server;

    public EbayEmulatorServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api = new EbayFulfillmentApi(seller, oauth, apiClock, "http://localhost:" + server.getAddress().getPort(), 100_000);
        inventory = new io.kontor.sandbox.ebay.EbayInventoryApi(oauth, apiClock, 100_000);
        server.createContext("/identity/v1/oauth2/token", exchange -> {
            tokenRequests.incrementAndGet();
            SandboxEbayOAuth.Response r = oauth.token(exchange.getRequestHeaders().getFirst("Authorization"), EmulatorHttp.body(exchange));
            count(r.status());
            EmulatorHttp.sendJson(exchange, r.status(), Map.of(), r.body());
        });
        server.createContext("/sell/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            EbayFulfillmentApi.Request request = new EbayFulfillmentApi.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), EmulatorHttp.form(exchange.getRequestURI().getRawQuery()), headers, body);
            boolean stock = request.path().startsWith(io.kontor.sandbox.ebay.EbayInventoryApi.BASE);
            if (stock && request.path().endsWith("/bulk_update_price_quantity")) {
                stockCalls.add(body);
            }
            EbayFulfillmentApi.Response r = stock ? inventory.handle(request) : api.handle(request);
            count(r.status());
            EmulatorHttp.sendJson(exchange, r.status(), r.headers(), r.body());
        });
        server.start();
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void count(int status) {
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    public int answered(int status) {
        return answers.getOrDefault(status, new AtomicInteger()).get();
    }

    public Hub configure(Hub hub) {
        return hub.with("kontor.channels.ebay.enabled", true)
                .with("kontor.channels.ebay.seller-id", SELLER)
                .with("kontor.channels.ebay.base-url", baseUrl())
                .with("kontor.channels.ebay.token-url", baseUrl() + "/identity/v1/oauth2/token")
                .with("kontor.channels.ebay.client-id", CLIENT_ID)
                .with("kontor.channels.ebay.client-secret", CLIENT_SECRET)
                .with("kontor.channels.ebay.refresh-token", REFRESH_TOKEN)
                .with("kontor.channels.ebay.poll-interval", 500)
                .with("kontor.channels.ebay.page-size", 50)
                .with("kontor.channels.ebay.overlap", "PT10S");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
