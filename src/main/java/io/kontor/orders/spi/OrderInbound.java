package io.kontor.orders.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.model.Order;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;
import java.util.function.Function;

/**
 * How a channel's orders enter the order workflow. The channel reads its orders and maps each to the canonical
 * {@link Order}; the workflow validates them, quarantines the ones that fail with their reason (the rest go on),
 * leaves out polled versions already stored, and answers the Kafka records for {@code kontor.orders.v1}.
 */
public interface OrderInbound {

    /**
     * How a channel's raw order is mapped and named.
     *
     * @param channel  the channel's code, as registered ({@code SHOPIFY})
     * @param account  the channel account (shop domain, seller id, partner)
     * @param mapper   raw order → canonical order; throws {@link io.kontor.platform.BadInputException} for bad input
     * @param idOf     the channel's own order id in a raw order, to name a quarantined one
     */
    record Mapping(String channel, String account, Function<JsonNode, Order> mapper, Function<JsonNode, String> idOf) {
    }

    /** The exchange's body is a polled page, a JSON array of raw orders. */
    List<Message> polledPage(Exchange exchange, String routeId, Mapping mapping);

    /** The exchange's body is one pushed raw order (a webhook), a JSON object. */
    List<Message> pushed(Exchange exchange, String routeId, Mapping mapping);

    /**
     * The exchange's body is one file of orders, taken whole or not at all: a file with any bad order is quarantined
     * with every problem listed (and the file source moves it aside).
     *
     * @param content the file as text, kept with the quarantined file
     * @param orders  file name → the file's canonical orders
     */
    List<Message> file(Exchange exchange, String routeId, String channel, String account, String content,
                       Function<String, List<Order>> orders);
}
