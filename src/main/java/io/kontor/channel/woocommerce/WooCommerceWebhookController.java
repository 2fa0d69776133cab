package io.kontor.channel.woocommerce;

import io.kontor.channel.WebhookHandOff;
import io.kontor.channel.WebhookSignatures;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Receives the store's order webhooks at {@code POST /webhooks/woocommerce}. Authentication is the signature in
 * {@code X-WC-Webhook-Signature} (base64 of the HMAC-SHA256 of the raw body with the webhook's secret), compared in
 * constant time: a missing or wrong one gets 401 and is never processed. A verified order goes through the
 * {@code woocommerce-order-webhooks} route, which takes each delivery id once; 200 when its order is on the queue,
 * 503 when it could not be taken (WooCommerce does not deliver again by itself; the next poll reads the change).
 * WooCommerce pings a new webhook's address with {@code webhook_id=<id>}, unsigned: answered 200, nothing more.
 */
@Hidden
@RestController
public class WooCommerceWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WooCommerceWebhookController.class);
    static final Set<String> ORDER_TOPICS = Set.of("order.created", "order.updated");
    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");
    static final String DELIVERY_ID = "kontorWooCommerceDeliveryId";

    private final WooCommerceProperties props;
    private final ProducerTemplate producer;
    private final MeterRegistry meters;

    public WooCommerceWebhookController(WooCommerceProperties props, ProducerTemplate producer, MeterRegistry meters) {
        this.props = props;
        this.producer = producer;
        this.meters = meters;
    }

    @PostMapping("/webhooks/woocommerce")
    public ResponseEntity<Void> receive(@RequestHeader(name = "X-WC-Webhook-Signature", required = false) String signature,
                                        @RequestHeader(name = "X-WC-Webhook-Topic", required = false) String topic,
                                        @RequestHeader(name = "X-WC-Webhook-Source", required = false) String source,
                                        @RequestHeader(name = "X-WC-Webhook-Delivery-ID", required = false) String deliveryId,
                                        @RequestHeader(name = "X-WC-Delivery-ID", required = false) String deliveryIdAsDocumented,
                                        @RequestHeader(name = "X-WC-Webhook-ID", required = false) String webhookId,
                                        @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (topic == null && signature == null && PING.matcher(new String(raw, StandardCharsets.UTF_8).trim()).matches()) {
            log.info("WooCommerce pinged its new webhook ({})", new String(raw, StandardCharsets.UTF_8).trim());
            return ResponseEntity.ok().build();
        }
        if (!valid(raw, signature, props.webhookSecret())) {
            meters.counter("kontor.webhooks.refused", "channel", "WOOCOMMERCE", "reason", signature == null ? "unsigned" : "bad_signature").increment();
            log.warn("Refused a WooCommerce webhook with {} signature (topic {}, source {}, webhook {})",
                    signature == null ? "no" : "a wrong", topic, source, webhookId);
            return ResponseEntity.status(401).build();
        }
        if (!ORDER_TOPICS.contains(topic)) {
            log.debug("Ignored WooCommerce webhook topic {} (webhook {})", topic, webhookId);
            return ResponseEntity.ok().build();
        }
        String delivery = deliveryId != null ? deliveryId : deliveryIdAsDocumented;
        if (delivery == null || delivery.isBlank()) {
            meters.counter("kontor.webhooks.refused", "channel", "WOOCOMMERCE", "reason", "no_delivery_id").increment();
            return ResponseEntity.badRequest().build();
        }
        Throwable notTaken = WebhookHandOff.toRoute(producer, "direct:woocommerce-order-webhook", e -> {
            e.getMessage().setHeader(DELIVERY_ID, "woocommerce:" + webhookId + ":" + delivery);
            e.getMessage().setBody(new String(raw, StandardCharsets.UTF_8));
        });
        if (notTaken != null) {
            return notTaken(delivery, notTaken);
        }
        meters.counter("kontor.webhooks.received", "channel", "WOOCOMMERCE", "topic", topic).increment();
        return ResponseEntity.ok().build();
    }

    /** Base64 HMAC-SHA256 of the raw body under the webhook's secret, compared in constant time. */
    static boolean valid(byte[] body, String signature, String secret) {
        return secret != null && WebhookSignatures.valid(body, signature, List.of(secret));
    }

    private ResponseEntity<Void> notTaken(String delivery, Throwable why) {
        meters.counter("kontor.webhooks.deferred", "channel", "WOOCOMMERCE").increment();
        log.warn("WooCommerce webhook delivery {} not taken; the next poll reads the change: {}", delivery, why.getMessage());
        return ResponseEntity.status(503).build();
    }
}
