package io.kontor.channel.woocommerce;

import io.kontor.orders.spi.OrderInbound;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.util.List;

/** WooCommerce's orders into the order workflow: polled pages and webhook orders, the same JSON, each mapped. */
@Component("woocommerceOrders")
public class WooCommerceOrderSource {

    private final OrderInbound inbound;
    private final WooCommerceProperties props;
    private final WooCommerceOrderMapper mapper = new WooCommerceOrderMapper();

    public WooCommerceOrderSource(OrderInbound inbound, WooCommerceProperties props) {
        this.inbound = inbound;
        this.props = props;
    }

    private OrderInbound.Mapping mapping() {
        String store = props.account();
        return new OrderInbound.Mapping(WooCommerceChannel.WOOCOMMERCE.code(), store, node -> mapper.map(node, store),
                node -> node.path("id").asText());
    }

    /** A page from the woocommerce-orders-source kamelet: a JSON array of orders. */
    public List<Message> fromPage(Exchange exchange, String routeId) {
        return inbound.polledPage(exchange, routeId, mapping());
    }

    /** One order webhook ({@code order.created}, {@code order.updated}): the order as the REST API shows it. */
    public List<Message> fromWebhook(Exchange exchange, String routeId) {
        return inbound.pushed(exchange, routeId, mapping());
    }
}
