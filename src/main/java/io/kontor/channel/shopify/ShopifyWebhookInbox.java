package io.kontor.channel.shopify;

import io.kontor.platform.BadInputException;
import io.kontor.platform.DeadLetters;
import io.kontor.platform.KafkaHeaders;
import io.kontor.platform.ProcessedMessageIds;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order webhooks Shopify delivered, read back from the inbox topic a Kafka batch at a time. The webhook was
 * answered once it was on the inbox, so a request costs a signature check and one Kafka send; here deliveries of an
 * event id taken before (Shopify delivers again when unsure) are left out with one query for the batch, the rest
 * become canonical orders for the order queue, and once those are on the queue the batch's event ids are recorded
 * and its offsets committed. A crash in between hands the same versions on again, which the order intake recognises.
 */
@Component("shopifyWebhookInbox")
public class ShopifyWebhookInbox {

    static final String PROCESSOR = "shopify-order-webhooks";
    private static final String BATCH = "kontorShopifyWebhookBatch";
    private static final String TAKEN = "kontorShopifyEventsTaken";

    private final ProcessedMessageIds processed;
    private final ShopifyOrderSource publisher;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final ShopifyChannelProperties shopify;

    public ShopifyWebhookInbox(ProcessedMessageIds processed, ShopifyOrderSource publisher, DeadLetters deadLetters, MeterRegistry meters,
                               ShopifyChannelProperties shopify) {
        this.shopify = shopify;
        this.processed = processed;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /** The batch's deliveries not taken before, as canonical order messages; a bad one is quarantined on its own. */
    public List<Message> orders(Exchange exchange) {
        List<?> batch = exchange.getMessage().getBody(List.class);
        exchange.setProperty(BATCH, batch);
        List<String> ids = new ArrayList<>(batch.size());
        for (Object item : batch) {
            ids.add(KafkaHeaders.text(((Exchange) item).getMessage(), ShopifyWebhookHeaders.EVENT_ID));
        }
        Set<String> fresh = processed.notTaken(PROCESSOR, ids.stream().filter(java.util.Objects::nonNull).toList());
        Set<String> taken = new LinkedHashSet<>();
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Exchange delivery = (Exchange) batch.get(i);
            // a record without an event id (a quarantined delivery replayed to the inbox) cannot be a duplicate of one
            if (ids.get(i) != null && (!fresh.contains(ids.get(i)) || !taken.add(ids.get(i)))) {
                meters.counter("kontor.webhooks.duplicates", "channel", "SHOPIFY").increment();
                continue;
            }
            String shop = KafkaHeaders.text(delivery.getMessage(), ShopifyWebhookHeaders.SHOP);
            String apiVersion = KafkaHeaders.text(delivery.getMessage(), ShopifyWebhookHeaders.API_VERSION);
            try {
                out.addAll(publisher.fromWebhook(delivery, exchange.getFromRouteId(), shop == null ? shopify.shopDomain() : shop,
                        apiVersion == null ? shopify.apiVersion() : apiVersion));
            } catch (BadInputException e) {
                // taken all the same: a delivery again would be just as bad
                deadLetters.quarantine(exchange.getFromRouteId(), delivery.getMessage(), e.getMessage());
            }
        }
        exchange.setProperty(TAKEN, taken);
        return out;
    }

    /** The batch's orders are on the queue: its event ids are taken, its offsets committed. */
    public void taken(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Set<String> taken = exchange.getProperty(TAKEN, Set.class);
        processed.take(PROCESSOR, taken == null ? List.of() : taken);
        KafkaHeaders.commitBatch(exchange.getProperty(BATCH, List.class));
    }
}
