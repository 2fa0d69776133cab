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

/** Maps an order node of the GraphQL Admin API ({@code orders} query, see ShopifyOrdersQuery) to the canonical Order. */
public final class ShopifyGraphqlOrderMapper {

    public Order map(JsonNode node, String shopDomain, String apiVersion) {
        return mapTracked(node, shopDomain, apiVersion).order();
    }

    /** The order plus the source paths the mapping took (for lossless checks). */
    public MappedOrder mapTracked(JsonNode node, String shopDomain, String apiVersion) {
        return MappingException.guard("Shopify order", () -> doMap(node, shopDomain, apiVersion));
    }

    private MappedOrder doMap(JsonNode node, String shopDomain, String apiVersion) {
        SourceFields f = new SourceFields(node);
        String channelOrderId = f.requiredText("id");
        String orderNumber = f.text("name");
        Instant createdAt = f.instant("createdAt");
        Instant updatedAt = f.requiredInstant("updatedAt");
        Instant cancelledAt = f.instant("cancelledAt");
        String rawFinancial = f.text("displayFinancialStatus");
        String rawFulfillment = f.text("displayFulfillmentStatus");
        PaymentStatus payment = ShopifyStatuses.payment(rawFinancial);
        FulfillmentStatus fulfillment = ShopifyStatuses.fulfillment(rawFulfillment);
        Map<String, String> rawStatuses = new LinkedHashMap<>();
        if (rawFinancial != null) rawStatuses.put("displayFinancialStatus", rawFinancial);
        if (rawFulfillment != null) rawStatuses.put("displayFulfillmentStatus", rawFulfillment);

        String currency = f.requiredText("currencyCode");
        String presentment = f.text("presentmentCurrencyCode");
        String email = f.text("email");
        String phone = f.text("phone");

        Party buyer = null;
        SourceFields customer = f.object("customer");
        if (customer != null || email != null) {
            String first = customer == null ? null : customer.text("firstName");
            String last = customer == null ? null : customer.text("lastName");
            buyer = new Party(PartyRole.BUYER, customer == null ? null : customer.text("id"), joinName(first, last),
                    first, last, null, email, phone, null, null, null, false);
        }
        Party shipTo = party(PartyRole.SHIP_TO, f.object("shippingAddress"));
        Party billTo = party(PartyRole.BILL_TO, f.object("billingAddress"));

        MoneySet subtotal = moneyBag(f.object("subtotalPriceSet"));
        MoneySet shipping = moneyBag(f.object("totalShippingPriceSet"));
        MoneySet tax = moneyBag(f.object("totalTaxSet"));
        MoneySet discounts = moneyBag(f.object("totalDiscountsSet"));
        MoneySet total = moneyBag(f.object("totalPriceSet"));
        if (total == null) {
            throw new MappingException("Required field 'totalPriceSet' is missing on " + channelOrderId);
        }
        MoneySet refunded = moneyBag(f.object("totalRefundedSet"));

        List<OrderLine> lines = new ArrayList<>();
        List<String> linePaths = new ArrayList<>();
        SourceFields lineItems = f.object("lineItems");
        if (lineItems != null) {
            JsonNode pageInfo = lineItems.take("pageInfo");
            if (pageInfo.path("hasNextPage").asBoolean(false)) {
                // more than one page of lines: the poller must fetch the rest before this order is complete
                throw new MappingException("Order " + channelOrderId + " has more line items than one page; fetch them before mapping");
            }
            JsonNode nodes = lineItems.take("nodes");
            for (int i = 0; i < nodes.size(); i++) {
                SourceFields lf = new SourceFields(nodes.get(i));
                lines.add(line(lf));
                for (String p : lf.consumedPaths()) {
                    linePaths.add("lineItems.nodes[" + i + "]." + p);
                }
            }
        }

        Order order = new Order(Order.SCHEMA_VERSION, Order.idFor(ShopifyChannel.SHOPIFY, shopDomain, channelOrderId),
                ShopifyChannel.SHOPIFY, shopDomain, null, channelOrderId, orderNumber, createdAt, updatedAt, cancelledAt,
                ShopifyStatuses.order(cancelledAt, payment, fulfillment), payment, fulfillment, rawStatuses, "MERCHANT",
                currency, presentment == null ? currency : presentment,
                subtotal, shipping, tax, discounts, total, refunded, buyer, shipTo, billTo, lines, apiVersion,
                f.remainder(), node);
        List<String> consumed = new ArrayList<>(f.consumedPaths());
        consumed.addAll(linePaths);
        return new MappedOrder(order, consumed);
    }

    private static OrderLine line(SourceFields lf) {
        String id = lf.requiredText("id");
        String sku = lf.text("sku");
        String title = lf.text("name");
        int qty = orZero(lf.integer("quantity"));
        Integer currentQty = lf.integer("currentQuantity");
        Integer unfulfilledQty = lf.integer("unfulfilledQuantity");
        int current = currentQty == null ? qty : currentQty;
        int unfulfilled = unfulfilledQty == null ? current : unfulfilledQty;
        MoneySet unit = moneyBag(lf.object("originalUnitPriceSet"));
        MoneySet discountedUnit = moneyBag(lf.object("discountedUnitPriceSet"));
        if (unit == null) {
            throw new MappingException("Line " + id + " has no originalUnitPriceSet");
        }
        Map<String, String> refs = new LinkedHashMap<>();
        SourceFields variant = lf.object("variant");
        if (variant != null) {
            putIfPresent(refs, "variantId", variant.text("id"));
            SourceFields item = variant.object("inventoryItem");
            if (item != null) {
                putIfPresent(refs, "inventoryItemId", item.text("id"));
            }
        }
        MoneySet tax = null;
        // tax is derived from taxLines, which stay in the line's extensions with their titles and rates
        for (JsonNode t : lf.peek("taxLines")) {
            MoneySet part = moneyBag(new SourceFields(t).object("priceSet"));
            tax = tax == null ? part : tax.plus(part);
        }
        MoneySet lineSubtotal = unit.times(qty);
        MoneySet lineTotal = discountedUnit == null ? lineSubtotal : discountedUnit.times(qty);
        MoneySet discount = new MoneySet(lineSubtotal.settlement().minus(lineTotal.settlement()),
                lineSubtotal.presentment().minus(lineTotal.presentment()));
        // quantity - currentQuantity counts refunds and order-edit removals alike (contract §5.1)
        return new OrderLine(id, sku, refs, title, qty, Math.max(current - unfulfilled, 0), 0,
                Math.max(qty - current, 0), unit, lineSubtotal, discount, tax, lineTotal, null, lf.remainder());
    }

    static Party party(PartyRole role, SourceFields a) {
        if (a == null) {
            return null;
        }
        String first = a.text("firstName");
        String last = a.text("lastName");
        String name = a.text("name");
        String company = a.text("company");
        List<String> lines = new ArrayList<>();
        addLine(lines, a.text("address1"));
        addLine(lines, a.text("address2"));
        Address address = new Address(lines, a.text("city"), null, a.text("province"), a.text("provinceCode"),
                a.text("zip"), a.text("countryCodeV2"), null);
        return new Party(role, null, name != null ? name : joinName(first, last), first, last, company, null,
                a.text("phone"), null, null, address, false);
    }

    /** A MoneyBag {shopMoney, presentmentMoney} of MoneyV2 {amount (decimal string), currencyCode}. */
    static MoneySet moneyBag(SourceFields bag) {
        if (bag == null) {
            return null;
        }
        Money shop = moneyV2(bag.object("shopMoney"));
        Money presentment = moneyV2(bag.object("presentmentMoney"));
        if (shop == null) {
            throw new MappingException("MoneyBag without shopMoney");
        }
        return new MoneySet(shop, presentment == null ? shop : presentment);
    }

    private static Money moneyV2(SourceFields m) {
        if (m == null) {
            return null;
        }
        String amount = m.text("amount");
        String currency = m.text("currencyCode");
        try {
            return Money.of(amount, currency);
        } catch (RuntimeException e) {
            throw new MappingException("Invalid money " + amount + " " + currency + ": " + e.getMessage(), e);
        }
    }

    static String joinName(String first, String last) {
        String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return joined.isEmpty() ? null : joined;
    }

    static void addLine(List<String> lines, String line) {
        if (line != null && !line.isBlank()) {
            lines.add(line);
        }
    }

    static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
