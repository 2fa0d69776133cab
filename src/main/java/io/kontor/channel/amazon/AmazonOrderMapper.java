package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.channel.SourceFields;
import io.kontor.model.Address;
import io.kontor.model.Channel;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps an Orders v0 order — the getOrders object with its getOrderItems list attached as {@code OrderItems} — to the
 * canonical Order (channel-contracts.md §5.1). {@code ItemPrice} is a line total, so the unit price is derived;
 * amounts are taken as the marketplace shows them (EU marketplaces include VAT). An order Amazon shows without
 * prices (Pending) has no totals; without a Restricted Data Token the address has only city, region, postcode and
 * country, and the parties are marked {@code piiRedacted}.
 */
public final class AmazonOrderMapper {

    public static final String ITEMS_FIELD = "OrderItems";
    public static final String API_VERSION = "v0";

    public Order map(JsonNode node, String sellerId) {
        return mapTracked(node, sellerId).order();
    }

    public MappedOrder mapTracked(JsonNode node, String sellerId) {
        return MappingException.guard("Amazon order", () -> doMap(node, sellerId));
    }

    private MappedOrder doMap(JsonNode node, String sellerId) {
        SourceFields f = new SourceFields(node);
        String orderId = f.requiredText("AmazonOrderId");
        String sellerOrderId = f.text("SellerOrderId");
        Instant purchased = f.instant("PurchaseDate");
        Instant updated = f.requiredInstant("LastUpdateDate");
        String rawStatus = f.requiredText("OrderStatus");
        String fulfillmentChannel = f.text("FulfillmentChannel");
        String marketplaceId = f.text("MarketplaceId");
        Map<String, String> rawStatuses = new LinkedHashMap<>();
        rawStatuses.put("OrderStatus", rawStatus);
        if (fulfillmentChannel != null) {
            rawStatuses.put("FulfillmentChannel", fulfillmentChannel);
        }
        Money orderTotal = money(f.object("OrderTotal"));
        OrderStatus status = AmazonStatuses.order(rawStatus);

        // the order's items come from getOrderItems; a list without them is not a complete order
        JsonNode items = f.take(ITEMS_FIELD);
        if (!items.isArray()) {
            throw new MappingException("Order " + orderId + " has no OrderItems: getOrderItems must be attached before mapping");
        }
        Lines lines = lines(items, ITEMS_FIELD, orderTotal != null ? orderTotal.currency().getCurrencyCode() : currencyOfItems(items, marketplaceId),
                orderId, marketplaceId, (lf, totals) -> line(lf, status, totals));

        SourceFields buyerInfo = f.object("BuyerInfo");
        SourceFields address = f.object("ShippingAddress");
        Party shipTo = shipTo(address);
        Party buyer = buyer(buyerInfo, shipTo);

        return assemble(new Read(sellerId, marketplaceId, orderId, sellerOrderId, purchased, updated, rawStatus, rawStatuses,
                "AFN".equals(fulfillmentChannel), lines.currency(), lines.totals(), orderTotal, buyer, shipTo, lines.lines(), API_VERSION),
                f, lines.paths(), node);
    }

    /** The order's lines in either version: its currency, the running totals, and the item paths read ("field[i].path"). */
    record Lines(String currency, Totals totals, List<OrderLine> lines, List<String> paths) {
    }

    /** Maps one item (its fields, the order's running totals) to a line. */
    interface LineMapper {
        OrderLine map(SourceFields item, Totals totals);
    }

    /** Maps the items of {@code field} in turn; {@code currency} is the order total's, else the items' or the marketplace's. */
    static Lines lines(JsonNode items, String field, String currency, String orderId, String marketplaceId, LineMapper mapper) {
        if (currency == null) {
            throw new MappingException("Order " + orderId + " has no amounts and marketplace " + marketplaceId + " is unknown: no currency");
        }
        Totals totals = new Totals(currency);
        List<OrderLine> lines = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SourceFields lf = new SourceFields(items.get(i));
            lines.add(mapper.map(lf, totals));
            for (String p : lf.consumedPaths()) {
                paths.add(field + "[" + i + "]." + p);
            }
        }
        return new Lines(currency, totals, lines, paths);
    }

    /** What a mapper read of an order, in either Orders API version; {@code rawStatus} by its v0 name. */
    record Read(String sellerId, String marketplaceId, String orderId, String sellerOrderId, Instant created, Instant updated,
                String rawStatus, Map<String, String> rawStatuses, boolean fulfilledByAmazon, String currency, Totals totals,
                Money orderTotal, Party buyer, Party shipTo, List<OrderLine> lines, String apiVersion) {
    }

    /** The canonical order of what was read: one place derives status, payment, fulfilment, cancellation and totals for both versions. */
    static MappedOrder assemble(Read r, SourceFields f, List<String> linePaths, JsonNode node) {
        OrderStatus status = AmazonStatuses.order(r.rawStatus());
        Totals t = r.totals();
        Order order = new Order(Order.SCHEMA_VERSION, Order.idFor(AmazonChannel.AMAZON, r.sellerId(), r.orderId()), AmazonChannel.AMAZON, r.sellerId(),
                r.marketplaceId(), r.orderId(), r.sellerOrderId() != null ? r.sellerOrderId() : r.orderId(), r.created(), r.updated(),
                status == OrderStatus.CANCELLED ? r.updated() : null, status, AmazonStatuses.payment(r.rawStatus()),
                AmazonStatuses.fulfillment(r.rawStatus()), r.rawStatuses(), r.fulfilledByAmazon() ? "MARKETPLACE" : "MERCHANT",
                r.currency(), r.currency(), t.set(t.items), t.set(t.shipping), t.set(t.tax), t.set(t.discount),
                r.orderTotal() == null ? null : MoneySet.single(r.orderTotal()), null,
                r.buyer(), r.shipTo(), null, r.lines(), r.apiVersion(), f.remainder(), node);
        List<String> consumed = new ArrayList<>(f.consumedPaths());
        consumed.addAll(linePaths);
        return new MappedOrder(order, consumed);
    }

    private static OrderLine line(SourceFields lf, OrderStatus orderStatus, Totals totals) {
        String id = lf.requiredText("OrderItemId");
        String sku = lf.text("SellerSKU");
        Map<String, String> refs = new LinkedHashMap<>();
        String asin = lf.text("ASIN");
        if (asin != null) {
            refs.put("asin", asin);
        }
        String title = lf.text("Title");
        int ordered = orZero(lf.integer("QuantityOrdered"));
        int shipped = orZero(lf.integer("QuantityShipped"));
        Money itemPrice = money(lf.object("ItemPrice"));
        Money itemTax = money(lf.object("ItemTax"));
        Money promotion = money(lf.object("PromotionDiscount"));
        // shipping and the tax parts of discounts stay on the line (extensions) and count into the order's totals
        totals.add(itemPrice, lf.peek("ShippingPrice"), itemTax, lf.peek("ShippingTax"), lf.peek("PromotionDiscountTax"),
                lf.peek("ShippingDiscountTax"), promotion, lf.peek("ShippingDiscount"));
        MoneySet unit = null;
        MoneySet subtotal = null;
        MoneySet lineTotal = null;
        if (itemPrice != null) {
            subtotal = MoneySet.single(itemPrice);
            lineTotal = MoneySet.single(promotion == null ? itemPrice : itemPrice.minus(promotion));
            if (ordered > 0) {
                // ItemPrice is price × quantity; an uneven split keeps the exact line total and a rounded unit price
                BigDecimal each = itemPrice.amount().divide(BigDecimal.valueOf(ordered),
                        Math.max(itemPrice.currency().getDefaultFractionDigits(), 0), RoundingMode.HALF_EVEN);
                unit = MoneySet.single(new Money(each, itemPrice.currency()));
            }
        }
        int cancelled = orderStatus == OrderStatus.CANCELLED ? Math.max(ordered - shipped, 0) : 0;
        return new OrderLine(id, sku, refs, title, ordered, shipped, cancelled, 0, unit, subtotal,
                promotion == null ? null : MoneySet.single(promotion), itemTax == null ? null : MoneySet.single(itemTax), lineTotal,
                null, lf.remainder());
    }

    /** What an Orders API version calls the parts of an address; {@code county} is read when {@code district} is empty. */
    record AddressNames(String name, String company, List<String> lines, String city, String district, String county, String region,
                        String postalCode, String country, String phone, String type) {
    }

    static final AddressNames V0_ADDRESS = new AddressNames("Name", "CompanyName", List.of("AddressLine1", "AddressLine2", "AddressLine3"),
            "City", "District", "County", "StateOrRegion", "PostalCode", "CountryCode", "Phone", "AddressType");

    private static Party shipTo(SourceFields a) {
        return shipTo(a, V0_ADDRESS);
    }

    static Party shipTo(SourceFields a, AddressNames n) {
        if (a == null) {
            return null;
        }
        String name = a.text(n.name());
        String company = a.text(n.company());
        List<String> lines = new ArrayList<>();
        for (String field : n.lines()) {
            String line = a.text(field);
            if (line != null && !line.isBlank()) {
                lines.add(line);
            }
        }
        String county = n.county() == null ? null : a.text(n.county());
        String district = a.text(n.district());
        String type = a.text(n.type());
        Address address = new Address(lines, a.text(n.city()), district != null ? district : county, a.text(n.region()), null,
                a.text(n.postalCode()), a.text(n.country()), type == null ? null : type.toUpperCase(Locale.ROOT));
        // without a Restricted Data Token Amazon shows only city, region, postcode and country
        boolean redacted = name == null && lines.isEmpty();
        return new Party(PartyRole.SHIP_TO, null, name, null, null, company, null, a.text(n.phone()), null, null, address, redacted);
    }

    private static Party buyer(SourceFields b, Party shipTo) {
        if (b == null) {
            // buyer data needs a Restricted Data Token; its absence is recorded, not guessed
            return shipTo == null ? null : new Party(PartyRole.BUYER, null, null, null, null, null, null, null, null, null, null, true);
        }
        String name = b.text("BuyerName");
        String email = b.text("BuyerEmail");
        return new Party(PartyRole.BUYER, null, name, null, null, null, email, null, null, null, null, name == null && email == null);
    }

    private static String currencyOfItems(JsonNode items, String marketplaceId) {
        for (JsonNode item : items) {
            String c = item.path("ItemPrice").path("CurrencyCode").asText(null);
            if (c != null) {
                return c;
            }
        }
        return AmazonMarketplaces.currencyOf(marketplaceId);
    }

    /** A v0 Money {CurrencyCode, Amount (decimal string)}. */
    static Money money(SourceFields m) {
        return m == null ? null : money(m.text("Amount"), m.text("CurrencyCode"));
    }

    private static Money money(JsonNode m) {
        return m == null || m.isMissingNode() || m.isNull() ? null : money(m.path("Amount").asText(null), m.path("CurrencyCode").asText(null));
    }

    static Money money(String amount, String currency) {
        if (amount == null && currency == null) {
            return null;
        }
        try {
            return Money.of(amount, currency);
        } catch (RuntimeException e) {
            throw new MappingException("Invalid money " + amount + " " + currency + ": " + e.getMessage(), e);
        }
    }

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    /** The order's sums over its items; null while Amazon shows no prices. */
    static final class Totals {
        final String currency;
        Money items;
        Money shipping;
        Money tax;
        Money discount;

        Totals(String currency) {
            this.currency = currency;
        }

        void add(Money itemPrice, JsonNode shippingPrice, Money itemTax, JsonNode shippingTax, JsonNode promotionTax,
                 JsonNode shippingDiscountTax, Money promotion, JsonNode shippingDiscount) {
            add(itemPrice, money(shippingPrice), plus(itemTax, money(shippingTax)), plus(money(promotionTax), money(shippingDiscountTax)),
                    plus(promotion, money(shippingDiscount)));
        }

        /** One line's amounts: {@code taxBack} is tax on discounts, which lowers the tax. */
        void add(Money itemPrice, Money shippingPrice, Money itemTax, Money taxBack, Money lineDiscount) {
            items = plus(items, itemPrice);
            shipping = plus(shipping, shippingPrice);
            tax = minus(plus(tax, itemTax), taxBack);
            discount = plus(discount, lineDiscount);
        }

        MoneySet set(Money m) {
            return m == null ? null : MoneySet.single(m);
        }

        private Money plus(Money sum, Money m) {
            if (m == null) {
                return sum;
            }
            check(m);
            return sum == null ? m : sum.plus(m);
        }

        private Money minus(Money sum, Money m) {
            if (m == null || sum == null) {
                return sum;
            }
            check(m);
            return sum.minus(m);
        }

        private void check(Money m) {
            if (!m.currency().getCurrencyCode().equals(currency)) {
                throw new MappingException("Amount in " + m.currency() + " on an order in " + currency);
            }
        }
    }
}
