package io.kontor.orders;

import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.platform.BadInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks every canonical order passes before it enters the queue: identity, version, money that adds
 * up in one currency per side. Business validation (addresses, payment gate) runs later, on the queue.
 */
public final class OrderValidator {

    private OrderValidator() {
    }

    public static void validate(Order order) {
        List<String> problems = new ArrayList<>();
        if (order.channel() == null) problems.add("channel is missing");
        if (isBlank(order.channelAccount())) problems.add("channelAccount is missing");
        if (isBlank(order.channelOrderId())) problems.add("channelOrderId is missing");
        if (order.channelUpdatedAt() == null) problems.add("channelUpdatedAt is missing");
        // every version of an order lands on the row of its natural key; an id made otherwise would name another row
        if (problems.isEmpty() && !Order.idFor(order.channel(), order.channelAccount(), order.channelOrderId()).equals(order.id())) {
            problems.add("id " + order.id() + " is not the id of this channel, account and order id");
        }
        if (order.status() == null) problems.add("status is missing");
        if (order.grandTotal() == null) {
            // a marketplace shows no prices before payment is authorised (Amazon Pending), nor on such an order cancelled;
            // a wholesale partner may order at contract prices (held until they are confirmed)
            if (order.status() != OrderStatus.PENDING_PAYMENT && order.status() != OrderStatus.CANCELLED && !OrderChecks.contractPriced(order)) {
                problems.add("grandTotal is missing");
            }
        } else if (!order.grandTotal().settlement().currency().getCurrencyCode().equals(order.currency())) {
            problems.add("grandTotal is in " + order.grandTotal().settlement().currency() + " but the order currency is " + order.currency());
        } else if (order.grandTotal().settlement().amount().signum() < 0) {
            problems.add("grandTotal is negative");
        }
        for (OrderLine line : order.lines()) {
            if (line.qtyOrdered() < 0) problems.add("line " + line.channelLineId() + " has a negative quantity");
            if (line.unitPrice() != null && !line.unitPrice().settlement().currency().getCurrencyCode().equals(order.currency())) {
                problems.add("line " + line.channelLineId() + " is priced in " + line.unitPrice().settlement().currency());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException("Invalid order " + order.channel() + " " + order.channelOrderId() + ": " + String.join("; ", problems));
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
