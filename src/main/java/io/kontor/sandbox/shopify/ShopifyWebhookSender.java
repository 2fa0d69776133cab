package io.kontor.sandbox.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The emulated shop's webhook subscription: every order change goes out as Shopify sends it — the REST shape,
 * signed with the app's client secret, the topic, a new event id, delivered at least once (now and then twice).
 * A failed delivery is retried as Shopify documents it: 8 times over 4 hours with growing pauses, each retry with
 * the original payload and the original {@code X-Shopify-Triggered-At} (the hub recognises a stale one by it and
 * by the order's version), then given up (the hub's polling is the backstop).
 */
public final class ShopifyWebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookSender.class);
    /** Pauses before the 8 retries: exponential, 4 hours in all. */
    static final long[] RETRY_SECONDS = {10, 30, 90, 270, 810, 1800, 3600, 7790};

    private final URI target;
    private final String shopDomain;
    private final String secret;
    private final String apiVersion;
    private final double duplicateRate;
    private final ObjectMapper json;
    private final ScheduledExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Random random = new Random(7);

    public ShopifyWebhookSender(URI target, String shopDomain, String secret, String apiVersion, double duplicateRate,
                                ObjectMapper json, ScheduledExecutorService executor) {
        this.target = target;
        this.shopDomain = shopDomain;
        this.secret = secret;
        this.apiVersion = apiVersion;
        this.duplicateRate = duplicateRate;
        this.json = json;
        this.executor = executor;
    }

    /** Called by the shop after each change of an order (GraphQL shape). */
    public void changed(Map<String, Object> order) {
        send(topic(order), ShopifyRestShape.order(order));
    }

    /**
     * Called by the shop's inventory after each change of a level, whoever made it (the app's own write too: the body
     * does not say who): {@code inventory_levels/update} in the REST shape of an inventory level.
     */
    public void inventoryLevelChanged(SandboxInventory.LevelChange change) {
        Map<String, Object> level = new java.util.LinkedHashMap<>();
        level.put("inventory_item_id", change.inventoryItemId());
        level.put("location_id", change.locationId());
        level.put("available", change.available());
        level.put("updated_at", change.updatedAt().atOffset(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        level.put("admin_graphql_api_id", "gid://shopify/InventoryLevel/" + change.locationId() + "?inventory_item_id=" + change.inventoryItemId());
        send("inventory_levels/update", level);
    }

    private void send(String topic, Map<String, Object> payload) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sandbox webhook cannot be written as JSON", e);
        }
        String eventId = UUID.randomUUID().toString();
        String triggeredAt = Instant.now().toString();
        try {
            executor.execute(() -> deliver(topic, body, eventId, triggeredAt, 0));
            if (random.nextDouble() < duplicateRate) {
                executor.schedule(() -> deliver(topic, body, eventId, triggeredAt, 0), 300, TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the sandbox is stopping: the change stands, its webhook is not sent (as when delivery fails for good)
        }
    }

    private void deliver(String topic, byte[] body, String eventId, String triggeredAt, int attempt) {
        int status;
        try {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-Shopify-Topic", topic)
                    .header("X-Shopify-Hmac-SHA256", hmacSha256Base64(body, secret))
                    .header("X-Shopify-Shop-Domain", shopDomain)
                    .header("X-Shopify-API-Version", apiVersion)
                    .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                    .header("X-Shopify-Event-Id", eventId)
                    .header("X-Shopify-Triggered-At", triggeredAt)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            status = -1;
        }
        if (status >= 200 && status < 300) {
            return;
        }
        if (attempt < RETRY_SECONDS.length && !executor.isShutdown()) {
            executor.schedule(() -> deliver(topic, body, eventId, triggeredAt, attempt + 1), RETRY_SECONDS[attempt], TimeUnit.SECONDS);
        } else {
            log.debug("Sandbox webhook {} {} given up after {} attempts (last status {})", topic, eventId, attempt + 1, status);
        }
    }

    private static String topic(Map<String, Object> order) {
        Object updated = order.get("updatedAt");
        if (updated != null && updated.equals(order.get("createdAt"))) {
            return "orders/create";
        }
        if (updated != null && updated.equals(order.get("cancelledAt"))) {
            return "orders/cancelled";
        }
        return "orders/updated";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Shopify's webhook signature: base64 of the HMAC-SHA256 of the raw body, keyed with the app's client secret. */
    static String hmacSha256Base64(byte[] body, String secret) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
