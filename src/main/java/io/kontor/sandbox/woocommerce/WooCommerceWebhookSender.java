package io.kontor.sandbox.woocommerce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The store's two order webhooks ({@code order.created}, {@code order.updated}) as WooCommerce delivers them: a POST
 * in the background (WordPress's cron), the order as the REST API shows it, signed in {@code X-WC-Webhook-Signature}
 * (base64 HMAC-SHA256 of the body with the webhook's secret), with the source, topic, resource, event, webhook id and
 * a delivery id. WooCommerce does not retry a failed delivery (it disables the webhook after five failures in a row);
 * now and then a delivery arrives twice, as a proxy or a retrying client may send it.
 */
public final class WooCommerceWebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WooCommerceWebhookSender.class);

    private final URI target;
    private final String source;
    private final String secret;
    private final double duplicateRate;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Random random = new Random(11);
    private int failuresInARow;

    public WooCommerceWebhookSender(URI target, String source, String secret, double duplicateRate, ScheduledExecutorService executor) {
        this.target = target;
        this.source = source;
        this.secret = secret;
        this.duplicateRate = duplicateRate;
        this.executor = executor;
    }

    /** Called by the store after each change; the topic travels in {@code _topic}. */
    public void changed(ObjectNode event) {
        String topic = event.remove("_topic").asText();
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalStateException("sandbox order cannot be written as JSON", e);
        }
        String deliveryId = UUID.randomUUID().toString().replace("-", "");
        boolean twice;
        synchronized (random) {
            twice = random.nextDouble() < duplicateRate;
        }
        try {
            executor.execute(() -> deliver(topic, body, deliveryId));
            if (twice) {
                executor.schedule(() -> deliver(topic, body, deliveryId), 300, TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the sandbox is stopping: the change stands, its webhook is not sent (as when delivery fails for good)
        }
    }

    private void deliver(String topic, byte[] body, String deliveryId) {
        String event = topic.substring(topic.indexOf('.') + 1);
        try {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)")
                    .header("X-WC-Webhook-Source", source)
                    .header("X-WC-Webhook-Topic", topic)
                    .header("X-WC-Webhook-Resource", "order")
                    .header("X-WC-Webhook-Event", event)
                    .header("X-WC-Webhook-Signature", signature(body, secret))
                    .header("X-WC-Webhook-ID", "created".equals(event) ? "41" : "42")
                    .header("X-WC-Webhook-Delivery-ID", deliveryId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            failuresInARow = status / 100 == 2 ? 0 : failuresInARow + 1;
        } catch (java.io.IOException e) {
            failuresInARow++;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failuresInARow == 5) {
            log.info("Sandbox WooCommerce: 5 webhook deliveries failed in a row (WooCommerce would disable the webhook; the sandbox keeps sending)");
        }
    }

    /** WooCommerce's webhook signature: base64 of the HMAC-SHA256 of the body, keyed with the webhook's secret. */
    static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
