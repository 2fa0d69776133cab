package io.kontor.orders;

import io.kontor.model.HoldReason;
import io.kontor.model.Address;
import io.kontor.model.Channel;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;
import io.kontor.model.PaymentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What holds an order: payment not captured, an address carriers refuse, an e-mail that cannot be written to. */
class OrderChecksTest {

    private final OrderChecks checks = new OrderChecks(EnumSet.of(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED));

    @ParameterizedTest(name = "{0} {1} -> held: {2}")
    @CsvSource({
            "DE, 50667, false", "DE, 5066, true", "DE, 50667a, true",
            "AT, 1010, false", "AT, 10100, true",
            "CH, 8001, false", "CH, CH-8001, true",
            "FR, 75008, false", "FR, 7500, true",
            "NL, 1012 AB, false", "NL, 1012AB, false", "NL, 0123 AB, true", "NL, 1012, true",
            "GB, SW1A 1AA, false", "GB, EC1A1BB, false", "GB, M1 1AE, false", "GB, 12345, true",
            "US, 10001, false", "US, 10001-1234, false", "US, 1000, true",
            "IT, 00100, false"})
    void postcodesFollowTheirCountrysFormat(String country, String postcode, boolean held) {
        List<HoldReason> holds = checks.holdsFor(order(PaymentStatus.PAID, OrderStatus.OPEN, country, postcode, "a@example.com"));
        assertThat(holds.stream().anyMatch(h -> h.code().equals(OrderChecks.POSTCODE))).isEqualTo(held);
    }

    @Test
    void paymentNotCapturedHoldsAndPaidReleases() {
        assertThat(checks.holdsFor(order(PaymentStatus.PENDING, OrderStatus.PENDING_PAYMENT, "DE", "50667", null)))
                .extracting(HoldReason::code).containsExactly(OrderChecks.PAYMENT);
        assertThat(checks.holdsFor(order(PaymentStatus.AUTHORIZED, OrderStatus.OPEN, "DE", "50667", null)))
                .extracting(HoldReason::code).containsExactly(OrderChecks.PAYMENT);
        assertThat(checks.holdsFor(order(PaymentStatus.PAID, OrderStatus.OPEN, "DE", "50667", null))).isEmpty();
        // wholesale on terms has no payment status: no gate
        assertThat(checks.holdsFor(order(null, OrderStatus.OPEN, "DE", "50667", null))).isEmpty();
        // a shop that ships authorised orders configures the gate without AUTHORIZED
        assertThat(new OrderChecks(EnumSet.of(PaymentStatus.PENDING)).holdsFor(order(PaymentStatus.AUTHORIZED, OrderStatus.OPEN, "DE", "50667", null))).isEmpty();
    }

    @Test
    void addressAndEmailProblemsAreEachNamed() {
        assertThat(checks.holdsFor(order(PaymentStatus.PAID, OrderStatus.OPEN, "XX", "1", "not-an-address")))
                .extracting(HoldReason::code).containsExactly(OrderChecks.COUNTRY, OrderChecks.EMAIL);
        assertThat(checks.holdsFor(order(PaymentStatus.PAID, OrderStatus.OPEN, null, null, "jörg.müller@example.de"))).extracting(HoldReason::code)
                .containsExactly(OrderChecks.NO_SHIP_TO);
        assertThat(checks.holdsFor(order(PaymentStatus.PAID, OrderStatus.OPEN, "DE", "50667", "a b@example.com")))
                .extracting(HoldReason::message).containsExactly("Buyer e-mail 'a b@example.com' is not a valid address");
    }

    @Test
    void anAddressWithoutStreetIsHeldAndAWithheldOneSaysSo() {
        Order withheld = withShipTo(order(PaymentStatus.PAID, OrderStatus.OPEN, "DE", "20095", null),
                new Party(PartyRole.SHIP_TO, null, null, null, null, null, null, null, null, null,
                        new Address(List.of(), "Hamburg", null, "Hamburg", null, "20095", "DE", null), true));
        assertThat(checks.holdsFor(withheld)).extracting(HoldReason::code).containsExactly(OrderChecks.NO_STREET);
        assertThat(checks.holdsFor(withheld).get(0).message()).contains("withheld");
        Order noStreet = withShipTo(withheld, new Party(PartyRole.SHIP_TO, null, "Jörg Müller", null, null, null, null, null, null, null,
                new Address(List.of(), "Hamburg", null, null, null, "20095", "DE", null), false));
        assertThat(checks.holdsFor(noStreet).get(0).message()).isEqualTo("The shipping address has no street line");
    }

    @Test
    void ordersThatAreDoneAreNeverHeld() {
        for (OrderStatus done : List.of(OrderStatus.CANCELLED, OrderStatus.SHIPPED, OrderStatus.CLOSED)) {
            assertThat(checks.holdsFor(order(PaymentStatus.PENDING, done, "XX", "?", "broken"))).isEmpty();
        }
    }

    @Test
    void anOrderCarryingAnotherOrdersIdIsRefusedBeforeItReachesTheQueue() throws Exception {
        Order order = order(PaymentStatus.PAID, OrderStatus.OPEN, "DE", "50667", "joerg@example.com");
        OrderValidator.validate(order);
        com.fasterxml.jackson.databind.ObjectMapper json = org.springframework.http.converter.json.Jackson2ObjectMapperBuilder.json().build();
        com.fasterxml.jackson.databind.node.ObjectNode tree = json.valueToTree(order);
        tree.put("id", Order.idFor(Channel.of("SHOPIFY"), "s", "2"));
        Order misnamed = json.treeToValue(tree, Order.class);
        assertThatThrownBy(() -> OrderValidator.validate(misnamed)).isInstanceOf(io.kontor.platform.BadInputException.class)
                .hasMessageContaining("is not the id of this channel, account and order id");
    }

    private static Order withShipTo(Order o, Party shipTo) {
        return new Order(o.schemaVersion(), o.id(), o.channel(), o.channelAccount(), o.marketplaceId(), o.channelOrderId(), o.orderNumber(),
                o.createdAt(), o.channelUpdatedAt(), o.cancelledAt(), o.status(), o.paymentStatus(), o.fulfillmentStatus(), o.rawStatuses(),
                o.fulfilledBy(), o.currency(), o.presentmentCurrency(), o.subtotal(), o.shippingTotal(), o.taxTotal(), o.discountTotal(),
                o.grandTotal(), o.refundedTotal(), o.buyer(), shipTo, o.billTo(), o.lines(), o.sourceApiVersion(), o.extensions(), o.raw());
    }

    private static Order order(PaymentStatus payment, OrderStatus status, String country, String postcode, String email) {
        Address address = country == null ? null : new Address(List.of("Hohe Straße 12"), "Köln", null, null, null, postcode, country, null);
        Party buyer = new Party(PartyRole.BUYER, null, "Jörg Müller", "Jörg", "Müller", null, email, null, null, null, null, false);
        Party shipTo = address == null ? null : new Party(PartyRole.SHIP_TO, null, "Jörg Müller", null, null, null, null, null, null, null, address, false);
        MoneySet total = MoneySet.single(Money.of("10.00", "EUR"));
        return new Order(Order.SCHEMA_VERSION, Order.idFor(Channel.of("SHOPIFY"), "s", "1"), Channel.of("SHOPIFY"), "s", null, "1", "#1",
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T10:00:00Z"), null, status, payment,
                FulfillmentStatus.UNFULFILLED, Map.of(), null, "EUR", "EUR", total, null, null, null, total, null,
                buyer, shipTo, null, List.of(), "test", Map.of(), null);
    }
}
