package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Order;
import io.kontor.platform.BadInputException;
import io.kontor.platform.FileDrops;
import io.kontor.platform.KafkaRecords;
import io.kontor.orders.spi.OrderInbound;
import io.kontor.platform.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Channel orders (a polled page, one webhook, one file) into canonical Order messages for {@code kontor.orders.v1}: the
 * body becomes a list of messages, each with the canonical JSON and the order's natural key, sent to Kafka as one batch
 * ({@code batchWithIndividualHeaders}). The channel maps; an order that cannot be mapped or fails validation is
 * quarantined with its reason on its own, and the rest of its page goes on.
 */
@Component("orderPublisher")
public class OrderPublisher implements OrderInbound {

    private final ObjectMapper json;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final OrderRepository orders;
    private final RegisteredChannels channels;

    public OrderPublisher(ObjectMapper json, DeadLetters deadLetters, MeterRegistry meters, OrderRepository orders,
                          RegisteredChannels channels) {
        this.orders = orders;
        this.channels = channels;
        this.json = json;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Override
    public List<Message> polledPage(Exchange exchange, String routeId, Mapping mapping) {
        JsonNode page = body(exchange, mapping.channel() + " orders page");
        if (!page.isArray()) {
            throw new BadInputException(mapping.channel() + " orders page is not a JSON array");
        }
        return publish(exchange, routeId, mapping, page, true);
    }

    @Override
    public List<Message> pushed(Exchange exchange, String routeId, Mapping mapping) {
        JsonNode order = body(exchange, mapping.channel() + " webhook body");
        if (!order.isObject()) {
            throw new BadInputException(mapping.channel() + " webhook body is not a JSON object");
        }
        return publish(exchange, routeId, mapping, json.createArrayNode().add(order), false);
    }

    private JsonNode body(Exchange exchange, String what) {
        try {
            JsonNode node = json.readTree(exchange.getMessage().getBody(String.class));
            if (node == null) {
                throw new BadInputException(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadInputException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public List<Message> file(Exchange exchange, String routeId, String channel, String partner, String content,
                              Function<String, List<Order>> mapping) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        try {
            List<Order> orders = mapping.apply(file);
            orders.forEach(OrderValidator::validate);
            orders.forEach(o -> channels.require(o.channel()));
            List<Message> out = new ArrayList<>(orders.size());
            for (Order order : orders) {
                out.add(KafkaRecords.message(exchange, order.kafkaKey(), json.writeValueAsString(order), String.valueOf(order.schemaVersion())));
            }
            meters.counter("kontor.orders.normalised", "channel", channel).increment(orders.size());
            return out;
        } catch (BadInputException e) {
            exchange.setProperty(FileDrops.REJECTION, e.getMessage());
            deadLetters.quarantine(routeId, KafkaRecords.message(exchange, channel + ":" + partner + ":" + file, content, null), e.getMessage());
            meters.counter("kontor.orders.failed", "reason", "invalid", "stage", "normalise").increment();
            return List.of();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A canonical order could not be serialised", e);
        }
    }

    /**
     * Maps a page; a polled one leaves out the versions already stored (the backstop poll reads again what webhooks
     * and notifications brought), a pushed one goes on whole: it is new as a rule, and the intake recognises repeats.
     */
    private List<Message> publish(Exchange exchange, String routeId, Mapping mapping, JsonNode page, boolean polled) {
        String channel = mapping.channel();
        List<Order> mapped = new ArrayList<>(page.size());
        for (JsonNode node : page) {
            try {
                Order order = mapping.mapper().apply(node);
                OrderValidator.validate(order);
                channels.require(order.channel());
                mapped.add(order);
                meters.counter("kontor.orders.normalised", "channel", channel).increment();
            } catch (BadInputException e) {
                String key = channel + ":" + mapping.account() + ":" + mapping.idOf().apply(node);
                deadLetters.quarantine(routeId, KafkaRecords.message(exchange, key, node.toString(), null), e.getMessage());
                meters.counter("kontor.orders.failed", "reason", "invalid", "stage", "normalise").increment();
            }
        }
        List<Order> fresh = polled ? orders.notStoredYet(mapped) : mapped;
        meters.counter("kontor.orders.already.stored", "channel", channel).increment(mapped.size() - fresh.size());
        List<Message> out = new ArrayList<>(fresh.size());
        for (Order order : fresh) {
            try {
                out.add(KafkaRecords.message(exchange, order.kafkaKey(), json.writeValueAsString(order), String.valueOf(order.schemaVersion())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A canonical order could not be serialised", e);
            }
        }
        return out;
    }
}
