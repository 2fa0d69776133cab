package io.kontor.channel.amazon;

import io.kontor.model.Channel;
import io.kontor.orders.spi.OrderInbound;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.List;

/** Amazon's orders into the order workflow: pages of Orders v0 orders (each with its items) or v2026-01-01 orders. */
@Component("amazonOrders")
public class AmazonOrderSource {

    private final OrderInbound inbound;
    private final AmazonOrderMapper v0 = new AmazonOrderMapper();
    private final AmazonOrder2026Mapper v2026 = new AmazonOrder2026Mapper();

    public AmazonOrderSource(OrderInbound inbound) {
        this.inbound = inbound;
    }

    /** A page from the amazon-orders-source kamelet. */
    public List<Message> fromPage(Exchange exchange, String routeId, String sellerId) {
        return inbound.polledPage(exchange, routeId, new OrderInbound.Mapping(AmazonChannel.AMAZON.name(), sellerId,
                node -> AmazonOrder2026Mapper.isV2026(node) ? v2026.map(node, sellerId) : v0.map(node, sellerId),
                node -> node.path("AmazonOrderId").asText(node.path("orderId").asText())));
    }
}
