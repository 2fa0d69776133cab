package io.kontor.sandbox.ebay;

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
 * eBay.de order traffic for the sandbox seller, as Sell Fulfillment API Order objects: paid fixed-price purchases
 * (eBay lists orders only after payment) with one to three lines, shipping to Germany, Austria and the Netherlands;
 * later shipped in one or two steps, some cancelled and refunded, some with a buyer's cancel request (visible only
 * through getOrder). Prices include VAT, as on eBay.de.
 */
public final class EbayTrafficGenerator extends OrderTraffic {

    /** country, city, region, street, postal code. */
    private static final String[][] PLACES = {
            {"DE", "Dresden", "Sachsen", "Prager Straße 2", "01069"}, {"DE", "Freiburg im Breisgau", "Baden-Württemberg", "Kaiser-Joseph-Straße 170", "79098"},
            {"AT", "Innsbruck", "Tirol", "Maria-Theresien-Straße 18", "6020"}, {"NL", "Groningen", "Groningen", "Herestraat 41", "9711 LD"}};
    private static final String[] USERS = {"schnaeppchen_jaeger", "mode.fan-84", "k.oezdemir", "tiroler_bergsteiger", "van.dijk.nl", "anke_s_2019"};
    private static final String[] NAMES = {"Sabine Schäfer", "Kerem Özdemir", "Lukas Hofer", "Femke van Dijk", "Anke Strauß", "Jörg Bäumer"};

    private final SandboxEbaySeller seller;
    private long nextItem;

    public EbayTrafficGenerator(SandboxEbaySeller seller, long seed, Clock clock) {
        super(seed, clock);
        this.seller = seller;
        this.nextItem = 10_000_000_000L + clock.instant().getEpochSecond() % 1_000_000_000L * 10;
    }

    /** Creates an order paid {@code ago} before now and returns its order id. */
    public synchronized String createOrder(Duration ago) {
        Instant now = now().minus(ago);
        String id = String.format("%02d-%05d-%05d", 10 + random.nextInt(90), random.nextInt(100_000), random.nextInt(100_000));
        String[] place = PLACES[random.nextInt(PLACES.length)];
        int who = random.nextInt(NAMES.length);
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
        BigDecimal delivery = BigDecimal.ZERO.setScale(2);
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            SandboxCatalog.Product p = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            int qty = 1 + (random.nextInt(6) == 0 ? 1 : 0);
            BigDecimal cost = p.price().multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_EVEN);
            BigDecimal shipping = i == 0 ? new BigDecimal("4.95") : BigDecimal.ZERO.setScale(2);
            subtotal = subtotal.add(cost);
            delivery = delivery.add(shipping);
            Map<String, Object> l = new LinkedHashMap<>();
            long item = nextItem++;
            l.put("lineItemId", String.valueOf(item));
            l.put("legacyItemId", String.valueOf(3_900_000_000_00L + Math.abs(p.sku().hashCode() % 1_000_000)));
            l.put("sku", p.sku());
            l.put("title", p.title());
            l.put("quantity", qty);
            l.put("soldFormat", "FIXED_PRICE");
            l.put("listingMarketplaceId", "EBAY_DE");
            l.put("purchaseMarketplaceId", "EBAY_DE");
            l.put("lineItemFulfillmentStatus", "NOT_STARTED");
            l.put("lineItemCost", amount(cost));
            l.put("deliveryCost", Map.of("shippingCost", amount(shipping)));
            l.put("appliedPromotions", List.of());
            l.put("taxes", List.of());
            l.put("refunds", List.of());
            l.put("total", amount(cost.add(shipping)));
            l.put("lineItemFulfillmentInstructions", Map.of("shipByDate", EbayDates.format(now.plus(Duration.ofDays(2))), "guaranteedDelivery", false,
                    "minEstimatedDeliveryDate", EbayDates.format(now.plus(Duration.ofDays(2))), "maxEstimatedDeliveryDate", EbayDates.format(now.plus(Duration.ofDays(5)))));
            lines.add(l);
        }
        BigDecimal total = subtotal.add(delivery);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderId", id);
        o.put("legacyOrderId", lines.get(0).get("legacyItemId") + "-" + lines.get(0).get("lineItemId"));
        o.put("creationDate", EbayDates.format(now));
        o.put("lastModifiedDate", EbayDates.format(now));
        o.put("orderFulfillmentStatus", "NOT_STARTED");
        o.put("orderPaymentStatus", "PAID");
        o.put("sellerId", seller.sellerId());
        o.put("salesRecordReference", String.valueOf(1000 + random.nextInt(9000)));
        o.put("buyer", Map.of("username", USERS[who]));
        o.put("pricingSummary", Map.of("priceSubtotal", amount(subtotal), "deliveryCost", amount(delivery), "total", amount(total)));
        o.put("cancelStatus", Map.of("cancelState", "NONE_REQUESTED", "cancelRequests", List.of()));
        o.put("paymentSummary", Map.of(
                "payments", List.of(Map.of("paymentMethod", "EBAY", "paymentReferenceId", "P" + id.replace("-", ""),
                        "paymentDate", EbayDates.format(now), "amount", amount(total), "paymentStatus", "PAID")),
                "refunds", List.of(),
                "totalDueSeller", amount(total.multiply(new BigDecimal("0.89")).setScale(2, RoundingMode.HALF_EVEN))));
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("addressLine1", place[3]);
        address.put("city", place[1]);
        address.put("stateOrProvince", place[2]);
        address.put("postalCode", place[4]);
        address.put("country", place[0]);
        Map<String, Object> shipTo = new LinkedHashMap<>();
        shipTo.put("fullName", NAMES[who]);
        shipTo.put("contactAddress", address);
        shipTo.put("primaryPhone", Map.of("phoneNumber", "0" + (150_000_000 + random.nextInt(50_000_000))));
        shipTo.put("email", Long.toHexString(random.nextLong() & 0xffffffffffL) + "@members.ebay.com");
        o.put("fulfillmentStartInstructions", List.of(Map.of("fulfillmentInstructionsType", "SHIP_TO", "ebaySupportedFulfillment", false,
                "minEstimatedDeliveryDate", EbayDates.format(now.plus(Duration.ofDays(2))), "maxEstimatedDeliveryDate", EbayDates.format(now.plus(Duration.ofDays(5))),
                "shippingStep", Map.of("shippingCarrierCode", "DHL", "shippingServiceCode", "DE_DHLPaket", "shipTo", shipTo))));
        o.put("fulfillmentHrefs", List.of());
        o.put("lineItems", lines);
        o.put("ebayCollectAndRemitTax", false);
        seller.put(o);
        created(id, now, true);
        return id;
    }

    /** Shipped in part or whole, cancelled and refunded, or a buyer's cancel request. */
    @Override
    @SuppressWarnings("unchecked")
    protected Outcome change(String id, Instant now) {
        boolean[] finished = {false};
        int roll = random.nextInt(100);
        if (!sellerShips() && (roll >= 12 || !seller.get(id).map(o -> "NOT_STARTED".equals(o.get("orderFulfillmentStatus"))).orElse(false))) {
            return Outcome.LEFT; // the hub ships it and posts the shipping fulfilment; shipped goods are not cancelled
        }
        seller.update(id, o -> {
            List<Map<String, Object>> lines = new ArrayList<>();
            ((List<Map<String, Object>>) o.get("lineItems")).forEach(l -> lines.add(new LinkedHashMap<>(l)));
            Map<String, Object> cancel = (Map<String, Object>) o.get("cancelStatus");
            if ("CANCEL_REQUESTED".equals(cancel.get("cancelState")) || roll < 6) {
                o.put("cancelStatus", Map.of("cancelState", "CANCELED", "cancelledDate", EbayDates.format(now), "cancelRequests",
                        cancel.get("cancelRequests")));
                o.put("orderPaymentStatus", "FULLY_REFUNDED");
                Map<String, Object> payment = new LinkedHashMap<>((Map<String, Object>) o.get("paymentSummary"));
                payment.put("refunds", List.of(Map.of("refundId", "R" + id.replace("-", ""), "refundStatus", "REFUNDED",
                        "amount", ((Map<String, Object>) o.get("pricingSummary")).get("total"), "refundDate", EbayDates.format(now))));
                o.put("paymentSummary", payment);
                finished[0] = true;
            } else if (roll < 12 && "NOT_STARTED".equals(o.get("orderFulfillmentStatus"))) {
                o.put("cancelStatus", Map.of("cancelState", "CANCEL_REQUESTED", "cancelRequests", List.of(Map.of(
                        "cancelRequestId", "5" + Math.abs(random.nextInt()), "cancelInitiator", "BUYER", "cancelReason", "BUYER_CANCEL",
                        "cancelRequestState", "REQUESTED", "cancelRequestedDate", EbayDates.format(now)))));
            } else if (lines.size() > 1 && "NOT_STARTED".equals(o.get("orderFulfillmentStatus")) && roll < 40) {
                lines.get(0).put("lineItemFulfillmentStatus", "FULFILLED");
                o.put("orderFulfillmentStatus", "IN_PROGRESS");
            } else {
                lines.forEach(l -> l.put("lineItemFulfillmentStatus", "FULFILLED"));
                o.put("orderFulfillmentStatus", "FULFILLED");
                finished[0] = true;
            }
            o.put("lineItems", lines);
            o.put("lastModifiedDate", EbayDates.format(now));
            return o;
        });
        return finished[0] ? Outcome.FINISHED : Outcome.CHANGED;
    }

    private static Map<String, Object> amount(BigDecimal value) {
        return Map.of("value", value.setScale(2, RoundingMode.HALF_EVEN).toPlainString(), "currency", "EUR");
    }
}
