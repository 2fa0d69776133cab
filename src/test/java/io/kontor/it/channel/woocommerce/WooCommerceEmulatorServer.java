package io.kontor.it.channel.woocommerce;

import io.kontor.it.EmulatorHttp;

import com.sun.net.httpserver.HttpServer;
import io.kontor.sandbox.woocommerce.SandboxWooStore;
import io.kontor.sandbox.woocommerce.WooCommerceRestApi;
import io.kontor.sandbox.woocommerce.WooCommerceTrafficGenerator;
import io.kontor.sandbox.woocommerce.WooCommerceWebhookSender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/** The sandbox WooCommerce store's REST API on its own port, and its webhooks once pointed at a hub. */
public final class WooCommerceEmulatorServer implements AutoCloseable {

    public static final String KEY = "ck_it_0123456789abcdef0123456789abcdef01234567";
    public static final String SECRET = "cs_it_0123456789abcdef0123456789abcdef01234567";
    public static final String WEBHOOK_SECRET = "it-woo-webhook-secret";
    public static final ZoneId SITE = ZoneId.of("Europe/Berlin");

    public final SandboxWooStore store = new SandboxWooStore(Clock.systemUTC(), SITE);
    public final WooCommerceTrafficGenerator traffic = new WooCommerceTrafficGenerator(store, 47);
    private final WooCommerceRestApi api = new WooCommerceRestApi(store, KEY, SECRET, SITE);
    private final HttpServer server;

    public WooCommerceEmulatorServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/wp-json/", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            WooCommerceRestApi.Response r = api.handle(new WooCommerceRestApi.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), EmulatorHttp.form(exchange.getRequestURI().getRawQuery()), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            EmulatorHttp.sendJson(exchange, r.status(), r.headers(), r.body());
        });
        server.start();
    }

    public String storeUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** From now on each order change is delivered to the hub's webhook endpoint (twice as often as {@code duplicateRate}). */
    public WooCommerceWebhookSender webhooksTo(int hubPort, double duplicateRate) {
        WooCommerceWebhookSender sender = new WooCommerceWebhookSender(URI.create("http://localhost:" + hubPort + "/webhooks/woocommerce"),
                storeUrl() + "/", WEBHOOK_SECRET, duplicateRate, Executors.newScheduledThreadPool(1));
        store.onChange(sender::changed);
        return sender;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
