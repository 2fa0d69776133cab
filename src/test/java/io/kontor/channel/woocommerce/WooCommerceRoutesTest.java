package io.kontor.channel.woocommerce;

import io.kontor.platform.TransientChannelException;
import io.kontor.shipping.spi.ShipmentNotice;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** routes/orders/woocommerce-orders.yaml on its own: which delivery is taken, what a failure does, where a parcel's outcome goes. */
class WooCommerceRoutesTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "kontor.channels.woocommerce.enabled", "false", // routes are started by the test, one at a time
            "kontor.channels.woocommerce.poll-interval", "60000",
            "kontor.channels.woocommerce.store-url", "https://shop.example.com",
            "kontor.topics.orders", "orders",
            "kontor.shipping.confirm-interval", "60000");

    /** Stands in for the order source: counts calls, answers one Kafka record per webhook, or fails when told. */
    public static final class Orders {
        final AtomicInteger calls = new AtomicInteger();
        volatile RuntimeException failWith;

        public List<Message> fromWebhook(Exchange exchange, String routeId) {
            calls.incrementAndGet();
            if (failWith != null) {
                throw failWith;
            }
            Message m = new DefaultMessage(exchange);
            m.setBody(exchange.getMessage().getBody(String.class));
            return List.of(m);
        }

        public List<Message> fromPage(Exchange exchange, String routeId) {
            return List.of();
        }
    }

    /** Stands in for shipping's confirmation bookkeeping. */
    public static final class Confirmations {
        final List<ShipmentNotice> due = new ArrayList<>();
        final List<Object[]> confirmed = new ArrayList<>();
        final List<Object[]> failed = new ArrayList<>();
        String account;

        public List<ShipmentNotice> due(String channel, String channelAccount, int limit) {
            account = channel + " " + channelAccount;
            return List.copyOf(due);
        }

        public void confirmed(ShipmentNotice notice, Object references) {
            confirmed.add(new Object[]{notice, references});
        }

        public void failed(ShipmentNotice notice, Exception e) {
            failed.add(new Object[]{notice, e});
        }
    }

    /** Stands in for the store: refuses the parcels whose tracking number starts with "FAIL". */
    public static final class Store {
        public List<String> confirm(ShipmentNotice notice) {
            if (notice.trackingNumber().startsWith("FAIL")) {
                throw new TransientChannelException("WooCommerce answered 503");
            }
            return List.of("note:" + notice.trackingNumber());
        }
    }

    /** The poll's kamelet is created with the file's other routes; it is not started here. */
    public static final class Poller {
        public void begin(Exchange exchange) {
        }

        public String readPage(Exchange exchange) {
            return "[]";
        }

        public void commitPage(Exchange exchange) {
        }
    }

    private static Map<String, Object> beans(Orders orders, Confirmations confirmations) {
        return Map.of("woocommerceOrders", orders, "woocommerceOrdersPoller", new Poller(), "shipmentConfirmations", confirmations,
                "woocommerceShipmentConfirmer", new Store(), "woocommerceWebhookDeliveries", MemoryIdempotentRepository.memoryIdempotentRepository(100),
                "deadLetters", new ParkedMessages());
    }

    @Test
    void eachWebhookDeliveryIsTakenOnceAndAFailureReachesTheCaller() throws Exception {
        Orders orders = new Orders();
        try (RouteHarness h = new RouteHarness(PROPERTIES, beans(orders, new Confirmations()), "routes/orders/woocommerce-orders.yaml")) {
            h.drive("woocommerce-order-webhooks").start("woocommerce-order-webhooks");
            Map<String, Object> first = Map.of(WooCommerceWebhookController.DELIVERY_ID, "woocommerce:41:d-1");
            assertThat(h.send("woocommerce-order-webhooks", "{\"id\":1}", first).getException()).isNull();
            assertThat(h.send("woocommerce-order-webhooks", "{\"id\":1}", first).getException()).isNull();
            assertThat(orders.calls).hasValue(1);
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);

            // the store could not be answered 200: the exception goes back to the controller (503), and the delivery
            // id is not kept, so the same delivery sent again is taken
            orders.failWith = new TransientChannelException("Kafka is away");
            Map<String, Object> second = Map.of(WooCommerceWebhookController.DELIVERY_ID, "woocommerce:41:d-2");
            assertThat(h.send("woocommerce-order-webhooks", "{\"id\":2}", second).getException()).isInstanceOf(TransientChannelException.class);
            orders.failWith = null;
            assertThat(h.send("woocommerce-order-webhooks", "{\"id\":2}", second).getException()).isNull();
            assertThat(orders.calls).hasValue(3);
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(2);
        }
    }

    @Test
    void eachParcelsOutcomeIsRecordedOnItsOwn() throws Exception {
        Confirmations confirmations = new Confirmations();
        confirmations.due.add(notice("JJD-1"));
        confirmations.due.add(notice("FAIL-2"));
        confirmations.due.add(notice("JJD-3"));
        try (RouteHarness h = new RouteHarness(PROPERTIES, beans(new Orders(), confirmations), "routes/orders/woocommerce-orders.yaml")) {
            h.drive("woocommerce-shipment-confirmations").start("woocommerce-shipment-confirmations");
            assertThat(h.send("woocommerce-shipment-confirmations", null, Map.of()).getException()).isNull();
        }
        assertThat(confirmations.account).isEqualTo("WOOCOMMERCE https://shop.example.com");
        assertThat(confirmations.confirmed).extracting(c -> ((ShipmentNotice) c[0]).trackingNumber()).containsExactly("JJD-1", "JJD-3");
        assertThat(confirmations.confirmed.get(0)[1]).isEqualTo(List.of("note:JJD-1"));
        assertThat(confirmations.failed).singleElement().satisfies(f -> {
            assertThat(((ShipmentNotice) f[0]).trackingNumber()).isEqualTo("FAIL-2");
            assertThat((Exception) f[1]).isInstanceOf(TransientChannelException.class);
        });
    }

    private static ShipmentNotice notice(String tracking) {
        return new ShipmentNotice(UUID.randomUUID(), UUID.randomUUID(), "WOOCOMMERCE", "https://shop.example.com", "4711", "4711", null,
                "DE-KOELN", List.of(new ShipmentNotice.Line("301", "TS-BLK-M", 1)), "DHL", "DHL Paket", null, tracking, null,
                Instant.now(), 1, 1, null, null);
    }
}
