package io.kontor.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.channel.SourceFields;
import io.kontor.model.Address;
import io.kontor.model.Channel;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Sell Fulfillment API Order (getOrders or getOrder) to the canonical Order (channel-contracts.md §5.1).
 * Amounts are in the seller's currency; where eBay converted from the buyer's, the original is the presentment side.
 * {@code lineItemCost} is unit price × quantity before discounts; the ship-to comes from the first fulfilment
 * instruction. eBay lists only paid orders, so an order here is paid unless refunded.
 */
public final class EbayOrderMapper {

    public static final String API_VERSION = "sell.fulfillment.v1";

    public Order map(JsonNode node, String sellerAccount) {
        return mapTracked(node, sellerAccount).order();
    }

    public MappedOrder mapTracked(JsonNode node, String sellerAccount) {
        return MappingException.guard("eBay order", () -> doMap(node, sellerAccount));
    }

    private MappedOrder doMap(JsonNode node, String account) {
        SourceFields f = new SourceFields(node);
        String orderId = f.requiredText("orderId");
        String legacyOrderId = f.text("legacyOrderId");
        Instant created = f.instant("creationDate");
        Instant updated = f.requiredInstant("lastModifiedDate");
        String rawFulfillment = f.requiredText("orderFulfillmentStatus");
        String rawPayment = f.text("orderPaymentStatus");
        SourceFields cancel = f.object("cancelStatus");
        String cancelState = cancel == null ? null : cancel.text("cancelState");
        Instant cancelledAt = cancel == null ? null : cancel.instant("cancelledDate");
        Map<String, String> rawStatuses = new LinkedHashMap<>();
        rawStatuses.put("orderFulfillmentStatus", rawFulfillment);
        if (rawPayment != null) rawStatuses.put("orderPaymentStatus", rawPayment);
        if (cancelState != null) rawStatuses.put("cancelState", cancelState);
        boolean cancelled = "CANCELED".equals(cancelState);
        OrderStatus status = cancelled ? OrderStatus.CANCELLED : switch (rawFulfillment) {
            case "NOT_STARTED" -> OrderStatus.OPEN;
            case "IN_PROGRESS" -> OrderStatus.PARTIALLY_SHIPPED;
            case "FULFILLED" -> OrderStatus.SHIPPED;
            default -> throw new MappingException("Unknown eBay orderFulfillmentStatus '" + rawFulfillment + "' on " + orderId);
        };

        SourceFields pricing = f.object("pricingSummary");
        if (pricing == null) {
            throw new MappingException("Order " + orderId + " has no pricingSummary");
        }
        MoneySet total = amount(pricing.object("total"));
        if (total == null) {
            throw new MappingException("Order " + orderId + " has no pricingSummary.total");
        }
        String currency = total.settlement().currency().getCurrencyCode();
        MoneySet subtotal = amount(pricing.object("priceSubtotal"));
        MoneySet delivery = amount(pricing.object("deliveryCost"));
        MoneySet tax = amount(pricing.object("tax"));
        MoneySet discount = amount(pricing.object("priceDiscountSubtotal"));

        MoneySet refunded = null;
        SourceFields payments = f.object("paymentSummary");
        if (payments != null) {
            // refunds stay in the extensions with their ids and states; the sum of those not failed is the refunded total
            for (JsonNode r : payments.peek("refunds")) {
                if (!"FAILED".equals(r.path("refundStatus").asText())) {
                    MoneySet part = amount(new SourceFields(r).object("amount"));
                    refunded = refunded == null ? part : refunded.plus(part);
                }
            }
        }

        Party buyer = null;
        SourceFields buyerFields = f.object("buyer");
        Party shipTo = null;
        boolean marketplaceFulfils = false;
        SourceFields instruction = f.element("fulfillmentStartInstructions", 0);
        String email = null;
        if (instruction != null) {
            JsonNode supported = instruction.take("ebaySupportedFulfillment");
            marketplaceFulfils = supported.asBoolean(false);
            SourceFields step = instruction.object("shippingStep");
            SourceFields to = step == null ? null : step.object("shipTo");
            if (to != null) {
                email = to.text("email");
                shipTo = shipTo(to);
            }
        }
        if (buyerFields != null) {
            String username = buyerFields.text("username");
            buyer = new Party(PartyRole.BUYER, username, username, null, null, null, email, null, null, null, null, false);
        }

        List<OrderLine> lines = new ArrayList<>();
        List<String> linePaths = new ArrayList<>();
        JsonNode items = f.take("lineItems");
        for (int i = 0; i < items.size(); i++) {
            SourceFields lf = new SourceFields(items.get(i));
            lines.add(line(lf, cancelled));
            for (String p : lf.consumedPaths()) {
                linePaths.add("lineItems[" + i + "]." + p);
            }
        }
        String presentment = total.presentment().currency().getCurrencyCode();
        Order order = new Order(Order.SCHEMA_VERSION, Order.idFor(EbayChannel.EBAY, account, orderId), EbayChannel.EBAY, account,
                lines.isEmpty() ? null : marketplaceOf(items), orderId, legacyOrderId != null ? legacyOrderId : orderId, created, updated,
                cancelled ? (cancelledAt != null ? cancelledAt : updated) : null, status, payment(rawPayment), fulfillment(rawFulfillment),
                rawStatuses, marketplaceFulfils ? "MARKETPLACE" : "MERCHANT", currency, presentment, subtotal, delivery, tax, discount,
                total, refunded, buyer, shipTo, null, lines, API_VERSION, f.remainder(), node);
        List<String> consumed = new ArrayList<>(f.consumedPaths());
        consumed.addAll(linePaths);
        return new MappedOrder(order, consumed);
    }

    private static OrderLine line(SourceFields lf, boolean orderCancelled) {
        String id = lf.requiredText("lineItemId");
        String sku = lf.text("sku");
        Map<String, String> refs = new LinkedHashMap<>();
        String item = lf.text("legacyItemId");
        String variation = lf.text("legacyVariationId");
        if (item != null) refs.put("legacyItemId", item);
        if (variation != null) refs.put("legacyVariationId", variation);
        String title = lf.text("title");
        Integer quantity = lf.integer("quantity");
        int qty = quantity == null ? 0 : quantity;
        String rawStatus = lf.text("lineItemFulfillmentStatus");
        MoneySet cost = amount(lf.object("lineItemCost"));
        MoneySet discounted = amount(lf.object("discountedLineItemCost"));
        MoneySet tax = null;
        for (JsonNode t : lf.peek("taxes")) {
            MoneySet part = amount(new SourceFields(t).object("amount"));
            tax = tax == null ? part : tax.plus(part);
        }
        MoneySet unit = null;
        if (cost != null && qty > 0) {
            unit = cost.dividedBy(qty);
        }
        MoneySet lineTotal = discounted != null ? discounted : cost;
        MoneySet discount = discounted == null || cost == null ? null : new MoneySet(cost.settlement().minus(discounted.settlement()),
                cost.presentment().minus(discounted.presentment()));
        int fulfilled = "FULFILLED".equals(rawStatus) ? qty : 0;
        return new OrderLine(id, sku, refs, title, qty, fulfilled, orderCancelled ? qty - fulfilled : 0, 0, unit, cost, discount, tax,
                lineTotal, rawStatus, lf.remainder());
    }

    private static Party shipTo(SourceFields to) {
        String name = to.text("fullName");
        String company = to.text("companyName");
        SourceFields phone = to.object("primaryPhone");
        String phoneNumber = phone == null ? null : phone.text("phoneNumber");
        SourceFields a = to.object("contactAddress");
        Address address = null;
        if (a != null) {
            List<String> lines = new ArrayList<>();
            for (String field : List.of("addressLine1", "addressLine2")) {
                String l = a.text(field);
                if (l != null && !l.isBlank()) {
                    lines.add(l);
                }
            }
            String country = a.text("country");
            String countryCode = a.text("countryCode"); // older documents name it so
            address = new Address(lines, a.text("city"), a.text("county"), a.text("stateOrProvince"), null, a.text("postalCode"),
                    country != null ? country : countryCode, null);
        }
        return new Party(PartyRole.SHIP_TO, null, name, null, null, company, null, phoneNumber, null, null, address, false);
    }

    private static String marketplaceOf(JsonNode items) {
        return items.get(0).path("purchaseMarketplaceId").asText(items.get(0).path("listingMarketplaceId").asText(null));
    }

    /** An Amount {value, currency[, convertedFromValue, convertedFromCurrency]}: seller currency, and the buyer's when converted. */
    static MoneySet amount(SourceFields a) {
        if (a == null) {
            return null;
        }
        String value = a.text("value");
        String currency = a.text("currency");
        String fromValue = a.text("convertedFromValue");
        String fromCurrency = a.text("convertedFromCurrency");
        try {
            Money seller = Money.of(value, currency);
            return new MoneySet(seller, fromValue != null && fromCurrency != null ? Money.of(fromValue, fromCurrency) : seller);
        } catch (RuntimeException e) {
            throw new MappingException("Invalid amount " + value + " " + currency + ": " + e.getMessage(), e);
        }
    }

    private static PaymentStatus payment(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw) {
            case "PAID" -> PaymentStatus.PAID;
            case "PENDING" -> PaymentStatus.PENDING;
            case "FAILED" -> PaymentStatus.FAILED;
            case "FULLY_REFUNDED" -> PaymentStatus.REFUNDED;
            case "PARTIALLY_REFUNDED" -> PaymentStatus.PARTIALLY_REFUNDED;
            default -> throw new MappingException("Unknown eBay orderPaymentStatus '" + raw + "'");
        };
    }

    private static FulfillmentStatus fulfillment(String raw) {
        return switch (raw) {
            case "IN_PROGRESS" -> FulfillmentStatus.PARTIALLY_FULFILLED;
            case "FULFILLED" -> FulfillmentStatus.FULFILLED;
            default -> FulfillmentStatus.UNFULFILLED;
        };
    }
}
