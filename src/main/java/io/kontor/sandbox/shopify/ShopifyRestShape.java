package io.kontor.sandbox.shopify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox shop keeps orders in the GraphQL shape; webhooks carry the REST shape (snake_case, numeric ids
 * next to {@code admin_graphql_api_id}, amounts as plain shop-currency strings plus {@code *_set} MoneyBags).
 * This writes one as the other, so the emulator can deliver what Shopify's orders/* webhooks deliver.
 */
public final class ShopifyRestShape {

    private ShopifyRestShape() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> order(Map<String, Object> g) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", numericId(g.get("id")));
        r.put("admin_graphql_api_id", g.get("id"));
        r.put("name", g.get("name"));
        r.put("order_number", Long.parseLong(String.valueOf(g.get("name")).replace("#", "")));
        r.put("created_at", g.get("createdAt"));
        r.put("updated_at", g.get("updatedAt"));
        r.put("processed_at", g.get("processedAt"));
        r.put("cancelled_at", g.get("cancelledAt"));
        r.put("cancel_reason", lower(g.get("cancelReason")));
        r.put("closed_at", g.get("closedAt"));
        r.put("test", g.get("test"));
        r.put("note", g.get("note"));
        r.put("tags", String.join(", ", (List<String>) g.getOrDefault("tags", List.of())));
        r.put("financial_status", lower(g.get("displayFinancialStatus")));
        r.put("fulfillment_status", fulfillmentStatus((String) g.get("displayFulfillmentStatus")));
        r.put("currency", g.get("currencyCode"));
        r.put("presentment_currency", g.get("presentmentCurrencyCode"));
        r.put("taxes_included", g.get("taxesIncluded"));
        r.put("email", g.get("email"));
        r.put("phone", g.get("phone"));
        Map<String, Object> customer = (Map<String, Object>) g.get("customer");
        if (customer != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", numericId(customer.get("id")));
            c.put("admin_graphql_api_id", customer.get("id"));
            c.put("first_name", customer.get("firstName"));
            c.put("last_name", customer.get("lastName"));
            c.put("email", customer.get("email"));
            r.put("customer", c);
        }
        r.put("shipping_address", address((Map<String, Object>) g.get("shippingAddress")));
        r.put("billing_address", address((Map<String, Object>) g.get("billingAddress")));
        money(r, "subtotal_price", g.get("subtotalPriceSet"));
        money(r, "total_shipping_price", g.get("totalShippingPriceSet"));
        money(r, "total_tax", g.get("totalTaxSet"));
        money(r, "total_discounts", g.get("totalDiscountsSet"));
        money(r, "total_price", g.get("totalPriceSet"));
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> l : (List<Map<String, Object>>) g.getOrDefault("lineItems", List.of())) {
            lines.add(line(l));
        }
        r.put("line_items", lines);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> line(Map<String, Object> l) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", numericId(l.get("id")));
        r.put("admin_graphql_api_id", l.get("id"));
        r.put("sku", l.get("sku"));
        r.put("name", l.get("name"));
        r.put("title", l.get("title"));
        int qty = (Integer) l.get("quantity");
        int current = (Integer) l.getOrDefault("currentQuantity", qty);
        int unfulfilled = (Integer) l.getOrDefault("unfulfilledQuantity", current);
        r.put("quantity", qty);
        r.put("current_quantity", current);
        r.put("fulfillable_quantity", unfulfilled);
        r.put("fulfillment_status", unfulfilled == 0 && current > 0 ? "fulfilled" : current > unfulfilled ? "partial" : null);
        Map<String, Object> variant = (Map<String, Object>) l.get("variant");
        if (variant != null) {
            r.put("variant_id", numericId(variant.get("id")));
        }
        money(r, "price", l.get("originalUnitPriceSet"));
        Map<String, Map<String, Object>> original = (Map<String, Map<String, Object>>) l.get("originalUnitPriceSet");
        Map<String, Map<String, Object>> discounted = (Map<String, Map<String, Object>>) l.get("discountedUnitPriceSet");
        Map<String, Object> discount = new LinkedHashMap<>();
        for (String side : List.of("shopMoney", "presentmentMoney")) {
            java.math.BigDecimal o = new java.math.BigDecimal((String) original.get(side).get("amount"));
            java.math.BigDecimal d = discounted == null ? o : new java.math.BigDecimal((String) discounted.get(side).get("amount"));
            discount.put(side, Map.of("amount", o.subtract(d).multiply(java.math.BigDecimal.valueOf(qty)).toPlainString(),
                    "currencyCode", original.get(side).get("currencyCode")));
        }
        money(r, "total_discount", discount);
        List<Map<String, Object>> taxes = new ArrayList<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) l.getOrDefault("taxLines", List.of())) {
            Map<String, Object> tr = new LinkedHashMap<>();
            tr.put("title", t.get("title"));
            tr.put("rate", t.get("rate"));
            money(tr, "price", t.get("priceSet"));
            taxes.add(tr);
        }
        r.put("tax_lines", taxes);
        return r;
    }

    private static Map<String, Object> address(Map<String, Object> a) {
        if (a == null) {
            return null;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("first_name", a.get("firstName"));
        r.put("last_name", a.get("lastName"));
        r.put("name", a.get("name"));
        r.put("company", a.get("company"));
        r.put("address1", a.get("address1"));
        r.put("address2", a.get("address2"));
        r.put("city", a.get("city"));
        r.put("province", a.get("province"));
        r.put("province_code", a.get("provinceCode"));
        r.put("zip", a.get("zip"));
        r.put("country_code", a.get("countryCodeV2"));
        r.put("phone", a.get("phone"));
        return r;
    }

    /** {@code field}: the shop amount as a string; {@code field_set}: both amounts as a snake_case MoneyBag. */
    @SuppressWarnings("unchecked")
    private static void money(Map<String, Object> target, String field, Object graphqlBag) {
        if (graphqlBag == null) {
            return;
        }
        Map<String, Map<String, Object>> bag = (Map<String, Map<String, Object>>) graphqlBag;
        target.put(field, bag.get("shopMoney").get("amount"));
        target.put(field + "_set", Map.of(
                "shop_money", Map.of("amount", bag.get("shopMoney").get("amount"), "currency_code", bag.get("shopMoney").get("currencyCode")),
                "presentment_money", Map.of("amount", bag.get("presentmentMoney").get("amount"),
                        "currency_code", bag.get("presentmentMoney").get("currencyCode"))));
    }

    private static String fulfillmentStatus(String display) {
        return switch (display == null ? "" : display) {
            case "FULFILLED" -> "fulfilled";
            case "PARTIALLY_FULFILLED" -> "partial";
            default -> null;
        };
    }

    private static long numericId(Object gid) {
        String s = String.valueOf(gid);
        return Long.parseLong(s.substring(s.lastIndexOf('/') + 1));
    }

    private static String lower(Object s) {
        return s == null ? null : s.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
