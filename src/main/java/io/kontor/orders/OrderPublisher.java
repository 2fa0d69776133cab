package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.MappingException;
import io.kontor.channel.shopify.ShopifyGraphqlOrderMapper;
import io.kontor.model.Order;
import io.kontor.platform.KafkaHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Turns a channel's order payload into the canonical Order message for {@code kontor.orders.v1}: the body
 * becomes the canonical JSON, the Kafka key the order's natural key, and nothing else rides along.
 */
@Component("orderPublisher")
public class OrderPublisher {

    private final ObjectMapper json;
    private final ShopifyGraphqlOrderMapper shopifyMapper = new ShopifyGraphqlOrderMapper();
    private final MeterRegistry meters;

    public OrderPublisher(ObjectMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    public void fromShopify(Exchange exchange, String shopDomain, String apiVersion) throws JsonProcessingException {
        String payload = exchange.getMessage().getBody(String.class);
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new MappingException("Shopify order is not valid JSON: " + e.getOriginalMessage(), e);
        }
        exchange.setProperty(io.kontor.platform.DeadLetters.MESSAGE_KEY, "SHOPIFY:" + shopDomain + ":" + node.path("id").asText());
        publish(exchange, shopifyMapper.map(node, shopDomain, apiVersion));
    }

    void publish(Exchange exchange, Order order) throws JsonProcessingException {
        OrderValidator.validate(order);
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(KafkaConstants.KEY, order.kafkaKey());
        m.setHeader(KafkaHeaders.SCHEMA_VERSION, String.valueOf(order.schemaVersion()));
        m.setBody(json.writeValueAsString(order));
        meters.counter("kontor.orders.normalised", "channel", order.channel().name()).increment();
    }
}
