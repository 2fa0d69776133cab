package io.kontor.channel.shopify;

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
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Receives Shopify's order webhooks at {@code POST /webhooks/shopify}. Authentication is the HMAC signature
 * (no login): a missing or wrong one gets 401, is logged and never processed. A verified delivery goes to the
 * {@code shopify-webhook-inbox} route; 200 once it is on the inbox topic, 503 if the inbox could not take it, so
 * Shopify delivers it again (it retries 8 times over 4 hours). {@link ShopifyWebhookInbox} takes it from there.
 */
@Hidden
@RestController
public class ShopifyWebhookController {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookController.class);
    static final Set<String> ORDER_TOPICS = Set.of("orders/create", "orders/updated", "orders/cancelled", "orders/paid",
            "orders/fulfilled", "orders/partially_fulfilled", "orders/edited");

    static final String INVENTORY_TOPIC = "inventory_levels/update";

    private final ShopifyChannelProperties shopify;
    private final ProducerTemplate producer;
    private final MeterRegistry meters;
    private final ShopifyStockPublisher stock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public ShopifyWebhookController(ShopifyChannelProperties shopify, ProducerTemplate producer, MeterRegistry meters,
                                    ShopifyStockPublisher stock, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.shopify = shopify;
        this.producer = producer;
        this.meters = meters;
        this.stock = stock;
        this.json = json;
    }

    @PostMapping("/webhooks/shopify")
    public ResponseEntity<Void> receive(@RequestHeader(name = "X-Shopify-Hmac-SHA256", required = false) String hmac,
                                        @RequestHeader(name = "X-Shopify-Topic", required = false) String topic,
                                        @RequestHeader(name = "X-Shopify-Shop-Domain", required = false) String shop,
                                        @RequestHeader(name = "X-Shopify-Event-Id", required = false) String eventId,
                                        @RequestHeader(name = "X-Shopify-Webhook-Id", required = false) String webhookId,
                                        @RequestHeader(name = "X-Shopify-Triggered-At", required = false) String triggeredAt,
                                        @RequestHeader(name = "X-Shopify-API-Version", required = false) String apiVersion,
                                        @RequestBody(required = false) byte[] body) {
        List<String> secrets = Arrays.asList(shopify.clientSecret(), shopify.previousClientSecret());
        if (!WebhookSignatures.valid(body, hmac, secrets)) {
            meters.counter("kontor.webhooks.refused", "channel", "SHOPIFY", "reason", hmac == null ? "unsigned" : "bad_signature").increment();
            log.warn("Refused a Shopify webhook with {} signature (topic {}, shop {}, event {})",
                    hmac == null ? "no" : "a wrong", topic, shop, eventId);
            return ResponseEntity.status(401).build();
        }
        if (shop == null || !shop.equalsIgnoreCase(shopify.shopDomain())) {
            meters.counter("kontor.webhooks.refused", "channel", "SHOPIFY", "reason", "unknown_shop").increment();
            log.warn("Refused a signed Shopify webhook for shop {}: this hub serves {}", shop, shopify.shopDomain());
            return ResponseEntity.status(403).build();
        }
        if (INVENTORY_TOPIC.equals(topic)) {
            return levelChanged(body, eventId);
        }
        if (!ORDER_TOPICS.contains(topic)) {
            log.debug("Ignored Shopify webhook topic {} (event {})", topic, eventId);
            return ResponseEntity.ok().build();
        }
        String dedupKey = eventId != null ? eventId : "webhook:" + webhookId;
        Throwable notTaken = WebhookHandOff.toRoute(producer, "direct:shopify-order-webhook", e -> {
            e.getMessage().setHeader(ShopifyWebhookHeaders.EVENT_ID, dedupKey);
            e.getMessage().setHeader(ShopifyWebhookHeaders.TOPIC, topic);
            e.getMessage().setHeader(ShopifyWebhookHeaders.SHOP, shopify.shopDomain()); // the account polling uses, whatever the header's case
            e.getMessage().setHeader(ShopifyWebhookHeaders.API_VERSION, apiVersion == null ? shopify.apiVersion() : apiVersion);
            e.getMessage().setHeader(ShopifyWebhookHeaders.TRIGGERED_AT, triggeredAt);
            e.getMessage().setBody(new String(body, StandardCharsets.UTF_8));
        });
        if (notTaken != null) {
            return notTaken(dedupKey, topic, notTaken);
        }
        meters.counter("kontor.webhooks.received", "channel", "SHOPIFY", "topic", topic).increment();
        return ResponseEntity.ok().build();
    }

    /**
     * What the shop shows of an item at a location now: told to the stock workflow at once (the echo of the hub's own
     * write is recognised there). A late retry carries its original payload and is recognised as older by its time.
     */
    private ResponseEntity<Void> levelChanged(byte[] body, String eventId) {
        try {
            var verdict = stock.levelChanged(json.readTree(body), shopify.shopDomain(), shopify.baseUrl(), shopify.apiVersion(), shopify.clientId());
            meters.counter("kontor.webhooks.received", "channel", "SHOPIFY", "topic", INVENTORY_TOPIC).increment();
            log.debug("Shopify inventory level webhook {}: {}", eventId, verdict);
            return ResponseEntity.ok().build();
        } catch (java.io.IOException e) {
            log.warn("Shopify inventory level webhook {} is not JSON: {}", eventId, e.getMessage());
            return ResponseEntity.badRequest().build();
        } catch (Exception e) {
            return notTaken(eventId, INVENTORY_TOPIC, e);
        }
    }

    private ResponseEntity<Void> notTaken(String eventId, String topic, Throwable why) {
        meters.counter("kontor.webhooks.deferred", "channel", "SHOPIFY").increment();
        if (why instanceof io.kontor.platform.TransientChannelException t && t.waitMillis() > 0) {
            // the shop's own limit, foreseen: nothing is wrong, the redelivery finds the bucket refilled
            log.info("Shopify webhook {} ({}) not taken yet; Shopify will deliver it again: {}", eventId, topic, why.getMessage());
        } else {
            log.warn("Shopify webhook {} ({}) not taken; Shopify will deliver it again: {}", eventId, topic, why.getMessage());
        }
        return ResponseEntity.status(503).build();
    }
}
