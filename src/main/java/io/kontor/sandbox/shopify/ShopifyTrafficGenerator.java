package io.kontor.sandbox.shopify;

import io.kontor.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realistic order traffic for the sandbox shop: several lines, shop currency EUR with presentment
 * currencies, discounts, VAT, shipping, pending and authorised payments, later payment, fulfilment, edits,
 * cancellations, and names and addresses from seven countries in their own scripts.
 * <p>
 * Shopify's updatedAt has whole seconds; the generator never changes one order twice within a second, so
 * every change it makes is a distinct version a poller can see.
 */
public final class ShopifyTrafficGenerator {

    private static final String SHOP_CURRENCY = "EUR";
    private static final Map<String, BigDecimal> FX = Map.of(
            "EUR", BigDecimal.ONE, "GBP", new BigDecimal("0.8550"), "CHF", new BigDecimal("0.9410"),
            "USD", new BigDecimal("1.0840"), "SEK", new BigDecimal("11.4200"), "JPY", new BigDecimal("162.30"));
    private static final String[] FIRST = {"Jürgen", "Zoë", "François", "Åsa", "Łukasz", "Søren", "Chloé", "Ömer",
            "Mónica", "José", "Björn", "Anaïs", "Siân", "Ines", "Mateusz", "Yuki", "Ана", "Niamh", "Grete", "Olivier"};
    private static final String[] LAST = {"Müller", "Groß", "Ødegaard", "Núñez", "O'Brien", "Weiß", "Kowalczyk",
            "Lefèvre", "Yılmaz", "van der Berg", "Šimková", "Dubois", "Schäfer", "Jensen", "Smith", "山田", "Іваненко"};
    /** country, city, province code, street, postal code (valid format), VAT rate, presentment currency. */
    private static final String[][] PLACES = {
            {"DE", "München", "BY", "Leopoldstraße 12", "80802", "0.19", "EUR"},
            {"DE", "Köln", "NW", "Bonner Straße 271", "50968", "0.19", "EUR"},
            {"AT", "Wien", "9", "Mariahilfer Straße 88a", "1070", "0.20", "EUR"},
            {"CH", "Zürich", "ZH", "Bahnhofstrasse 5", "8001", "0.081", "CHF"},
            {"FR", "Besançon", "25", "12 rue de la Préfecture", "25000", "0.20", "EUR"},
            {"NL", "Utrecht", "UT", "Oudegracht 231", "3511 NK", "0.21", "EUR"},
            {"GB", "London", "ENG", "1 High St", "EC1A 1BB", "0.20", "GBP"},
            {"US", "Portland", "OR", "811 NW 23rd Ave", "97210", "0.00", "USD"},
            {"SE", "Malmö", "M", "Södra Förstadsgatan 4", "211 43", "0.25", "SEK"}};

    private final SandboxShop shop;
    private final Random random;
    private final Clock clock;
    private final AtomicLong nextOrderId = new AtomicLong(5_512_000_000_000L);
    private final AtomicLong nextLineId = new AtomicLong(13_000_000_000L);
    private final AtomicLong nextNumber = new AtomicLong(1001);
    private final Map<Long, Instant> lastChange = new ConcurrentHashMap<>();
    private final List<Long> open = new ArrayList<>();
    private final AtomicLong versions = new AtomicLong();
    private final SandboxFulfillmentOrders fulfillmentOrders;
    private volatile boolean sellerShips = true;

    public ShopifyTrafficGenerator(SandboxShop shop, long seed, Clock clock) {
        this.shop = shop;
        this.random = new Random(seed);
        this.clock = clock;
        // Shopify never reuses an id: a sandbox restarted with an empty shop starts above the previous run's ids
        // (room for 100 new orders per second of the previous run's life)
        long epochSecond = clock.instant().getEpochSecond();
        long base = 5_000_000_000_000L + epochSecond * 100;
        nextOrderId.set(Math.max(base, shop.ids().stream().max(Long::compare).map(max -> max + 1).orElse(base)));
        nextLineId.set(10_000_000_000_000L + epochSecond * 2_000);
        nextNumber.set(1001 + epochSecond % 1_000_000 * 10);
        fulfillmentOrders = new SandboxFulfillmentOrders(20_000_000_000_000L + epochSecond * 2_000);
    }

    /**
     * False when the hub ships the shop's orders (and creates their fulfillments): the traffic then only pays,
     * edits and cancels, and leaves an order ready to ship to the hub.
     */
    public void sellerShips(boolean ships) {
        this.sellerShips = ships;
    }

    /** The orders that still change and when each last did, for the sandbox's saved state. */
    public synchronized Map<Long, Instant> openOrders() {
        Map<Long, Instant> state = new java.util.LinkedHashMap<>();
        open.forEach(id -> state.put(id, lastChange.getOrDefault(id, Instant.EPOCH)));
        return state;
    }

    /** Takes back the orders that still change (they are in the restored shop). */
    public synchronized void restoreOpen(Map<Long, Instant> state) {
        state.forEach((id, at) -> {
            if (shop.get(id).isPresent() && !open.contains(id)) {
                open.add(id);
                lastChange.put(id, at);
            }
        });
    }

    /** Number of order versions created so far (each create or update is one version). */
    public long versionsCreated() {
        return versions.get();
    }

    /** Creates one new order and returns its numeric id. */
    public synchronized long createOrder() {
        long id = nextOrderId.getAndIncrement();
        Instant now = now();
        Map<String, Object> order = newOrder(id, now);
        shop.put(id, now, order);
        lastChange.put(id, now);
        open.add(id);
        versions.incrementAndGet();
        return id;
    }

    /**
     * Changes one existing order that has not changed in the current second: payment captured,
     * fulfilled, edited or cancelled. Returns false if no order could be changed now.
     */
    public synchronized boolean updateRandomOrder() {
        Instant now = now();
        for (int attempt = 0; attempt < 8 && !open.isEmpty(); attempt++) {
            int idx = random.nextInt(open.size());
            long id = open.get(idx);
            Instant last = lastChange.get(id);
            if (last != null && !now.isAfter(last)) {
                continue;
            }
            int roll = random.nextInt(100);
            Map<String, Object> current = shop.get(id).orElse(Map.of());
            boolean paid = "PAID".equals(current.get("displayFinancialStatus"));
            if (!sellerShips && paid && (roll >= 25 || !"UNFULFILLED".equals(current.get("displayFulfillmentStatus")))) {
                open.remove(idx); // paid and not changing any more: the hub ships it and creates the fulfillment
                lastChange.remove(id);
                return true;
            }
            boolean[] finished = {false};
            shop.update(id, now, o -> {
                finished[0] = applyUpdate(o, now, roll);
                SandboxFulfillmentOrders.sync(o);
                return o;
            });
            lastChange.put(id, now);
            versions.incrementAndGet();
            if (finished[0]) {
                open.remove(idx);
                lastChange.remove(id);
            }
            return true;
        }
        return false;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // ---- order content --------------------------------------------------------------------------

    private Map<String, Object> newOrder(long id, Instant now) {
        String[] place = PLACES[random.nextInt(PLACES.length)];
        String presentment = random.nextInt(10) < 7 ? place[6] : "EUR";
        BigDecimal vat = new BigDecimal(place[5]);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        int lineCount = random.nextInt(100) < 3 ? 12 + random.nextInt(4) : 1 + random.nextInt(5);
        boolean discounted = random.nextInt(5) == 0;
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < lineCount; i++) {
            SandboxCatalog.Product product = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            lines.add(line(product, 1 + (random.nextInt(4) == 0 ? random.nextInt(3) + 1 : 0), discounted, vat, presentment));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", "gid://shopify/Order/" + id);
        o.put("name", "#" + nextNumber.getAndIncrement());
        o.put("createdAt", now.toString());
        o.put("updatedAt", now.toString());
        o.put("processedAt", now.toString());
        o.put("cancelledAt", null);
        o.put("cancelReason", null);
        o.put("closedAt", null);
        o.put("closed", false);
        o.put("test", false);
        o.put("note", random.nextInt(6) == 0 ? "Bitte nicht klingeln – Paket beim Nachbarn abgeben" : null);
        o.put("tags", random.nextBoolean() ? List.of("web") : List.of("web", "newsletter"));
        int pay = random.nextInt(100);
        o.put("displayFinancialStatus", pay < 70 ? "PAID" : pay < 85 ? "AUTHORIZED" : "PENDING");
        o.put("displayFulfillmentStatus", "UNFULFILLED");
        o.put("currencyCode", SHOP_CURRENCY);
        o.put("presentmentCurrencyCode", presentment);
        o.put("taxesIncluded", false);
        String email = ascii(first).toLowerCase() + "." + ascii(last).toLowerCase().replace(" ", "") + "@example.com";
        o.put("email", email);
        o.put("phone", null);
        o.put("customer", Map.of("id", "gid://shopify/Customer/" + (7000 + random.nextInt(5000)), "firstName", first,
                "lastName", last, "displayName", first + " " + last, "email", email));
        Map<String, Object> address = address(first, last, place);
        o.put("shippingAddress", address);
        o.put("billingAddress", address);
        o.put("lineItems", lines);
        o.put(SandboxFulfillmentOrders.ORDERS, fulfillmentOrders.assign(lines, random));
        o.put(SandboxFulfillmentOrders.FULFILLMENTS, List.of());
        recomputeTotals(o, vat);
        return o;
    }

    private Map<String, Object> line(SandboxCatalog.Product product, int qty, boolean discounted, BigDecimal vat, String presentment) {
        BigDecimal unit = product.price();
        BigDecimal discountedUnit = discounted ? unit.multiply(new BigDecimal("0.90")).setScale(2, RoundingMode.HALF_EVEN) : unit;
        Map<String, Object> l = new LinkedHashMap<>();
        long lineId = nextLineId.getAndIncrement();
        l.put("id", "gid://shopify/LineItem/" + lineId);
        l.put("sku", product.sku());
        l.put("name", product.title());
        l.put("title", product.title());
        l.put("quantity", qty);
        l.put("currentQuantity", qty);
        l.put("unfulfilledQuantity", qty);
        l.put("originalUnitPriceSet", bag(unit, presentment));
        l.put("discountedUnitPriceSet", bag(discountedUnit, presentment));
        l.put("variant", Map.of("id", "gid://shopify/ProductVariant/" + (40_000 + Math.abs(product.sku().hashCode() % 10_000)),
                "sku", product.sku(),
                "inventoryItem", Map.of("id", "gid://shopify/InventoryItem/" + (50_000 + Math.abs(product.sku().hashCode() % 10_000)), "sku", product.sku())));
        l.put("_vat", vat.toPlainString());
        return l;
    }

    private Map<String, Object> address(String first, String last, String[] place) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", "gid://shopify/MailingAddress/" + random.nextInt(1_000_000));
        a.put("firstName", first);
        a.put("lastName", last);
        a.put("name", first + " " + last);
        a.put("company", random.nextInt(8) == 0 ? "Bäckerei " + last + " GmbH" : null);
        a.put("address1", place[3]);
        a.put("address2", random.nextInt(4) == 0 ? "3. OG links" : null);
        a.put("city", place[1]);
        a.put("province", null);
        a.put("provinceCode", place[2]);
        a.put("zip", place[4]);
        a.put("country", null);
        a.put("countryCodeV2", place[0]);
        a.put("phone", random.nextBoolean() ? "+49 89 " + (1_000_000 + random.nextInt(8_000_000)) : null);
        return a;
    }

    /** Returns true when the order reached a final state and gets no more updates. */
    @SuppressWarnings("unchecked")
    private boolean applyUpdate(Map<String, Object> o, Instant now, int roll) {
        String financial = (String) o.get("displayFinancialStatus");
        String fulfillment = (String) o.get("displayFulfillmentStatus");
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> l : (List<Map<String, Object>>) o.get("lineItems")) {
            lines.add(new LinkedHashMap<>(l));
        }
        o.put("lineItems", lines);
        BigDecimal vat = new BigDecimal((String) lines.get(0).get("_vat"));
        if (roll < 6) { // cancellation, refunding what was paid
            o.put("cancelledAt", now.toString());
            o.put("cancelReason", "CUSTOMER");
            o.put("closedAt", now.toString());
            o.put("closed", true);
            boolean paid = "PAID".equals(financial);
            o.put("displayFinancialStatus", paid ? "REFUNDED" : "VOIDED");
            for (Map<String, Object> l : lines) {
                l.put("currentQuantity", 0);
                l.put("unfulfilledQuantity", 0);
            }
            o.put("totalRefundedSet", paid ? o.get("totalPriceSet") : zeroBag((String) o.get("presentmentCurrencyCode")));
            return true;
        }
        if (!"PAID".equals(financial)) {
            o.put("displayFinancialStatus", "PAID");
            return false;
        }
        if ("UNFULFILLED".equals(fulfillment) && roll < 25) { // order edit before shipping: one more unit
            Map<String, Object> l = lines.get(random.nextInt(lines.size()));
            int qty = (Integer) l.get("quantity") + 1;
            l.put("quantity", qty);
            l.put("currentQuantity", qty);
            l.put("unfulfilledQuantity", qty);
            recomputeTotals(o, vat);
            return false;
        }
        if ("UNFULFILLED".equals(fulfillment) && lines.size() > 1 && roll < 45) {
            Map<String, Object> l = lines.get(0);
            l.put("unfulfilledQuantity", 0);
            o.put("displayFulfillmentStatus", "PARTIALLY_FULFILLED");
            return false;
        }
        for (Map<String, Object> l : lines) {
            l.put("unfulfilledQuantity", 0);
        }
        o.put("displayFulfillmentStatus", "FULFILLED");
        o.put("closedAt", now.toString());
        o.put("closed", true);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void recomputeTotals(Map<String, Object> o, BigDecimal vat) {
        String presentment = (String) o.get("presentmentCurrencyCode");
        BigDecimal[] subtotal = {BigDecimal.ZERO, BigDecimal.ZERO};
        BigDecimal[] discount = {BigDecimal.ZERO, BigDecimal.ZERO};
        BigDecimal[] tax = {BigDecimal.ZERO, BigDecimal.ZERO};
        for (Map<String, Object> l : (List<Map<String, Object>>) o.get("lineItems")) {
            int qty = (Integer) l.get("quantity");
            Map<String, Map<String, Object>> orig = (Map<String, Map<String, Object>>) l.get("originalUnitPriceSet");
            Map<String, Map<String, Object>> disc = (Map<String, Map<String, Object>>) l.get("discountedUnitPriceSet");
            List<Map<String, Object>> taxLines = new ArrayList<>();
            BigDecimal[] lineTax = new BigDecimal[2];
            String[] sides = {"shopMoney", "presentmentMoney"};
            for (int s = 0; s < 2; s++) {
                BigDecimal o1 = new BigDecimal((String) orig.get(sides[s]).get("amount"));
                BigDecimal d1 = new BigDecimal((String) disc.get(sides[s]).get("amount"));
                BigDecimal lineTotal = d1.multiply(BigDecimal.valueOf(qty));
                int scale = s == 0 ? 2 : scale(presentment);
                lineTax[s] = lineTotal.multiply(vat).setScale(scale, RoundingMode.HALF_EVEN);
                subtotal[s] = subtotal[s].add(lineTotal);
                discount[s] = discount[s].add(o1.subtract(d1).multiply(BigDecimal.valueOf(qty)));
                tax[s] = tax[s].add(lineTax[s]);
            }
            if (vat.signum() > 0) {
                taxLines.add(Map.of("title", "VAT", "rate", vat.doubleValue(),
                        "ratePercentage", vat.movePointRight(2).doubleValue(),
                        "priceSet", Map.of(
                                "shopMoney", money(lineTax[0], SHOP_CURRENCY),
                                "presentmentMoney", money(lineTax[1], presentment))));
            }
            l.put("taxLines", taxLines);
        }
        BigDecimal shippingShop = subtotal[0].compareTo(new BigDecimal("50")) >= 0 ? BigDecimal.ZERO : new BigDecimal("4.90");
        BigDecimal shippingPresentment = convert(shippingShop, presentment);
        o.put("subtotalPriceSet", pair(subtotal[0], subtotal[1], presentment));
        o.put("totalDiscountsSet", pair(discount[0], discount[1], presentment));
        o.put("totalTaxSet", pair(tax[0], tax[1], presentment));
        o.put("totalShippingPriceSet", pair(shippingShop, shippingPresentment, presentment));
        o.put("totalPriceSet", pair(subtotal[0].add(tax[0]).add(shippingShop),
                subtotal[1].add(tax[1]).add(shippingPresentment), presentment));
        o.put("totalRefundedSet", zeroBag(presentment));
    }

    private static Map<String, Object> bag(BigDecimal shopAmount, String presentment) {
        return pair(shopAmount, convert(shopAmount, presentment), presentment);
    }

    private static Map<String, Object> pair(BigDecimal shopAmount, BigDecimal presentmentAmount, String presentment) {
        return Map.of("shopMoney", money(shopAmount, SHOP_CURRENCY), "presentmentMoney", money(presentmentAmount, presentment));
    }

    private static Map<String, Object> zeroBag(String presentment) {
        return pair(BigDecimal.ZERO, BigDecimal.ZERO, presentment);
    }

    private static Map<String, Object> money(BigDecimal amount, String currency) {
        return Map.of("amount", amount.setScale(scale(currency), RoundingMode.HALF_EVEN).toPlainString(), "currencyCode", currency);
    }

    private static BigDecimal convert(BigDecimal shopAmount, String presentment) {
        return shopAmount.multiply(FX.get(presentment)).setScale(scale(presentment), RoundingMode.HALF_EVEN);
    }

    private static int scale(String currency) {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    private static String ascii(String s) {
        String n = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        n = n.replaceAll("[^A-Za-z ]", "");
        return n.isBlank() ? "kunde" : n.trim();
    }
}
