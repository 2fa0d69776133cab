package io.kontor.channel.ebay;

import io.kontor.model.Channel;
import io.kontor.orders.spi.OrderInbound;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.List;

/** eBay's orders into the order workflow: pages of Sell Fulfillment API orders. */
@Component("ebayOrders")
public class EbayOrderSource {

    private final OrderInbound inbound;
    private final EbayOrderMapper mapper = new EbayOrderMapper();

    public EbayOrderSource(OrderInbound inbound) {
        this.inbound = inbound;
    }

    /** A page from the ebay-orders-source kamelet. */
    public List<Message> fromPage(Exchange exchange, String routeId, String seller) {
        return inbound.polledPage(exchange, routeId, new OrderInbound.Mapping(EbayChannel.EBAY.name(), seller,
                node -> mapper.map(node, seller), node -> node.path("orderId").asText()));
    }
}
