package io.kontor.channel.wholesale;

import io.kontor.model.Channel;
import io.kontor.orders.spi.OrderInbound;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A wholesale partner's order files into the order workflow, each taken whole or not at all. */
@Component("wholesaleOrders")
public class WholesaleOrderSource {

    private final OrderInbound inbound;
    private final WholesaleCsvOrderMapper csv = new WholesaleCsvOrderMapper();

    public WholesaleOrderSource(OrderInbound inbound) {
        this.inbound = inbound;
    }

    /** One CSV order file from the sftp-files-source kamelet. */
    public List<Message> fromCsv(Exchange exchange, String routeId, String partner) {
        String content = exchange.getMessage().getBody(String.class);
        return inbound.file(exchange, routeId, WholesaleChannels.WHOLESALE_CSV.name(), partner, content,
                file -> csv.map(file, partner, content == null ? "" : content));
    }

    /** One EDIFACT interchange of ORDERS, read as bytes (its UNB names its character set). */
    public List<Message> fromEdifact(Exchange exchange, String routeId, String partner, String defaultCurrency) {
        byte[] content = exchange.getMessage().getBody(byte[].class);
        return inbound.file(exchange, routeId, WholesaleChannels.WHOLESALE_EDIFACT.name(), partner,
                content == null ? "" : new String(content, StandardCharsets.ISO_8859_1),
                file -> new EdifactOrdersMapper(defaultCurrency).map(file, partner, content == null ? new byte[0] : content));
    }
}
