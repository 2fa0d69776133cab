package io.kontor.orders;

import io.kontor.model.HoldReason;
import io.kontor.model.Address;
import io.kontor.model.IsoCodes;
import io.kontor.model.Order;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PaymentStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The hub's business checks on an order it can ship: what is wrong is not bad input to quarantine but a reason to
 * hold the order until a person (or a later version from the channel) clears it — an address the carrier will
 * not take, an e-mail the shop cannot write to, a payment not yet taken.
 */
public final class OrderChecks {

    public static final String PAYMENT = "PAYMENT_NOT_CAPTURED";
    public static final String NO_SHIP_TO = "SHIP_TO_MISSING";
    public static final String NO_STREET = "SHIP_TO_STREET_MISSING";
    public static final String COUNTRY = "SHIP_TO_COUNTRY_INVALID";
    public static final String POSTCODE = "SHIP_TO_POSTCODE_INVALID";
    public static final String EMAIL = "EMAIL_INVALID";
    public static final String PRICES = "PRICES_TO_CONFIRM";

    /** Postcode formats the carriers of these countries accept (national formats, no country prefix). */
    private static final Map<String, Pattern> POSTCODES = Map.of(
            "DE", Pattern.compile("\\d{5}"),
            "AT", Pattern.compile("\\d{4}"),
            "CH", Pattern.compile("\\d{4}"),
            "FR", Pattern.compile("\\d{5}"),
            "NL", Pattern.compile("[1-9]\\d{3} ?[A-Z]{2}"),
            "GB", Pattern.compile("(GIR ?0AA|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2})"),
            "US", Pattern.compile("\\d{5}(-\\d{4})?"));
    /** Practical address syntax: one @, a dot in the domain, no spaces; what a mail server would refuse outright. */
    private static final Pattern EMAIL_SYNTAX = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}");

    private final Set<PaymentStatus> paymentGate;

    /** @param paymentGate payment states that hold an order until the channel reports payment */
    public OrderChecks(Set<PaymentStatus> paymentGate) {
        this.paymentGate = paymentGate;
    }

    /** A wholesale order without prices: the partner's contract prices apply (EDIFACT ORDERS without PRI). */
    public static boolean contractPriced(Order order) {
        com.fasterxml.jackson.databind.JsonNode pricing = order.extensions().get("pricing");
        return pricing != null && "CONTRACT".equals(pricing.asText());
    }

    /** The holds of this version; none for an order that is cancelled, shipped or closed. */
    public List<HoldReason> holdsFor(Order order) {
        List<HoldReason> holds = new ArrayList<>();
        if (order.status() == OrderStatus.CANCELLED || order.status() == OrderStatus.SHIPPED || order.status() == OrderStatus.CLOSED) {
            return holds;
        }
        if (contractPriced(order)) {
            holds.add(new HoldReason(PRICES, "The partner ordered without prices (contract prices); confirm them, then release the order"));
        }
        if (order.paymentStatus() != null && paymentGate.contains(order.paymentStatus())) {
            holds.add(new HoldReason(PAYMENT, "Payment is " + order.paymentStatus() + "; the order waits until the channel reports it paid"));
        }
        Party shipTo = order.shipTo();
        Address address = shipTo == null ? null : shipTo.address();
        if (address == null) {
            holds.add(new HoldReason(NO_SHIP_TO, "The order has no shipping address"));
        } else {
            if (address.lines().isEmpty()) {
                holds.add(new HoldReason(NO_STREET, shipTo.piiRedacted()
                        ? "The channel withheld the street address: the app is not granted the seller's personal data (grant it on the channel)"
                        : "The shipping address has no street line"));
            }
            String country = address.countryCode() == null ? "" : address.countryCode().trim().toUpperCase(Locale.ROOT);
            if (!IsoCodes.isCountry(country)) {
                holds.add(new HoldReason(COUNTRY, "Shipping country '" + address.countryCode() + "' is not an ISO 3166 code"));
            } else {
                Pattern format = POSTCODES.get(country);
                String postcode = address.postalCode() == null ? "" : address.postalCode().trim().toUpperCase(Locale.ROOT);
                if (format != null && !format.matcher(postcode).matches()) {
                    holds.add(new HoldReason(POSTCODE, "Postcode '" + address.postalCode() + "' is not a valid " + country + " postcode"));
                }
            }
        }
        String email = order.buyer() == null ? null : order.buyer().email();
        if (email != null && !email.isBlank() && !EMAIL_SYNTAX.matcher(email.trim()).matches()) {
            holds.add(new HoldReason(EMAIL, "Buyer e-mail '" + email + "' is not a valid address"));
        }
        return holds;
    }
}
