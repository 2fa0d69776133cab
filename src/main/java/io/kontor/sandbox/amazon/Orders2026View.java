package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emulated seller's orders as Orders API v2026-01-01 shows them (channel-contracts.md §2.2, orders_2026-01-01.json):
 * one account, two API versions. Items come inline; buyer, recipient, proceeds, fulfilment and packages only when the
 * request's {@code includedData} names them. Without a Restricted Data Token the recipient keeps only city, region,
 * postcode and country and the buyer is left out — the v2026 model has no note on this, so the emulator keeps v0's
 * rule (the conservative reading; channel-contracts.md lists it as open).
 */
final class Orders2026View {

    /** The {@code includedData} values the spec lists. */
    static final Set<String> INCLUDED_DATA = Set.of("BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION",
            "FULFILLMENT", "PACKAGES", "TAX", "PAYMENT", "FULFILLMENT_ORDERS");
    static final Set<String> FULFILLMENT_STATUSES = Set.of("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED",
            "SHIPPED", "CANCELLED", "UNFULFILLABLE");
    private static final Set<String> PUBLIC_ADDRESS = Set.of("city", "stateOrRegion", "postalCode", "countryCode");

    private Orders2026View() {
    }

    /** v0 OrderStatus in the v2026 FulfillmentStatus vocabulary. */
    static String fulfillmentStatus(String v0) {
        return switch (v0) {
            case "PendingAvailability" -> "PENDING_AVAILABILITY";
            case "Pending" -> "PENDING";
            case "Unshipped" -> "UNSHIPPED";
            case "PartiallyShipped" -> "PARTIALLY_SHIPPED";
            case "Shipped", "InvoiceUnconfirmed" -> "SHIPPED";
            case "Canceled" -> "CANCELLED";
            default -> "UNFULFILLABLE";
        };
    }

    static String fulfilledBy(String fulfillmentChannel) {
        return "AFN".equals(fulfillmentChannel) ? "AMAZON" : "MERCHANT";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> render(SandboxAmazonSeller.StoredOrder stored, Set<String> included, boolean pii,
                                      Map<String, JsonNode> packages) {
        Map<String, Object> v0 = stored.order();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderId", v0.get("AmazonOrderId"));
        if (v0.get("SellerOrderId") != null) {
            o.put("orderAliases", List.of(Map.of("aliasId", v0.get("SellerOrderId"), "aliasType", "SELLER_ORDER_ID")));
        }
        o.put("createdTime", v0.get("PurchaseDate"));
        o.put("lastUpdatedTime", v0.get("LastUpdateDate"));
        List<String> programs = new ArrayList<>();
        if (Boolean.TRUE.equals(v0.get("IsPrime"))) {
            programs.add("PRIME");
        }
        if (Boolean.TRUE.equals(v0.get("IsBusinessOrder"))) {
            programs.add("AMAZON_BUSINESS");
        }
        o.put("programs", programs);
        o.put("salesChannel", Map.of("channelName", "AMAZON", "marketplaceId", v0.get("MarketplaceId"),
                "marketplaceName", v0.getOrDefault("SalesChannel", "Amazon")));
        String status = (String) v0.get("OrderStatus");
        boolean shippable = Set.of("Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed").contains(status);
        if (included.contains("BUYER") && pii) {
            Map<String, Object> buyer = new LinkedHashMap<>();
            Map<String, Object> info = (Map<String, Object>) v0.getOrDefault("BuyerInfo", Map.of());
            putIfPresent(buyer, "buyerName", info.get("BuyerName"));
            putIfPresent(buyer, "buyerEmail", info.get("BuyerEmail"));
            putIfPresent(buyer, "buyerPurchaseOrderNumber", info.get("PurchaseOrderNumber"));
            o.put("buyer", buyer);
        }
        if (included.contains("RECIPIENT") && shippable && v0.get("ShippingAddress") instanceof Map<?, ?> a) {
            Map<String, Object> address = new LinkedHashMap<>();
            putIfPresent(address, "name", a.get("Name"));
            putIfPresent(address, "companyName", a.get("CompanyName"));
            putIfPresent(address, "addressLine1", a.get("AddressLine1"));
            putIfPresent(address, "addressLine2", a.get("AddressLine2"));
            putIfPresent(address, "addressLine3", a.get("AddressLine3"));
            putIfPresent(address, "city", a.get("City"));
            putIfPresent(address, "districtOrCounty", a.get("County"));
            putIfPresent(address, "stateOrRegion", a.get("StateOrRegion"));
            putIfPresent(address, "postalCode", a.get("PostalCode"));
            putIfPresent(address, "countryCode", a.get("CountryCode"));
            putIfPresent(address, "phone", a.get("Phone"));
            putIfPresent(address, "addressType", a.get("AddressType") == null ? null : a.get("AddressType").toString().toUpperCase());
            if (!pii) {
                address.keySet().retainAll(PUBLIC_ADDRESS);
            }
            o.put("recipient", Map.of("deliveryAddress", address));
        }
        if (included.contains("PROCEEDS") && v0.get("OrderTotal") instanceof Map<?, ?> total) {
            o.put("proceeds", Map.of("grandTotal", money(total)));
        }
        if (included.contains("FULFILLMENT")) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("fulfillmentStatus", fulfillmentStatus(status));
            f.put("fulfilledBy", fulfilledBy((String) v0.get("FulfillmentChannel")));
            putIfPresent(f, "fulfillmentServiceLevel", v0.get("ShipmentServiceLevelCategory") == null ? null
                    : v0.get("ShipmentServiceLevelCategory").toString().toUpperCase());
            o.put("fulfillment", f);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> item : stored.items()) {
            items.add(item(item, included));
        }
        o.put("orderItems", items);
        if (included.contains("PACKAGES") && !packages.isEmpty()) {
            List<Map<String, Object>> shown = new ArrayList<>();
            packages.forEach((reference, p) -> {
                JsonNode d = p.path("packageDetail");
                Map<String, Object> pkg = new LinkedHashMap<>();
                pkg.put("packageReferenceId", reference);
                pkg.put("carrier", d.path("carrierCode").asText().equals("Other") ? d.path("carrierName").asText() : d.path("carrierCode").asText());
                pkg.put("trackingNumber", d.path("trackingNumber").asText());
                pkg.put("shipTime", d.path("shipDate").asText());
                pkg.put("packageStatus", Map.of("status", "SHIPPED"));
                List<Map<String, Object>> packed = new ArrayList<>();
                d.path("orderItems").forEach(i -> packed.add(Map.of("orderItemId", i.path("orderItemId").asText(), "quantity", i.path("quantity").asInt())));
                pkg.put("packageItems", packed);
                shown.add(pkg);
            });
            o.put("packages", shown);
        }
        return o;
    }

    private static Map<String, Object> item(Map<String, Object> v0, Set<String> included) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("orderItemId", v0.get("OrderItemId"));
        int ordered = ((Number) v0.getOrDefault("QuantityOrdered", 0)).intValue();
        int shipped = ((Number) v0.getOrDefault("QuantityShipped", 0)).intValue();
        i.put("quantityOrdered", ordered);
        Map<String, Object> product = new LinkedHashMap<>();
        putIfPresent(product, "asin", v0.get("ASIN"));
        putIfPresent(product, "title", v0.get("Title"));
        putIfPresent(product, "sellerSku", v0.get("SellerSKU"));
        if (v0.get("ItemPrice") instanceof Map<?, ?> price && ordered > 0) {
            // v0's ItemPrice is the line total; v2026 shows the price of one unit
            BigDecimal line = new BigDecimal(price.get("Amount").toString());
            product.put("price", Map.of("unitPrice", Map.of("amount",
                    line.divide(BigDecimal.valueOf(ordered), 2, RoundingMode.HALF_EVEN).toPlainString(), "currencyCode", price.get("CurrencyCode"))));
        }
        i.put("product", product);
        if (included.contains("PROCEEDS") && v0.get("ItemPrice") instanceof Map<?, ?> price) {
            Object currency = price.get("CurrencyCode");
            List<Map<String, Object>> breakdowns = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (String[] part : new String[][]{{"ITEM", "ItemPrice"}, {"SHIPPING", "ShippingPrice"}}) {
                BigDecimal amount = amount(v0, part[1]);
                if (amount != null) {
                    total = total.add(amount);
                    breakdowns.add(Map.of("type", part[0], "subtotal", money(amount, currency)));
                }
            }
            // TAX and DISCOUNT with the parts that fall on the item and on the shipping (detailedBreakdowns)
            Map<String, BigDecimal> tax = parts(v0, new String[][]{{"ITEM", "ItemTax", "1"}, {"SHIPPING", "ShippingTax", "1"},
                    {"DISCOUNT", "PromotionDiscountTax", "-1"}, {"DISCOUNT", "ShippingDiscountTax", "-1"}});
            Map<String, BigDecimal> discount = parts(v0, new String[][]{{"ITEM", "PromotionDiscount", "-1"}, {"SHIPPING", "ShippingDiscount", "-1"}});
            for (var category : List.of(Map.entry("TAX", tax), Map.entry("DISCOUNT", discount))) {
                if (!category.getValue().isEmpty()) {
                    BigDecimal sum = category.getValue().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    total = total.add(sum);
                    List<Map<String, Object>> detailed = new ArrayList<>();
                    category.getValue().forEach((subtype, amount) -> detailed.add(Map.of("subtype", subtype, "value", money(amount, currency))));
                    breakdowns.add(Map.of("type", category.getKey(), "subtotal", money(sum, currency), "detailedBreakdowns", detailed));
                }
            }
            i.put("proceeds", Map.of("proceedsTotal", money(total, currency), "breakdowns", breakdowns));
        }
        if (included.contains("FULFILLMENT")) {
            i.put("fulfillment", Map.of("quantityFulfilled", shipped, "quantityUnfulfilled", Math.max(0, ordered - shipped)));
        }
        return i;
    }

    private static BigDecimal amount(Map<String, Object> v0, String field) {
        return v0.get(field) instanceof Map<?, ?> m && m.get("Amount") != null ? new BigDecimal(m.get("Amount").toString()) : null;
    }

    /** v0 amounts summed per subtype, each with its sign in the v2026 breakdown. */
    private static Map<String, BigDecimal> parts(Map<String, Object> v0, String[][] fields) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (String[] f : fields) {
            BigDecimal amount = amount(v0, f[1]);
            if (amount != null) {
                out.merge(f[0], amount.multiply(new BigDecimal(f[2])), BigDecimal::add);
            }
        }
        return out;
    }

    private static Map<String, Object> money(BigDecimal amount, Object currency) {
        return Map.of("amount", amount.toPlainString(), "currencyCode", currency);
    }

    private static Map<String, Object> money(Map<?, ?> v0) {
        return Map.of("amount", v0.get("Amount"), "currencyCode", v0.get("CurrencyCode"));
    }

    private static void putIfPresent(Map<String, Object> to, String key, Object value) {
        if (value != null) {
            to.put(key, value);
        }
    }
}
