package io.kontor.console;

import io.kontor.orders.OrderSearch;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Orders on hold: each with its hold reasons, until a person releases them (or stock arrives for a stock hold). */
@Component
class OrdersInbox implements InboxSource {

    private final OrderSearch orders;

    OrdersInbox(OrderSearch orders) {
        this.orders = orders;
    }

    @Override
    public String workflow() {
        return "orders";
    }

    @Override
    public long waiting() {
        return orders.countHeld();
    }

    @Override
    public List<InboxItem> first(int limit) {
        return orders.held(limit).stream().map(o -> {
            List<String> reasons = new ArrayList<>();
            o.holdReasons().forEach(h -> reasons.add(h.path("code").asText() + ": " + h.path("message").asText()));
            return new InboxItem(workflow(), "held order", "Order " + (o.orderNumber() == null ? o.channelOrderId() : o.orderNumber())
                    + " · " + o.channel() + ConsoleFormat.amount(o.grandTotal(), o.currency()),
                    String.join("; ", reasons), o.updatedAt(), null, "/console/orders/" + o.id());
        }).toList();
    }
}
