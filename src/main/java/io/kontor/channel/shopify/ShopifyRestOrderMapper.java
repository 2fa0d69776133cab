package io.kontor.channel.shopify;

import io.kontor.channel.MappedOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.MappingException;
import io.kontor.channel.SourceFields;
import io.kontor.model.Address;
import io.kontor.model.Channel;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;
import io.kontor.model.PaymentStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kontor.channel.shopify.ShopifyGraphqlOrderMapper.addLine;
import static io.kontor.channel.shopify.ShopifyGraphqlOrderMapper.joinName;
import static io.kontor.channel.shopify.ShopifyGraphqlOrderMapper.orZero;
import static io.kontor.channel.shopify.ShopifyGraphqlOrderMapper.putIfPresent;

/**
 * Maps a REST-shaped Shopify order (the body of orders/* webhooks, snake_case) to the canonical Order.
 * The channel order id is the GraphQL gid, so a webhook and a poll of the same order meet on one key.
 */
public final class ShopifyRestOrderMapper {

    public Order map(JsonNode node, String shopDomain, String apiVersion) {
        return mapTracked(node, shopDomain, apiVersion).order();
    }

    public MappedOrder mapTracked(JsonNode node, String shopDomain, String apiVersion) {
        return MappingException.guard("Shopify order", () -> doMap(node.has("order") && node.size() == 1 ? node.get("order") : node, shopDomain, apiVersion));
    }

    private MappedOrder doMap(JsonNode node, String shopDomain, String apiVersion) {
        SourceFields f = new SourceFields(node);
        String numericId = f.requiredText("id");
        String gid = f.text("admin_graphql_api_id");
        String channelOrderId = gid != null ? gid : "gid://shopify/Order/" + numericId;
        String orderNumber = f.text("name");
        Instant createdAt = f.instant("created_at");
        Instant updatedAt = f.requiredInstant("updated_at");
        Instant cancelledAt = f.instant("cancelled_at");
        String rawFinancial = f.text("financial_status");
        String rawFulfillment = f.text("fulfillment_status");
        PaymentStatus payment = ShopifyStatuses.payment(rawFinancial);
        FulfillmentStatus fulfillment = ShopifyStatuses.fulfillment(rawFulfillment);
        Map<String, String> rawStatuses = new LinkedHashMap<>();
        if (rawFinancial != null) rawStatuses.put("financial_status", rawFinancial);
        rawStatuses.put("fulfillment_status", rawFulfillment == null ? "null" : rawFulfillment);

        String currency = f.requiredText("currency");
        String presentment = f.text("presentment_currency");
        String email = f.text("email");
        String phone = f.text("phone");

        Party buyer = null;
        SourceFields customer = f.object("customer");
        if (customer != null || email != null) {
            String first = customer == null ? null : customer.text("first_name");
            String last = customer == null ? null : customer.text("last_name");
            String customerId = customer == null ? null : customer.text("admin_graphql_api_id");
            String customerNumericId = customer == null ? null : customer.text("id");
            if (customerId == null && customerNumericId != null) {
                customerId = "gid://shopify/Customer/" + customerNumericId;
            }
            String customerEmail = customer == null ? null : customer.text("email");
            String customerPhone = customer == null ? null : customer.text("phone");
            buyer = new Party(PartyRole.BUYER, customerId, joinName(first, last), first, last, null,
                    email != null ? email : customerEmail, phone != null ? phone : customerPhone, null, null, null, false);
        }
        Party shipTo = party(PartyRole.SHIP_TO, f.object("shipping_address"));
        Party billTo = party(PartyRole.BILL_TO, f.object("billing_address"));

        String ccy = currency;
        MoneySet subtotal = amount(f, "subtotal_price", ccy);
        MoneySet shipping = amount(f, "total_shipping_price", ccy);
        MoneySet tax = amount(f, "total_tax", ccy);
        MoneySet discounts = amount(f, "total_discounts", ccy);
        MoneySet total = amount(f, "total_price", ccy);
        if (total == null) {
            throw new MappingException("Required field 'total_price' is missing on " + channelOrderId);
        }

        List<OrderLine> lines = new ArrayList<>();
        List<String> linePaths = new ArrayList<>();
        JsonNode items = f.take("line_items");
        for (int i = 0; i < items.size(); i++) {
            SourceFields lf = new SourceFields(items.get(i));
            lines.add(line(lf, ccy));
            for (String p : lf.consumedPaths()) {
                linePaths.add("line_items[" + i + "]." + p);
            }
        }
        // the consumed subtree of line_items is replaced by the per-line paths above
        List<String> consumed = new ArrayList<>(f.consumedPaths().stream().filter(p -> !p.startsWith("line_items[")).toList());
        consumed.addAll(linePaths);

        Order order = new Order(Order.SCHEMA_VERSION, Order.idFor(ShopifyChannel.SHOPIFY, shopDomain, channelOrderId),
                ShopifyChannel.SHOPIFY, shopDomain, null, channelOrderId, orderNumber, createdAt, updatedAt, cancelledAt,
                ShopifyStatuses.order(cancelledAt, payment, fulfillment), payment, fulfillment, rawStatuses, "MERCHANT",
                currency, presentment == null ? currency : presentment,
                subtotal, shipping, tax, discounts, total, null, buyer, shipTo, billTo, lines, apiVersion,
                f.remainder(), node);
        return new MappedOrder(order, consumed);
    }

    private static OrderLine line(SourceFields lf, String currency) {
        String id = lf.requiredText("id");
        String gid = lf.text("admin_graphql_api_id");
        String channelLineId = gid != null ? gid : "gid://shopify/LineItem/" + id;
        String sku = lf.text("sku");
        String title = lf.text("name");
        int qty = orZero(lf.integer("quantity"));
        MoneySet unit = amount(lf, "price", currency);
        if (unit == null) {
            throw new MappingException("Line " + id + " has no price");
        }
        Map<String, String> refs = new LinkedHashMap<>();
        putIfPresent(refs, "productId", lf.text("product_id"));
        putIfPresent(refs, "variantId", lf.text("variant_id"));
        MoneySet discount = amount(lf, "total_discount", currency);
        MoneySet tax = null;
        for (JsonNode t : lf.peek("tax_lines")) {
            SourceFields tf = new SourceFields(t);
            MoneySet part = amount(tf, "price", currency);
            if (part != null) {
                tax = tax == null ? part : tax.plus(part);
            }
        }
        MoneySet lineSubtotal = unit.times(qty);
        MoneySet lineTotal = discount == null ? lineSubtotal
                : new MoneySet(lineSubtotal.settlement().minus(discount.settlement()),
                lineSubtotal.presentment().minus(discount.presentment()));
        String rawStatus = lf.text("fulfillment_status");
        Integer fulfillable = lf.integer("fulfillable_quantity");
        // current_quantity (newer API versions) is what is left after refunds and edits, as in GraphQL
        Integer currentQty = lf.integer("current_quantity");
        int current = currentQty == null ? qty : currentQty;
        int fulfilled = fulfillable == null ? ("fulfilled".equals(rawStatus) ? current : 0) : Math.max(current - fulfillable, 0);
        return new OrderLine(channelLineId, sku, refs, title, qty, fulfilled, 0, Math.max(qty - current, 0), unit,
                lineSubtotal, discount, tax, lineTotal, rawStatus, lf.remainder());
    }

    private static Party party(PartyRole role, SourceFields a) {
        if (a == null) {
            return null;
        }
        String first = a.text("first_name");
        String last = a.text("last_name");
        String name = a.text("name");
        List<String> lines = new ArrayList<>();
        addLine(lines, a.text("address1"));
        addLine(lines, a.text("address2"));
        Address address = new Address(lines, a.text("city"), null, a.text("province"), a.text("province_code"),
                a.text("zip"), a.text("country_code"), null);
        return new Party(role, null, name != null ? name : joinName(first, last), first, last, a.text("company"),
                null, a.text("phone"), null, null, address, false);
    }

    /**
     * REST amounts come as a plain decimal string in the shop currency ({@code total_price}) and, on newer
     * API versions, as a {@code total_price_set} MoneyBag in snake_case; the set wins when both are there.
     */
    private static MoneySet amount(SourceFields f, String field, String currency) {
        SourceFields set = f.object(field + "_set");
        String plain = f.text(field);
        if (set != null) {
            Money shop = restMoney(set.object("shop_money"));
            Money presentment = restMoney(set.object("presentment_money"));
            if (shop != null) {
                return new MoneySet(shop, presentment == null ? shop : presentment);
            }
        }
        if (plain == null || plain.isBlank()) {
            return null;
        }
        try {
            return MoneySet.single(Money.of(plain, currency));
        } catch (RuntimeException e) {
            throw new MappingException("Invalid amount in '" + field + "': " + plain + " " + currency, e);
        }
    }

    private static Money restMoney(SourceFields m) {
        if (m == null) {
            return null;
        }
        String amount = m.text("amount");
        String currency = m.text("currency_code");
        try {
            return Money.of(amount, currency);
        } catch (RuntimeException e) {
            throw new MappingException("Invalid money " + amount + " " + currency, e);
        }
    }
}
