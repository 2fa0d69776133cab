package io.kontor.channel.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.channel.SourceFields;
import io.kontor.model.Address;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;
import io.kontor.model.PaymentStatus;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a WooCommerce REST API v3 order ({@code GET /wp-json/wc/v3/orders}, and the same JSON in an order webhook) to
 * the canonical Order. Times come from the {@code *_gmt} fields (the others are in the site's time zone, without an
 * offset); amounts are decimal strings in the order's currency. A line's {@code subtotal} is before coupons and its
 * {@code total} after; an order's refunds carry negative totals. A status WooCommerce or a plugin added that is not
 * known here is refused rather than guessed.
 */
public final class WooCommerceOrderMapper {

    public static final String API_VERSION = "wc/v3";

    public Order map(JsonNode node, String store) {
        return mapTracked(node, store).order();
    }

    public MappedOrder mapTracked(JsonNode node, String store) {
        return MappingException.guard("WooCommerce order", () -> doMap(node, store));
    }

    private MappedOrder doMap(JsonNode node, String store) {
        SourceFields f = new SourceFields(node);
        JsonNode idNode = f.take("id");
        if (!idNode.canConvertToLong() || idNode.asLong() <= 0) {
            throw new MappingException("WooCommerce order has no id");
        }
        String orderId = idNode.asText();
        String number = f.text("number");
        Instant created = gmt(f, "date_created_gmt");
        Instant modified = gmt(f, "date_modified_gmt");
        if (modified == null) {
            throw new MappingException("Order " + orderId + " has no date_modified_gmt");
        }
        Instant paid = gmt(f, "date_paid_gmt");
        String rawStatus = f.requiredText("status");
        String currency = f.requiredText("currency");

        MoneySet total = money(f.text("total"), currency, "total");
        MoneySet tax = money(f.text("total_tax"), currency, "total_tax");
        MoneySet shipping = money(f.text("shipping_total"), currency, "shipping_total");
        MoneySet discount = money(f.text("discount_total"), currency, "discount_total");
        MoneySet refunded = null;
        for (JsonNode r : f.peek("refunds")) {
            MoneySet part = money(r.path("total").asText(null), currency, "refunds[].total");
            if (part != null) {
                part = new MoneySet(abs(part.settlement()), abs(part.presentment()));
                refunded = refunded == null ? part : refunded.plus(part);
            }
        }

        OrderStatus status = switch (rawStatus) {
            case "pending", "checkout-draft", "failed" -> OrderStatus.PENDING_PAYMENT;
            case "processing", "on-hold" -> OrderStatus.OPEN;
            case "completed" -> OrderStatus.SHIPPED;
            case "cancelled", "trash" -> OrderStatus.CANCELLED;
            case "refunded" -> OrderStatus.CLOSED;
            default -> throw new MappingException("Unknown WooCommerce order status '" + rawStatus + "' on order " + orderId
                    + " (a plugin's own status: map it on the store to a core one)");
        };
        PaymentStatus payment = switch (rawStatus) {
            case "failed" -> PaymentStatus.FAILED;
            case "refunded" -> PaymentStatus.REFUNDED;
            default -> paid == null ? PaymentStatus.PENDING : refunded != null ? PaymentStatus.PARTIALLY_REFUNDED : PaymentStatus.PAID;
        };
        boolean cancelled = status == OrderStatus.CANCELLED;
        boolean completed = "completed".equals(rawStatus);

        SourceFields billing = f.object("billing");
        SourceFields shippingTo = f.object("shipping");
        Integer customer = f.integer("customer_id");
        Party billTo = billing == null ? null : party(billing, PartyRole.BILL_TO, null);
        Party buyer = billing == null ? null : new Party(PartyRole.BUYER, customer == null || customer == 0 ? null : String.valueOf(customer),
                billTo.name(), billTo.firstName(), billTo.lastName(), billTo.company(), billTo.email(), billTo.phone(), null, null, null, false);
        Party shipTo = shippingTo == null || blank(shippingTo.peek("address_1")) && blank(shippingTo.peek("city"))
                ? null : party(shippingTo, PartyRole.SHIP_TO, null);

        List<OrderLine> lines = new ArrayList<>();
        List<String> linePaths = new ArrayList<>();
        JsonNode items = f.take("line_items");
        MoneySet subtotal = null;
        for (int i = 0; i < items.size(); i++) {
            SourceFields lf = new SourceFields(items.get(i));
            OrderLine line = line(lf, currency, cancelled, completed);
            lines.add(line);
            if (line.lineSubtotal() != null) {
                subtotal = subtotal == null ? line.lineSubtotal() : subtotal.plus(line.lineSubtotal());
            }
            for (String p : lf.consumedPaths()) {
                linePaths.add("line_items[" + i + "]." + p);
            }
        }
        Map<String, String> rawStatuses = new LinkedHashMap<>();
        rawStatuses.put("status", rawStatus);
        Order order = new Order(Order.SCHEMA_VERSION, Order.idFor(WooCommerceChannel.WOOCOMMERCE, store, orderId),
                WooCommerceChannel.WOOCOMMERCE, store, null, orderId, number != null ? number : orderId, created, modified,
                cancelled ? modified : null, status, payment, completed ? FulfillmentStatus.FULFILLED : FulfillmentStatus.UNFULFILLED,
                rawStatuses, "MERCHANT", currency, currency, subtotal, shipping, tax, discount, total, refunded, buyer, shipTo, billTo,
                lines, API_VERSION, f.remainder(), node);
        List<String> consumed = new ArrayList<>(f.consumedPaths());
        consumed.addAll(linePaths);
        return new MappedOrder(order, consumed);
    }

    private static OrderLine line(SourceFields lf, String currency, boolean orderCancelled, boolean orderCompleted) {
        JsonNode id = lf.take("id");
        String sku = lf.text("sku");
        Map<String, String> refs = new LinkedHashMap<>();
        Integer product = lf.integer("product_id");
        Integer variation = lf.integer("variation_id");
        if (product != null && product != 0) refs.put("product_id", String.valueOf(product));
        if (variation != null && variation != 0) refs.put("variation_id", String.valueOf(variation));
        String title = lf.text("name");
        Integer quantity = lf.integer("quantity");
        int qty = quantity == null ? 0 : quantity;
        MoneySet lineSubtotal = money(lf.text("subtotal"), currency, "line_items[].subtotal");
        MoneySet lineTotal = money(lf.text("total"), currency, "line_items[].total");
        MoneySet tax = money(lf.text("total_tax"), currency, "line_items[].total_tax");
        // price is a JSON number (line subtotal / quantity); the unit price is derived from the exact strings instead
        lf.take("price");
        MoneySet unit = lineSubtotal == null || qty <= 0 ? null : lineSubtotal.dividedBy(qty);
        MoneySet discount = lineSubtotal == null || lineTotal == null ? null
                : new MoneySet(lineSubtotal.settlement().minus(lineTotal.settlement()), lineSubtotal.presentment().minus(lineTotal.presentment()));
        return new OrderLine(id.asText(), sku == null || sku.isBlank() ? null : sku, refs, title, qty, orderCompleted ? qty : 0,
                orderCancelled ? qty : 0, 0, unit, lineSubtotal, discount, tax, lineTotal, null, lf.remainder());
    }

    private static Party party(SourceFields p, PartyRole role, String id) {
        String first = p.text("first_name");
        String last = p.text("last_name");
        String company = p.text("company");
        List<String> lines = new ArrayList<>();
        for (String field : List.of("address_1", "address_2")) {
            String l = p.text(field);
            if (l != null && !l.isBlank()) {
                lines.add(l);
            }
        }
        String state = p.text("state");
        String country = p.text("country");
        Address address = new Address(lines, nullIfBlank(p.text("city")), null, null, nullIfBlank(state), nullIfBlank(p.text("postcode")),
                nullIfBlank(country), null);
        String name = (nullToEmpty(first) + " " + nullToEmpty(last)).trim();
        return new Party(role, id, name.isEmpty() ? null : name, nullIfBlank(first), nullIfBlank(last), nullIfBlank(company),
                nullIfBlank(p.text("email")), nullIfBlank(p.text("phone")), null, null, address, false);
    }

    /** A {@code *_gmt} field: ISO-8601 local date-time, in UTC. */
    private static Instant gmt(SourceFields f, String field) {
        String v = f.text(field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return parseGmt(v);
        } catch (DateTimeParseException e) {
            throw new MappingException("Field '" + field + "' is not a date-time: " + v);
        }
    }

    /** WooCommerce's {@code *_gmt} time: an ISO-8601 date-time without offset, in UTC. */
    static Instant parseGmt(String value) {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }

    private static MoneySet money(String value, String currency, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return MoneySet.single(Money.of(value, currency));
        } catch (RuntimeException e) {
            throw new MappingException("Invalid amount in " + field + ": " + value + " " + currency + " (" + e.getMessage() + ")", e);
        }
    }

    private static Money abs(Money m) {
        return Money.of(m.amount().abs(), m.currency().getCurrencyCode());
    }

    private static boolean blank(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isBlank();
    }

    private static String nullIfBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
