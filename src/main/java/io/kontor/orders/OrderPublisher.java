package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.MappingException;
import io.kontor.channel.amazon.AmazonOrder2026Mapper;
import io.kontor.channel.amazon.AmazonOrderMapper;
import io.kontor.channel.ebay.EbayOrderMapper;
import io.kontor.channel.shopify.ShopifyGraphqlOrderMapper;
import io.kontor.channel.shopify.ShopifyRestOrderMapper;
import io.kontor.channel.wholesale.EdifactOrdersMapper;
import io.kontor.channel.wholesale.WholesaleCsvOrderMapper;
import io.kontor.model.Channel;
import io.kontor.model.Order;
import io.kontor.platform.BadInputException;
import io.kontor.platform.FileDrops;
import io.kontor.platform.DeadLetters;
import io.kontor.platform.KafkaHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns channel orders (a polled page, or one webhook) into canonical Order messages for {@code kontor.orders.v1}: the body becomes
 * a list of messages, each with the canonical JSON and the order's natural key, sent to Kafka as one batch
 * ({@code batchWithIndividualHeaders}). An order that cannot be mapped or fails validation is quarantined
 * with its reason on its own; the rest of its page goes on.
 */
@Component("orderPublisher")
public class OrderPublisher {

    private final ObjectMapper json;
    private final DeadLetters deadLetters;
    private final ShopifyGraphqlOrderMapper shopifyMapper = new ShopifyGraphqlOrderMapper();
    private final ShopifyRestOrderMapper shopifyWebhookMapper = new ShopifyRestOrderMapper();
    private final WholesaleCsvOrderMapper wholesaleCsvMapper = new WholesaleCsvOrderMapper();
    private final AmazonOrderMapper amazonMapper = new AmazonOrderMapper();
    private final AmazonOrder2026Mapper amazon2026Mapper = new AmazonOrder2026Mapper();
    private final EbayOrderMapper ebayMapper = new EbayOrderMapper();
    private final MeterRegistry meters;

    private final OrderRepository orders;

    public OrderPublisher(ObjectMapper json, DeadLetters deadLetters, MeterRegistry meters, OrderRepository orders) {
        this.orders = orders;
        this.json = json;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /** A page from the shopify-orders-source kamelet: a JSON array of GraphQL order nodes. */
    public List<Message> fromShopify(Exchange exchange, String routeId, String shopDomain, String apiVersion) {
        return publish(exchange, routeId, Channel.SHOPIFY, shopDomain, page(exchange, "Shopify"), true,
                node -> shopifyMapper.map(node, shopDomain, apiVersion));
    }

    /** A polled page: a JSON array of channel orders. */
    private JsonNode page(Exchange exchange, String channel) {
        JsonNode page;
        try {
            page = json.readTree(exchange.getMessage().getBody(String.class));
        } catch (JsonProcessingException e) {
            throw new MappingException(channel + " orders page is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (page == null || !page.isArray()) {
            throw new MappingException(channel + " orders page is not a JSON array");
        }
        return page;
    }

    /** A page from the amazon-orders-source kamelet: Orders v0 orders each with its OrderItems, or v2026-01-01 orders (items inline). */
    public List<Message> fromAmazon(Exchange exchange, String routeId, String sellerId) {
        return publish(exchange, routeId, Channel.AMAZON, sellerId, page(exchange, "Amazon"), true, node -> AmazonOrder2026Mapper.isV2026(node)
                ? amazon2026Mapper.map(node, sellerId) : amazonMapper.map(node, sellerId));
    }

    /** A page from the ebay-orders-source kamelet: a JSON array of Sell Fulfillment API orders. */
    public List<Message> fromEbay(Exchange exchange, String routeId, String seller) {
        return publish(exchange, routeId, Channel.EBAY, seller, page(exchange, "eBay"), true, node -> ebayMapper.map(node, seller));
    }

    /** One order webhook: the REST-shaped order as Shopify delivered it. */
    public List<Message> fromShopifyWebhook(Exchange exchange, String routeId, String shopDomain, String apiVersion) {
        JsonNode order;
        try {
            order = json.readTree(exchange.getMessage().getBody(String.class));
        } catch (JsonProcessingException e) {
            throw new MappingException("Shopify webhook body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (order == null || !order.isObject()) {
            throw new MappingException("Shopify webhook body is not a JSON object");
        }
        return publish(exchange, routeId, Channel.SHOPIFY, shopDomain, json.createArrayNode().add(order), false,
                node -> shopifyWebhookMapper.map(node, shopDomain, apiVersion));
    }

    /**
     * One wholesale CSV file (from the sftp-files-source kamelet), taken whole or not at all: a file with any bad
     * row or invalid order is quarantined with every problem listed, and the kamelet moves it to error/.
     */
    public List<Message> fromWholesaleCsv(Exchange exchange, String routeId, String partner) {
        String content = exchange.getMessage().getBody(String.class);
        return publishFile(exchange, routeId, Channel.WHOLESALE_CSV, partner, content,
                file -> wholesaleCsvMapper.map(file, partner, content == null ? "" : content));
    }

    /** One EDIFACT interchange of ORDERS, read as bytes (its UNB names its character set); all or nothing. */
    public List<Message> fromWholesaleEdifact(Exchange exchange, String routeId, String partner, String defaultCurrency) {
        byte[] content = exchange.getMessage().getBody(byte[].class);
        return publishFile(exchange, routeId, Channel.WHOLESALE_EDIFACT, partner,
                content == null ? "" : new String(content, java.nio.charset.StandardCharsets.ISO_8859_1),
                file -> new EdifactOrdersMapper(defaultCurrency).map(file, partner, content == null ? new byte[0] : content));
    }

    private List<Message> publishFile(Exchange exchange, String routeId, Channel channel, String partner, String content,
                                      Function<String, List<Order>> mapping) {
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        try {
            List<Order> orders = mapping.apply(file);
            orders.forEach(OrderValidator::validate);
            List<Message> out = new ArrayList<>(orders.size());
            for (Order order : orders) {
                out.add(message(exchange, order.kafkaKey(), json.writeValueAsString(order), String.valueOf(order.schemaVersion())));
            }
            meters.counter("kontor.orders.normalised", "channel", channel.name()).increment(orders.size());
            return out;
        } catch (BadInputException e) {
            exchange.setProperty(FileDrops.REJECTION, e.getMessage());
            deadLetters.quarantine(routeId, message(exchange, channel.name() + ":" + partner + ":" + file, content, null), e.getMessage());
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
    private List<Message> publish(Exchange exchange, String routeId, Channel channel, String account, JsonNode page,
                                  boolean polled, Function<JsonNode, Order> mapper) {
        String idField = channel == Channel.AMAZON ? "AmazonOrderId" : channel == Channel.EBAY ? "orderId" : "id";
        List<Order> mapped = new ArrayList<>(page.size());
        for (JsonNode node : page) {
            try {
                Order order = mapper.apply(node);
                OrderValidator.validate(order);
                mapped.add(order);
                meters.counter("kontor.orders.normalised", "channel", channel.name()).increment();
            } catch (BadInputException e) {
                String key = channel.name() + ":" + account + ":" + node.path(idField).asText();
                deadLetters.quarantine(routeId, message(exchange, key, node.toString(), null), e.getMessage());
                meters.counter("kontor.orders.failed", "reason", "invalid", "stage", "normalise").increment();
            }
        }
        List<Order> fresh = polled ? orders.notStoredYet(mapped) : mapped;
        meters.counter("kontor.orders.already.stored", "channel", channel.name()).increment(mapped.size() - fresh.size());
        List<Message> out = new ArrayList<>(fresh.size());
        for (Order order : fresh) {
            try {
                out.add(message(exchange, order.kafkaKey(), json.writeValueAsString(order), String.valueOf(order.schemaVersion())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A canonical order could not be serialised", e);
            }
        }
        return out;
    }

    /** A message for a batch send to Kafka: its own record key, the schema version when it is a canonical order. */
    public static Message message(Exchange exchange, String key, String body, String schemaVersion) {
        Message m = new DefaultMessage(exchange);
        m.setHeader(KafkaConstants.KEY, key);
        if (schemaVersion != null) {
            m.setHeader(KafkaHeaders.SCHEMA_VERSION, schemaVersion);
        }
        m.setBody(body);
        return m;
    }
}
