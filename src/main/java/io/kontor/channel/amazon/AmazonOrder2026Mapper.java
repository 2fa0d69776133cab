package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.channel.SourceFields;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps an Orders v2026-01-01 order (searchOrders, items inline; datasets FULFILLMENT, PROCEEDS, BUYER, RECIPIENT) to
 * the same canonical Order as {@link AmazonOrderMapper} makes of the v0 order: the fulfilment status under its v0
 * name, the unit price as Amazon states it, the line's item, shipping, tax and discount from its proceeds breakdown.
 * Without a Restricted Data Token the recipient has only city, region, postcode and country and the parties are
 * marked {@code piiRedacted}.
 */
public final class AmazonOrder2026Mapper {

    public static final String API_VERSION = "2026-01-01";

    public Order map(JsonNode node, String sellerId) {
        return mapTracked(node, sellerId).order();
    }

    public MappedOrder mapTracked(JsonNode node, String sellerId) {
        return MappingException.guard("Amazon order", () -> doMap(node, sellerId));
    }

    /** Whether a page element is a v2026-01-01 order (camelCase {@code orderId}) rather than a v0 one ({@code AmazonOrderId}). */
    public static boolean isV2026(JsonNode node) {
        return node.has("orderId") && !node.has("AmazonOrderId");
    }

    private MappedOrder doMap(JsonNode node, String sellerId) {
        SourceFields f = new SourceFields(node);
        String orderId = f.requiredText("orderId");
        String sellerOrderId = null;
        for (JsonNode alias : f.take("orderAliases")) {
            if ("SELLER_ORDER_ID".equals(alias.path("aliasType").asText())) {
                sellerOrderId = alias.path("aliasId").asText(null);
            }
        }
        Instant created = f.instant("createdTime");
        Instant updated = f.requiredInstant("lastUpdatedTime");
        SourceFields sales = f.object("salesChannel");
        String marketplaceId = sales == null ? null : sales.text("marketplaceId");
        SourceFields fulfillment = f.object("fulfillment");
        if (fulfillment == null) {
            throw new MappingException("Order " + orderId + " has no fulfillment: request includedData=FULFILLMENT");
        }
        String rawStatus = AmazonStatuses.v0Name(fulfillment.requiredText("fulfillmentStatus"));
        String fulfilledBy = fulfillment.text("fulfilledBy");
        Map<String, String> rawStatuses = new LinkedHashMap<>();
        rawStatuses.put("OrderStatus", rawStatus);
        if (fulfilledBy != null) {
            rawStatuses.put("fulfilledBy", fulfilledBy);
        }
        OrderStatus status = AmazonStatuses.order(rawStatus);
        SourceFields proceeds = f.object("proceeds");
        Money grandTotal = proceeds == null ? null : money(proceeds.object("grandTotal"));

        JsonNode items = f.take("orderItems");
        if (!items.isArray()) {
            throw new MappingException("Order " + orderId + " has no orderItems");
        }
        AmazonOrderMapper.Lines lines = AmazonOrderMapper.lines(items, "orderItems",
                grandTotal != null ? grandTotal.currency().getCurrencyCode() : currencyOfItems(items, marketplaceId), orderId, marketplaceId,
                (lf, totals) -> line(lf, status, totals));
        SourceFields recipient = f.object("recipient");
        Party shipTo = AmazonOrderMapper.shipTo(recipient == null ? null : recipient.object("deliveryAddress"), ADDRESS);
        Party buyer = buyer(f.object("buyer"), shipTo);

        return AmazonOrderMapper.assemble(new AmazonOrderMapper.Read(sellerId, marketplaceId, orderId, sellerOrderId, created, updated,
                rawStatus, rawStatuses, "AMAZON".equals(fulfilledBy), lines.currency(), lines.totals(), grandTotal, buyer, shipTo,
                lines.lines(), API_VERSION), f, lines.paths(), node);
    }

    private static OrderLine line(SourceFields lf, OrderStatus orderStatus, AmazonOrderMapper.Totals totals) {
        String id = lf.requiredText("orderItemId");
        int ordered = AmazonOrderMapper.orZero(lf.integer("quantityOrdered"));
        SourceFields product = lf.object("product");
        String sku = null;
        String title = null;
        Map<String, String> refs = new LinkedHashMap<>();
        Money unitPrice = null;
        if (product != null) {
            sku = product.text("sellerSku");
            title = product.text("title");
            String asin = product.text("asin");
            if (asin != null) {
                refs.put("asin", asin);
            }
            SourceFields price = product.object("price");
            unitPrice = price == null ? null : money(price.object("unitPrice"));
        }
        // the proceeds breakdown: ITEM is the line's price, SHIPPING beside it; TAX and DISCOUNT (negative) in all, and
        // in their detailed breakdown the part on the item itself (the line's own tax and discount, as v0 has them)
        Map<String, Money> parts = new LinkedHashMap<>();
        Map<String, Money> onItem = new LinkedHashMap<>();
        SourceFields proceeds = lf.object("proceeds");
        if (proceeds != null) {
            for (JsonNode b : proceeds.take("breakdowns")) {
                String type = b.path("type").asText();
                Money m = money(b.path("subtotal"));
                if (m != null) {
                    parts.merge(type, m, Money::plus);
                }
                for (JsonNode d : b.path("detailedBreakdowns")) {
                    Money part = money(d.path("value"));
                    if ("ITEM".equals(d.path("subtype").asText()) && part != null) {
                        onItem.merge(type, part, Money::plus);
                    }
                }
            }
        }
        SourceFields fulfillment = lf.object("fulfillment");
        int shipped = fulfillment == null ? 0 : AmazonOrderMapper.orZero(fulfillment.integer("quantityFulfilled"));
        Money itemPrice = parts.containsKey("ITEM") ? parts.get("ITEM")
                : unitPrice == null ? null : new Money(unitPrice.amount().multiply(BigDecimal.valueOf(ordered)), unitPrice.currency());
        Money discountInAll = abs(parts.get("DISCOUNT"));
        Money discount = onItem.containsKey("DISCOUNT") ? abs(onItem.get("DISCOUNT")) : discountInAll;
        Money lineTax = onItem.getOrDefault("TAX", parts.get("TAX"));
        totals.add(itemPrice, parts.get("SHIPPING"), parts.get("TAX"), null, discountInAll);
        MoneySet subtotal = itemPrice == null ? null : MoneySet.single(itemPrice);
        MoneySet lineTotal = itemPrice == null ? null : MoneySet.single(discount == null ? itemPrice : itemPrice.minus(discount));
        int cancelled = orderStatus == OrderStatus.CANCELLED ? Math.max(ordered - shipped, 0) : 0;
        return new OrderLine(id, sku, refs, title, ordered, shipped, cancelled, 0, unitPrice == null ? null : MoneySet.single(unitPrice),
                subtotal, discount == null ? null : MoneySet.single(discount), lineTax == null ? null : MoneySet.single(lineTax),
                lineTotal, null, lf.remainder());
    }

    private static final AmazonOrderMapper.AddressNames ADDRESS = new AmazonOrderMapper.AddressNames("name", "companyName",
            List.of("addressLine1", "addressLine2", "addressLine3"), "city", "districtOrCounty", null, "stateOrRegion", "postalCode",
            "countryCode", "phone", "addressType");

    private static Party buyer(SourceFields b, Party shipTo) {
        if (b == null) {
            return shipTo == null ? null : new Party(PartyRole.BUYER, null, null, null, null, null, null, null, null, null, null, true);
        }
        String name = b.text("buyerName");
        String email = b.text("buyerEmail");
        return new Party(PartyRole.BUYER, null, name, null, null, b.text("buyerCompanyName"), email, null, null, null, null,
                name == null && email == null);
    }

    private static Money abs(Money m) {
        return m == null ? null : new Money(m.amount().abs(), m.currency());
    }

    private static Money money(JsonNode m) {
        return m.isMissingNode() || m.isNull() ? null : AmazonOrderMapper.money(m.path("amount").asText(null), m.path("currencyCode").asText(null));
    }

    private static String currencyOfItems(JsonNode items, String marketplaceId) {
        for (JsonNode item : items) {
            String c = item.path("product").path("price").path("unitPrice").path("currencyCode").asText(null);
            if (c != null) {
                return c;
            }
        }
        return AmazonMarketplaces.currencyOf(marketplaceId);
    }

    /** A v2026 Money {amount (decimal string), currencyCode}. */
    private static Money money(SourceFields m) {
        return m == null ? null : AmazonOrderMapper.money(m.text("amount"), m.text("currencyCode"));
    }
}
