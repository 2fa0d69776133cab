package io.kontor.sandbox.amazon;

import io.kontor.sandbox.OrderTraffic;
import io.kontor.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Marketplace order traffic for the sandbox seller, in Orders v0 shape: amazon.de, .fr and .co.uk (EUR and GBP,
 * prices including VAT as on EU marketplaces, ItemPrice a line total), some orders Pending first (no prices, no
 * address, as Amazon shows them before payment is authorised), seller-fulfilled orders shipped in one or two
 * packages, a few fulfilled by Amazon, a few cancelled, and now and then a business order with many lines.
 */
public final class AmazonTrafficGenerator extends OrderTraffic {

    /** marketplace id, sales channel, currency, ship service level, countries shipped to, VAT rate. */
    private static final String[][] MARKETPLACES = {
            {"A1PNLWAPXEIFHG", "Amazon.de", "EUR", "Std DE Dom_1", "DE", "0.19"},
            {"A1PNLWAPXEIFHG", "Amazon.de", "EUR", "Std DE Dom_1", "AT", "0.20"},
            {"A13V1IB3VIYZZH", "Amazon.fr", "EUR", "Std FR Dom_1", "FR", "0.20"},
            {"A1F83G8C2ARO7P", "Amazon.co.uk", "GBP", "Std UK Dom_1", "GB", "0.20"}};
    /** country, city, region, street, postal code. */
    private static final String[][] PLACES = {
            {"DE", "Hamburg", "Hamburg", "Mönckebergstraße 7", "20095"}, {"DE", "Leipzig", "Sachsen", "Karl-Liebknecht-Straße 45", "04275"},
            {"AT", "Salzburg", "Salzburg", "Getreidegasse 9", "5020"}, {"FR", "Lyon", "Rhône", "8 rue Mercière", "69002"},
            {"FR", "Lille", "Nord", "21 place du Général de Gaulle", "59800"}, {"GB", "Manchester", "Greater Manchester", "14 Deansgate", "M3 2BW"},
            {"GB", "Edinburgh", "Midlothian", "3 Rose Street", "EH2 2PR"}};
    private static final String[] NAMES = {"Jürgen Weiß", "Élodie Marchand", "Siobhán O'Neill", "Łucja Nowak", "Andreas Gruber",
            "Chloé Lefèvre", "Oliver Bennett", "Zeynep Aydın", "Mette Sørensen", "Hans-Peter Kühn"};
    private static final BigDecimal GBP_PER_EUR = new BigDecimal("0.855");

    private final SandboxAmazonSeller seller;
    private long nextItemId;

    public AmazonTrafficGenerator(SandboxAmazonSeller seller, long seed, Clock clock) {
        super(seed, clock);
        this.seller = seller;
        // ids continue across restarts: they are taken from the clock
        this.nextItemId = 10_000_000_000_000L + clock.instant().getEpochSecond() * 100;
    }

    /** Creates an order placed {@code ago} before now (0 for a new one) and returns its AmazonOrderId. */
    public synchronized String createOrder(Duration ago) {
        Instant now = now().minus(ago);
        String[] market = MARKETPLACES[random.nextInt(MARKETPLACES.length)];
        String id = String.format("%03d-%07d-%07d", 302 + random.nextInt(4), random.nextInt(10_000_000), random.nextInt(10_000_000));
        boolean afn = random.nextInt(100) < 8;
        boolean pending = !afn && random.nextInt(100) < 15;
        int lineCount = random.nextInt(100) < 2 ? 22 + random.nextInt(6) : 1 + random.nextInt(3);
        BigDecimal vat = new BigDecimal(market[5]);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < lineCount; i++) {
            items.add(item(SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size())), 1 + (random.nextInt(5) == 0 ? 1 : 0),
                    market[2], vat, i == 0 && random.nextInt(6) == 0));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("AmazonOrderId", id);
        if (random.nextInt(3) == 0) {
            o.put("SellerOrderId", "KNT-" + id.substring(4, 11));
        }
        o.put("PurchaseDate", now.toString());
        o.put("LastUpdateDate", now.toString());
        o.put("OrderStatus", afn ? "Shipped" : pending ? "Pending" : "Unshipped");
        o.put("FulfillmentChannel", afn ? "AFN" : "MFN");
        o.put("SalesChannel", market[1]);
        o.put("ShipServiceLevel", market[3]);
        o.put("PaymentMethod", "Other");
        o.put("PaymentMethodDetails", List.of("Standard"));
        o.put("MarketplaceId", market[0]);
        o.put("ShipmentServiceLevelCategory", "Standard");
        o.put("OrderType", "StandardOrder");
        o.put("EarliestShipDate", now.plus(Duration.ofHours(2)).toString());
        o.put("LatestShipDate", now.plus(Duration.ofDays(2)).toString());
        o.put("EarliestDeliveryDate", now.plus(Duration.ofDays(2)).toString());
        o.put("LatestDeliveryDate", now.plus(Duration.ofDays(4)).toString());
        o.put("IsBusinessOrder", lineCount > 20);
        o.put("IsPrime", random.nextInt(3) == 0);
        o.put("IsPremiumOrder", false);
        o.put("IsGlobalExpressEnabled", false);
        o.put("IsReplacementOrder", false);
        o.put("IsSoldByAB", false);
        o.put("IsISPU", false);
        o.put("IsAccessPointOrder", false);
        o.put("HasRegulatedItems", false);
        String[] place = placeIn(market[4]);
        String name = NAMES[random.nextInt(NAMES.length)];
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("Name", name);
        address.put("AddressLine1", place[3]);
        if (random.nextInt(4) == 0) {
            address.put("AddressLine2", "Hinterhaus, 2. OG");
        }
        address.put("City", place[1]);
        address.put("StateOrRegion", place[2]);
        address.put("PostalCode", place[4]);
        address.put("CountryCode", place[0]);
        if (random.nextBoolean()) {
            address.put("Phone", "+49 40 " + (1_000_000 + random.nextInt(8_000_000)));
        }
        address.put("AddressType", lineCount > 20 ? "Commercial" : "Residential");
        o.put("ShippingAddress", address);
        Map<String, Object> buyer = new LinkedHashMap<>();
        buyer.put("BuyerEmail", String.format("%012x", random.nextLong() & 0xffffffffffffL) + "@marketplace.amazon."
                + (market[1].endsWith("co.uk") ? "co.uk" : market[1].substring(7)));
        buyer.put("BuyerName", name);
        if (lineCount > 20) {
            buyer.put("PurchaseOrderNumber", "PO-" + (4_500_000 + random.nextInt(100_000)));
        }
        o.put("BuyerInfo", buyer);
        if (pending) {
            // before payment is authorised Amazon shows neither prices nor a total
            items.replaceAll(AmazonTrafficGenerator::withoutPrices);
        } else {
            o.put("OrderTotal", total(items, market[2]));
        }
        setQuantities(o, items);
        seller.put(o, items);
        created(id, now, !afn);
        return id;
    }

    /** Payment authorised, shipped (sometimes in two packages), or cancelled. */
    @Override
    protected Outcome change(String id, Instant now) {
        Outcome[] outcome = {Outcome.CHANGED};
        int roll = random.nextInt(100);
        String status = seller.get(id).map(o -> (String) o.order().get("OrderStatus")).orElse("Canceled");
        if (!sellerShips() && !"Pending".equals(status) && (roll >= 7 || !"Unshipped".equals(status))) {
            return Outcome.LEFT; // paid and waiting to ship: the hub ships it and confirms the shipment
        }
        seller.update(id, current -> {
            Map<String, Object> o = new LinkedHashMap<>(current.order());
            List<Map<String, Object>> items = new ArrayList<>();
            current.items().forEach(i -> items.add(new LinkedHashMap<>(i)));
            outcome[0] = advance(o, items, roll) ? Outcome.FINISHED : Outcome.CHANGED;
            o.put("LastUpdateDate", now.toString());
            setQuantities(o, items);
            return new SandboxAmazonSeller.StoredOrder(o, items);
        });
        return outcome[0];
    }

    private boolean advance(Map<String, Object> o, List<Map<String, Object>> items, int roll) {
        String status = (String) o.get("OrderStatus");
        if (roll < 7 && !"PartiallyShipped".equals(status)) {
            o.put("OrderStatus", "Canceled");
            return true;
        }
        if ("Pending".equals(status)) {
            String currency = currencyOf((String) o.get("MarketplaceId"));
            BigDecimal vat = vatFor((String) ((Map<?, ?>) o.get("ShippingAddress")).get("CountryCode"));
            items.replaceAll(i -> priced(i, currency, vat));
            o.put("OrderStatus", "Unshipped");
            o.put("OrderTotal", total(items, currency));
            return false;
        }
        if ("Unshipped".equals(status) && items.size() > 1 && roll < 35) {
            Map<String, Object> first = items.get(0);
            first.put("QuantityShipped", first.get("QuantityOrdered"));
            o.put("OrderStatus", "PartiallyShipped");
            return false;
        }
        items.forEach(i -> i.put("QuantityShipped", i.get("QuantityOrdered")));
        o.put("OrderStatus", "Shipped");
        return true;
    }

    private Map<String, Object> item(SandboxCatalog.Product product, int qty, String currency, BigDecimal vat, boolean promoted) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ASIN", product.asin());
        i.put("SellerSKU", product.sku());
        i.put("OrderItemId", String.valueOf(nextItemId++));
        i.put("Title", product.title());
        i.put("QuantityOrdered", qty);
        i.put("QuantityShipped", 0);
        i.put("ProductInfo", Map.of("NumberOfItems", "1"));
        i.put("_unit", product.price().toPlainString());
        i.put("_promoted", promoted);
        i.put("IsGift", "false");
        i.put("ConditionId", "New");
        i.put("ConditionSubtypeId", "New");
        i.put("IsTransparency", false);
        i.put("SerialNumberRequired", false);
        return priced(i, currency, vat);
    }

    /** Prices as EU marketplaces show them: ItemPrice is the gross line total, ItemTax the VAT it contains. */
    private static Map<String, Object> priced(Map<String, Object> i, String currency, BigDecimal vat) {
        BigDecimal unit = new BigDecimal((String) i.get("_unit"));
        if ("GBP".equals(currency)) {
            unit = unit.multiply(GBP_PER_EUR).setScale(2, RoundingMode.HALF_EVEN);
        }
        BigDecimal line = unit.multiply(BigDecimal.valueOf(((Number) i.get("QuantityOrdered")).longValue()));
        BigDecimal shipping = line.compareTo(new BigDecimal("29")) >= 0 ? BigDecimal.ZERO.setScale(2) : new BigDecimal("3.99");
        BigDecimal promotion = Boolean.TRUE.equals(i.get("_promoted")) ? line.multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_EVEN)
                : BigDecimal.ZERO.setScale(2);
        i.put("ItemPrice", money(line, currency));
        i.put("ItemTax", money(includedVat(line, vat), currency));
        i.put("ShippingPrice", money(shipping, currency));
        i.put("ShippingTax", money(includedVat(shipping, vat), currency));
        i.put("ShippingDiscount", money(BigDecimal.ZERO.setScale(2), currency));
        i.put("ShippingDiscountTax", money(BigDecimal.ZERO.setScale(2), currency));
        i.put("PromotionDiscount", money(promotion, currency));
        i.put("PromotionDiscountTax", money(includedVat(promotion, vat), currency));
        i.put("PromotionIds", promotion.signum() > 0 ? List.of("KNT-WINTER-10") : List.of());
        return i;
    }

    private static Map<String, Object> withoutPrices(Map<String, Object> i) {
        for (String k : List.of("ItemPrice", "ItemTax", "ShippingPrice", "ShippingTax", "ShippingDiscount", "ShippingDiscountTax",
                "PromotionDiscount", "PromotionDiscountTax", "PromotionIds")) {
            i.remove(k);
        }
        return i;
    }

    private static Map<String, Object> total(List<Map<String, Object>> items, String currency) {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (Map<String, Object> i : items) {
            sum = sum.add(amount(i, "ItemPrice")).add(amount(i, "ShippingPrice"))
                    .subtract(amount(i, "PromotionDiscount")).subtract(amount(i, "ShippingDiscount"));
        }
        return money(sum, currency);
    }

    static void setQuantities(Map<String, Object> o, List<Map<String, Object>> items) {
        int shipped = 0;
        int unshipped = 0;
        for (Map<String, Object> i : items) {
            int ordered = ((Number) i.get("QuantityOrdered")).intValue();
            int done = ((Number) i.get("QuantityShipped")).intValue();
            shipped += done;
            unshipped += ordered - done;
        }
        o.put("NumberOfItemsShipped", shipped);
        o.put("NumberOfItemsUnshipped", unshipped);
    }

    private static BigDecimal amount(Map<String, Object> i, String field) {
        Object m = i.get(field);
        return m instanceof Map<?, ?> map ? new BigDecimal((String) map.get("Amount")) : BigDecimal.ZERO;
    }

    private static BigDecimal includedVat(BigDecimal gross, BigDecimal rate) {
        return gross.subtract(gross.divide(BigDecimal.ONE.add(rate), 2, RoundingMode.HALF_EVEN));
    }

    private static Map<String, Object> money(BigDecimal amount, String currency) {
        return Map.of("CurrencyCode", currency, "Amount", amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString());
    }

    private String[] placeIn(String country) {
        List<String[]> candidates = new ArrayList<>();
        for (String[] p : PLACES) {
            if (p[0].equals(country)) {
                candidates.add(p);
            }
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static String currencyOf(String marketplaceId) {
        for (String[] m : MARKETPLACES) {
            if (m[0].equals(marketplaceId)) {
                return m[2];
            }
        }
        throw new IllegalArgumentException(marketplaceId);
    }

    private static BigDecimal vatFor(String country) {
        for (String[] m : MARKETPLACES) {
            if (m[4].equals(country)) {
                return new BigDecimal(m[5]);
            }
        }
        return new BigDecimal("0.20");
    }
}
