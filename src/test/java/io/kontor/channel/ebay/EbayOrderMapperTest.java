package io.kontor.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.model.Money;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.PaymentStatus;
import io.kontor.orders.OrderValidator;
import io.kontor.sandbox.ebay.EbayTrafficGenerator;
import io.kontor.sandbox.ebay.SandboxEbaySeller;
import io.kontor.testing.Lossless;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sell Fulfillment API orders to canonical: the contract's example, converted amounts, and the sandbox seller's traffic. */
class EbayOrderMapperTest {

    private final ObjectMapper json = new ObjectMapper();
    private final EbayOrderMapper mapper = new EbayOrderMapper();

    private static final String EXAMPLE = """
            {"orderId":"12-34567-89012","legacyOrderId":"110000000001-10000000001","creationDate":"2025-06-01T10:00:00.000Z",
             "lastModifiedDate":"2025-06-01T10:05:00.000Z","orderFulfillmentStatus":"NOT_STARTED","orderPaymentStatus":"PAID",
             "sellerId":"my_store","buyer":{"username":"buyer_jane"},
             "pricingSummary":{"priceSubtotal":{"value":"39.98","currency":"USD"},"deliveryCost":{"value":"5.00","currency":"USD"},
               "tax":{"value":"3.01","currency":"USD"},"total":{"value":"47.99","currency":"USD"}},
             "cancelStatus":{"cancelState":"NONE_REQUESTED","cancelRequests":[]},
             "paymentSummary":{"payments":[{"paymentMethod":"EBAY","paymentReferenceId":"P1","paymentDate":"2025-06-01T10:00:05.000Z",
               "amount":{"value":"47.99","currency":"USD"},"paymentStatus":"PAID"}],"refunds":[],"totalDueSeller":{"value":"42.10","currency":"USD"}},
             "fulfillmentStartInstructions":[{"fulfillmentInstructionsType":"SHIP_TO","ebaySupportedFulfillment":false,
               "shippingStep":{"shippingCarrierCode":"USPS","shippingServiceCode":"USPSPriority",
                 "shipTo":{"fullName":"Jane Doe","contactAddress":{"addressLine1":"1 Main St","city":"San Jose","stateOrProvince":"CA",
                   "postalCode":"95125","country":"US"},"primaryPhone":{"phoneNumber":"4085551234"},"email":"x@members.ebay.com"}}}],
             "fulfillmentHrefs":[],
             "lineItems":[{"lineItemId":"10000000001","legacyItemId":"110000000001","sku":"TS-M","title":"T-Shirt M","quantity":2,
               "soldFormat":"FIXED_PRICE","listingMarketplaceId":"EBAY_US","purchaseMarketplaceId":"EBAY_US","lineItemFulfillmentStatus":"NOT_STARTED",
               "lineItemCost":{"value":"39.98","currency":"USD"},"deliveryCost":{"shippingCost":{"value":"5.00","currency":"USD"}},
               "taxes":[{"taxType":"STATE_SALES_TAX","amount":{"value":"3.01","currency":"USD"}}],"appliedPromotions":[],"refunds":[],
               "total":{"value":"47.99","currency":"USD"},"lineItemFulfillmentInstructions":{"shipByDate":"2025-06-03T23:59:59.000Z","guaranteedDelivery":false}}]}""";

    @Test
    void theContractsExampleMapsWithoutLoss() throws IOException {
        JsonNode raw = json.readTree(EXAMPLE);
        MappedOrder m = mapper.mapTracked(raw, "my_store");
        Order o = m.order();
        OrderValidator.validate(o);
        Lossless.assertLossless(raw, m, "lineItems");
        assertThat(o.channelOrderId()).isEqualTo("12-34567-89012");
        assertThat(o.orderNumber()).isEqualTo("110000000001-10000000001");
        assertThat(o.marketplaceId()).isEqualTo("EBAY_US");
        assertThat(o.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(o.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        assertThat(o.grandTotal().settlement()).isEqualTo(Money.of("47.99", "USD"));
        assertThat(o.shippingTotal().settlement()).isEqualTo(Money.of("5.00", "USD"));
        assertThat(o.buyer().channelPartyId()).isEqualTo("buyer_jane");
        assertThat(o.buyer().email()).isEqualTo("x@members.ebay.com");
        assertThat(o.shipTo().address().countryCode()).isEqualTo("US");
        assertThat(o.shipTo().address().lines()).containsExactly("1 Main St");
        assertThat(o.shipTo().phone()).isEqualTo("4085551234");
        OrderLine l = o.lines().get(0);
        assertThat(l.unitPrice().settlement()).isEqualTo(Money.of("19.99", "USD"));
        assertThat(l.tax().settlement()).isEqualTo(Money.of("3.01", "USD"));
        assertThat(l.productRefs()).containsEntry("legacyItemId", "110000000001");
        assertThat(o.extensions()).containsKeys("fulfillmentStartInstructions[0].shippingStep.shippingCarrierCode", "paymentSummary.payments");
    }

    @Test
    void aConvertedAmountKeepsTheBuyersCurrencyAsPresentmentAndACancelledOrderIsRefunded() throws IOException {
        String converted = EXAMPLE.replace("\"total\":{\"value\":\"47.99\",\"currency\":\"USD\"}},",
                        "\"total\":{\"value\":\"47.99\",\"currency\":\"USD\",\"convertedFromValue\":\"44.10\",\"convertedFromCurrency\":\"EUR\"}},")
                .replace("\"cancelState\":\"NONE_REQUESTED\"", "\"cancelState\":\"CANCELED\",\"cancelledDate\":\"2025-06-01T11:00:00.000Z\"")
                .replace("\"orderPaymentStatus\":\"PAID\"", "\"orderPaymentStatus\":\"FULLY_REFUNDED\"")
                .replace("\"refunds\":[],\"totalDueSeller\"", "\"refunds\":[{\"refundId\":\"R1\",\"refundStatus\":\"REFUNDED\",\"amount\":{\"value\":\"47.99\",\"currency\":\"USD\"}}],\"totalDueSeller\"");
        Order o = mapper.map(json.readTree(converted), "my_store");
        assertThat(o.presentmentCurrency()).isEqualTo("EUR");
        assertThat(o.grandTotal().presentment()).isEqualTo(Money.of("44.10", "EUR"));
        assertThat(o.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(o.cancelledAt()).isEqualTo(Instant.parse("2025-06-01T11:00:00Z"));
        assertThat(o.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(o.refundedTotal().settlement()).isEqualTo(Money.of("47.99", "USD"));
        assertThat(o.lines().get(0).qtyCancelled()).isEqualTo(2);
    }

    @Test
    void sandboxOrdersMapWithoutLossThroughEveryStage() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        SandboxEbaySeller seller = new SandboxEbaySeller("s");
        EbayTrafficGenerator generator = new EbayTrafficGenerator(seller, 3, clock);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            ids.add(generator.createOrder(Duration.ZERO));
            clock.advance(Duration.ofSeconds(1));
        }
        for (int i = 0; i < 60; i++) {
            clock.advance(Duration.ofSeconds(1));
            generator.updateRandomOrder();
        }
        java.util.Set<OrderStatus> seen = java.util.EnumSet.noneOf(OrderStatus.class);
        for (String id : ids) {
            JsonNode raw = json.valueToTree(seller.get(id).orElseThrow());
            MappedOrder m = mapper.mapTracked(raw, "s");
            OrderValidator.validate(m.order());
            Lossless.assertLossless(raw, m, "lineItems");
            seen.add(m.order().status());
            assertThat(m.order().grandTotal().settlement()).isEqualTo(m.order().subtotal().settlement().plus(m.order().shippingTotal().settlement()));
        }
        assertThat(seen).contains(OrderStatus.OPEN, OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.PARTIALLY_SHIPPED);
    }

    @Test
    void refusesWhatItCannotMap() throws IOException {
        assertThatThrownBy(() -> mapper.map(json.readTree(EXAMPLE.replace("\"NOT_STARTED\",\"orderPaymentStatus\"", "\"LOST\",\"orderPaymentStatus\"")), "s"))
                .isInstanceOf(MappingException.class).hasMessageContaining("LOST");
        assertThatThrownBy(() -> mapper.map(json.readTree(EXAMPLE.replace("\"lastModifiedDate\":\"2025-06-01T10:05:00.000Z\",", "")), "s"))
                .isInstanceOf(MappingException.class).hasMessageContaining("lastModifiedDate");
        assertThatThrownBy(() -> mapper.map(json.readTree(EXAMPLE.replace("\"value\":\"47.99\",\"currency\":\"USD\"}},", "\"value\":\"47.999\",\"currency\":\"USD\"}},")), "s"))
                .isInstanceOf(MappingException.class).hasMessageContaining("47.999");
    }
}
