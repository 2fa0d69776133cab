package io.kontor.channel.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.channel.MappedOrder;
import io.kontor.channel.MappingException;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Order;
import io.kontor.model.OrderStatus;
import io.kontor.model.PaymentStatus;
import io.kontor.orders.OrderValidator;
import io.kontor.testing.Lossless;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An order in the shape WooCommerce's REST API v3 documents ("Retrieve an order"): site-zone and GMT times without
 * offsets, amounts as strings, line prices as numbers, a coupon on one line and a partial refund.
 */
class WooCommerceOrderMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STORE = "https://shop.example.com";

    static final String ORDER = """
            {"id": 4711, "parent_id": 0, "number": "4711", "order_key": "wc_order_a1b2c3d4e5f6g", "created_via": "checkout",
             "version": "9.4.2", "status": "processing", "currency": "EUR",
             "date_created": "2026-12-07T10:15:00", "date_created_gmt": "2026-12-07T09:15:00",
             "date_modified": "2026-12-07T10:20:30", "date_modified_gmt": "2026-12-07T09:20:30",
             "discount_total": "5.00", "discount_tax": "0.95", "shipping_total": "4.90", "shipping_tax": "0.93",
             "cart_tax": "9.31", "total": "63.14", "total_tax": "10.24", "prices_include_tax": false,
             "customer_id": 17, "customer_ip_address": "203.0.113.9", "customer_user_agent": "Mozilla/5.0", "customer_note": "Bitte klingeln",
             "billing": {"first_name": "Greta", "last_name": "Hansen", "company": "", "address_1": "Am Markt 2", "address_2": "",
                         "city": "Hamburg", "state": "", "postcode": "20095", "country": "DE", "email": "greta@example.de", "phone": "+49 40 123"},
             "shipping": {"first_name": "Greta", "last_name": "Hansen", "company": "Hansen GmbH", "address_1": "Speicherstadt 5",
                          "address_2": "3. OG", "city": "Hamburg", "state": "", "postcode": "20457", "country": "DE", "phone": ""},
             "payment_method": "stripe", "payment_method_title": "Credit card", "transaction_id": "pi_3Qx",
             "date_paid": "2026-12-07T10:16:00", "date_paid_gmt": "2026-12-07T09:16:00",
             "date_completed": null, "date_completed_gmt": null, "cart_hash": "9f8e",
             "meta_data": [{"id": 901, "key": "_gift_wrap", "value": "yes"}],
             "line_items": [
               {"id": 301, "name": "Organic T-Shirt – Black / M", "product_id": 100, "variation_id": 0, "quantity": 2, "tax_class": "",
                "subtotal": "49.80", "subtotal_tax": "9.46", "total": "44.80", "total_tax": "8.51",
                "taxes": [{"id": 1, "total": "8.51", "subtotal": "9.46"}], "meta_data": [], "sku": "TS-BLK-M", "price": 24.9},
               {"id": 302, "name": "Merino Socks 39–42", "product_id": 106, "variation_id": 207, "quantity": 1, "tax_class": "reduced-rate",
                "subtotal": "4.20", "subtotal_tax": "0.80", "total": "4.20", "total_tax": "0.80",
                "taxes": [{"id": 2, "total": "0.8", "subtotal": "0.8"}], "meta_data": [{"id": 77, "key": "pa_size", "value": "39-42"}],
                "sku": "SK-WOL-3942", "price": 4.2}],
             "tax_lines": [{"id": 310, "rate_code": "DE-MWST-1", "rate_id": 1, "label": "MwSt.", "compound": false,
                            "tax_total": "9.31", "shipping_tax_total": "0.93", "meta_data": []}],
             "shipping_lines": [{"id": 311, "method_title": "Flat rate", "method_id": "flat_rate", "total": "4.90", "total_tax": "0.93",
                                 "taxes": [], "meta_data": []}],
             "fee_lines": [], "coupon_lines": [{"id": 312, "code": "winter5", "discount": "5.00", "discount_tax": "0.95", "meta_data": []}],
             "refunds": [{"id": 320, "reason": "scratched", "total": "-4.20"}],
             "_links": {"self": [{"href": "https://shop.example.com/wp-json/wc/v3/orders/4711"}]}}
            """;

    private final WooCommerceOrderMapper mapper = new WooCommerceOrderMapper();

    @Test
    void aPaidOrderMapsLosslessly() throws Exception {
        JsonNode raw = JSON.readTree(ORDER);
        MappedOrder mapped = mapper.mapTracked(raw, STORE);
        Order o = mapped.order();
        OrderValidator.validate(o);
        assertThat(o.channel()).isEqualTo(WooCommerceChannel.WOOCOMMERCE);
        assertThat(o.channelAccount()).isEqualTo(STORE);
        assertThat(o.channelOrderId()).isEqualTo("4711");
        assertThat(o.id()).isEqualTo(Order.idFor(WooCommerceChannel.WOOCOMMERCE, STORE, "4711"));
        // the GMT fields, not the site's wall clock
        assertThat(o.createdAt()).isEqualTo(Instant.parse("2026-12-07T09:15:00Z"));
        assertThat(o.channelUpdatedAt()).isEqualTo(Instant.parse("2026-12-07T09:20:30Z"));
        assertThat(o.status()).isEqualTo(OrderStatus.OPEN);
        assertThat(o.paymentStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(o.fulfillmentStatus()).isEqualTo(FulfillmentStatus.UNFULFILLED);
        assertThat(o.grandTotal().settlement().amount()).isEqualByComparingTo("63.14");
        assertThat(o.taxTotal().settlement().amount()).isEqualByComparingTo("10.24");
        assertThat(o.discountTotal().settlement().amount()).isEqualByComparingTo("5.00");
        assertThat(o.shippingTotal().settlement().amount()).isEqualByComparingTo("4.90");
        assertThat(o.subtotal().settlement().amount()).isEqualByComparingTo("54.00");
        assertThat(o.refundedTotal().settlement().amount()).isEqualByComparingTo("4.20");
        assertThat(o.shipTo().name()).isEqualTo("Greta Hansen");
        assertThat(o.shipTo().company()).isEqualTo("Hansen GmbH");
        assertThat(o.shipTo().address().lines()).containsExactly("Speicherstadt 5", "3. OG");
        assertThat(o.shipTo().address().postalCode()).isEqualTo("20457");
        assertThat(o.buyer().channelPartyId()).isEqualTo("17");
        assertThat(o.buyer().email()).isEqualTo("greta@example.de");
        assertThat(o.lines()).hasSize(2);
        assertThat(o.lines().get(0).sku()).isEqualTo("TS-BLK-M");
        assertThat(o.lines().get(0).unitPrice().settlement().amount()).isEqualByComparingTo("24.90");
        assertThat(o.lines().get(0).discount().settlement().amount()).isEqualByComparingTo("5.00");
        assertThat(o.lines().get(1).productRefs()).containsEntry("product_id", "106").containsEntry("variation_id", "207");
        // what has no canonical home stays: the customer's note, the coupon, the payment method, the line's size
        assertThat(o.extensions()).containsKeys("customer_note", "coupon_lines", "payment_method", "meta_data");
        assertThat(o.lines().get(1).extensions()).containsKey("meta_data");
        Lossless.assertLossless(raw, mapped, "line_items");
    }

    @Test
    void statusesMapAsTheStoreMeansThem() throws Exception {
        assertThat(map(o -> o.put("status", "on-hold").putNull("date_paid_gmt")).paymentStatus()).isEqualTo(PaymentStatus.PENDING);
        assertThat(map(o -> o.put("status", "on-hold").putNull("date_paid_gmt")).status()).isEqualTo(OrderStatus.OPEN);
        assertThat(map(o -> o.put("status", "pending").putNull("date_paid_gmt")).status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        Order completed = map(o -> o.put("status", "completed"));
        assertThat(completed.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(completed.lines()).allSatisfy(l -> assertThat(l.qtyFulfilled()).isEqualTo(l.qtyOrdered()));
        Order cancelled = map(o -> o.put("status", "cancelled"));
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isEqualTo(Instant.parse("2026-12-07T09:20:30Z"));
        assertThat(map(o -> o.put("status", "refunded")).paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(map(o -> o.put("status", "failed")).paymentStatus()).isEqualTo(PaymentStatus.FAILED);
    }

    @Test
    void whatCannotBeTrustedIsRefusedWithItsReason() {
        assertThatThrownBy(() -> map(o -> o.put("status", "wc-awaiting-shipment"))).isInstanceOf(MappingException.class)
                .hasMessageContaining("Unknown WooCommerce order status 'wc-awaiting-shipment'");
        assertThatThrownBy(() -> map(o -> o.remove("date_modified_gmt"))).isInstanceOf(MappingException.class).hasMessageContaining("date_modified_gmt");
        assertThatThrownBy(() -> map(o -> o.put("date_modified_gmt", "07.12.2026"))).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> map(o -> o.put("total", "12,50"))).isInstanceOf(MappingException.class).hasMessageContaining("total");
        assertThatThrownBy(() -> map(o -> o.put("id", 0))).isInstanceOf(MappingException.class);
        // three decimals in a two-decimal currency (the store's dp=3) is not rounded silently
        assertThatThrownBy(() -> map(o -> o.put("total", "63.145"))).isInstanceOf(MappingException.class);
    }

    @Test
    void aVirtualOrderHasNoShipTo() throws Exception {
        Order o = map(n -> {
            ObjectNode s = (ObjectNode) n.get("shipping");
            s.put("address_1", "").put("city", "").put("postcode", "").put("country", "");
        });
        assertThat(o.shipTo()).isNull();
        assertThat(o.billTo().address().city()).isEqualTo("Hamburg");
    }

    private Order map(java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(ORDER);
        change.accept(node);
        return mapper.map(node, STORE);
    }
}
