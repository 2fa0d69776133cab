package io.kontor.channel.shopify;

import io.kontor.model.Channel;
import io.kontor.orders.spi.OrderInbound;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.List;

/** Shopify's orders into the order workflow: polled GraphQL pages and REST-shaped webhook orders, each mapped. */
@Component("shopifyOrders")
public class ShopifyOrderSource {

    private final OrderInbound inbound;
    private final ShopifyGraphqlOrderMapper polled = new ShopifyGraphqlOrderMapper();
    private final ShopifyRestOrderMapper pushed = new ShopifyRestOrderMapper();

    public ShopifyOrderSource(OrderInbound inbound) {
        this.inbound = inbound;
    }

    /** A page from the shopify-orders-source kamelet: a JSON array of GraphQL order nodes. */
    public List<Message> fromPage(Exchange exchange, String routeId, String shopDomain, String apiVersion) {
        return inbound.polledPage(exchange, routeId, new OrderInbound.Mapping(ShopifyChannel.SHOPIFY.name(), shopDomain,
                node -> polled.map(node, shopDomain, apiVersion), node -> node.path("id").asText()));
    }

    /** One order webhook: the REST-shaped order as Shopify delivered it. */
    public List<Message> fromWebhook(Exchange exchange, String routeId, String shopDomain, String apiVersion) {
        return inbound.pushed(exchange, routeId, new OrderInbound.Mapping(ShopifyChannel.SHOPIFY.name(), shopDomain,
                node -> pushed.map(node, shopDomain, apiVersion), node -> node.path("id").asText()));
    }
}
