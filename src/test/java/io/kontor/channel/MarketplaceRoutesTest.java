package io.kontor.channel;

import io.kontor.platform.BadInputException;
import io.kontor.platform.TransientChannelException;
import io.kontor.shipping.spi.ShipmentNotice;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route files of the polled marketplaces (Shopify, Amazon, eBay) on their own, each with the same questions: a
 * page becomes one Kafka batch, an empty page sends nothing, a page that cannot be mapped is quarantined with nothing
 * sent; each shipped parcel's outcome is recorded on its own, a refusal for one not stopping the others.
 */
class MarketplaceRoutesTest {

    enum Marketplace {
        SHOPIFY("routes/orders/shopify-orders.yaml", "shopify-orders", "shopifyOrders", "shopify-shipment-confirmations",
                "shopifyShipmentConfirmer", "kontor.channels.shopify.shop-domain", "shop.myshopify.com",
                List.of("shopifyOrdersPoller")),
        AMAZON("routes/orders/amazon-orders.yaml", "amazon-orders", "amazonOrders", "amazon-shipment-confirmations",
                "amazonShipmentConfirmer", "kontor.channels.amazon.seller-id", "A1SELLER",
                List.of("amazonOrdersPoller", "amazonOrderNotifications")),
        EBAY("routes/orders/ebay-orders.yaml", "ebay-orders", "ebayOrders", "ebay-shipment-confirmations",
                "ebayShipmentConfirmer", "kontor.channels.ebay.seller-id", "ebay-seller",
                List.of("ebayOrdersPoller"));

        final String file;
        final String pollRoute;
        final String source;
        final String confirmRoute;
        final String confirmer;
        final String accountProperty;
        final String account;
        final List<String> otherBeans;

        Marketplace(String file, String pollRoute, String source, String confirmRoute, String confirmer, String accountProperty,
                    String account, List<String> otherBeans) {
            this.file = file;
            this.pollRoute = pollRoute;
            this.source = source;
            this.confirmRoute = confirmRoute;
            this.confirmer = confirmer;
            this.accountProperty = accountProperty;
            this.account = account;
            this.otherBeans = otherBeans;
        }
    }

    /** Stands in for a channel's order source: the page's Kafka records, as many as told, or a bad page. */
    public static final class Source {
        int records;
        boolean bad;

        public List<Message> fromPage(Exchange exchange, String routeId, String account) {
            if (bad) {
                throw new BadInputException("An order of the page cannot be read");
            }
            return RouteHarness.records(exchange, records);
        }

        public List<Message> fromPage(Exchange exchange, String routeId, String account, String apiVersion) {
            return fromPage(exchange, routeId, account);
        }
    }

    /** Stands in for shipping's bookkeeping of confirmations. */
    public static final class Confirmations {
        final List<ShipmentNotice> due = new ArrayList<>();
        final List<String> confirmed = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        String asked;

        public List<ShipmentNotice> due(String channel, String account, int limit) {
            asked = channel + " " + account;
            return List.copyOf(due);
        }

        public void confirmed(ShipmentNotice notice, Object references) {
            confirmed.add(notice.trackingNumber() + " " + references);
        }

        public void failed(ShipmentNotice notice, Exception e) {
            failed.add(notice.trackingNumber() + " " + e.getClass().getSimpleName());
        }
    }

    /** Stands in for a channel's confirmer: refuses parcels whose tracking number starts with REFUSE, fails on DOWN. */
    public static final class Confirmer {
        public List<String> confirm(ShipmentNotice notice, String account, String baseUrl, String third, String clientId) {
            if (notice.trackingNumber().startsWith("REFUSE")) {
                throw new IllegalStateException("the channel refused it");
            }
            if (notice.trackingNumber().startsWith("DOWN")) {
                throw new TransientChannelException("503");
            }
            return List.of("ref-" + notice.trackingNumber());
        }
    }

    /** What the file's other routes and their kamelets call; none of them runs here. */
    public static final class Idle {
        public void begin(Exchange exchange) {
        }

        public void nextRequest(Exchange exchange) {
        }

        public void authorize(Exchange exchange) {
        }

        public String readPage(Exchange exchange) {
            return "[]";
        }

        public void commitPage(Exchange exchange) {
        }

        public boolean morePages(Exchange exchange) {
            return false;
        }

        public String notificationId(Exchange exchange) {
            return null;
        }

        public String order(Exchange exchange) {
            return null;
        }
    }

    private static RouteHarness harness(Marketplace m, Source source, Confirmations confirmations, ParkedMessages deadLetters) throws Exception {
        Map<String, Object> beans = new HashMap<>(Map.of(m.source, source, "shipmentConfirmations", confirmations,
                m.confirmer, new Confirmer(), "deadLetters", deadLetters,
                "amazonOrderNotificationIds", org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository.memoryIdempotentRepository(10)));
        m.otherBeans.forEach(b -> beans.put(b, new Idle()));
        // the channels' files hold their stock sync too (StockSyncRoutesTest asks its questions)
        beans.put("stockSync", new StockSyncRoutesTest.Sync());
        beans.put("shopifyStockPublisher", new StockSyncRoutesTest.Publisher());
        beans.put("ebayStockPublisher", new StockSyncRoutesTest.EbayPublisher());
        beans.put("ebayStockReader", new StockSyncRoutesTest.EbayReader());
        beans.put("amazonStockReader", new StockSyncRoutesTest.AmazonReader());
        beans.put("heldStock", new StockSyncRoutesTest.Held());
        beans.put("amazonStockPublisher", new StockSyncRoutesTest.AmazonPublisher());
        beans.put("amazonStockFeeds", new StockSyncRoutesTest.AmazonFeeds());
        return new RouteHarness(RouteHarness.applicationProperties(Map.of(
                "kontor.channels.shopify.enabled", "false", "kontor.channels.amazon.enabled", "false", "kontor.channels.ebay.enabled", "false",
                "kontor.channels.amazon.notifications.enabled", "false", "kontor.shipping.confirm-interval", "60000",
                m.accountProperty, m.account, "kontor.topics.orders", "orders", "kontor.stock.sync-enabled", "false")), beans,
                "routes/stock/stock-sync.yaml", m.file);
    }

    @ParameterizedTest
    @EnumSource(Marketplace.class)
    void aPageIsOneKafkaBatchAndABadPageIsQuarantinedWithNothingSent(Marketplace m) throws Exception {
        Source source = new Source();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(m, source, new Confirmations(), deadLetters)) {
            h.drive(m.pollRoute).start(m.pollRoute);
            source.records = 3;
            assertThat(h.send(m.pollRoute, "[...]", Map.of()).getException()).isNull();
            assertThat(h.kafka().getReceivedCounter()).as("one batch for the page").isEqualTo(1);
            assertThat(h.kafka().getExchanges().get(0).getMessage().getBody(List.class)).hasSize(3);

            source.records = 0;
            assertThat(h.send(m.pollRoute, "[]", Map.of()).getException()).isNull();
            assertThat(h.kafka().getReceivedCounter()).as("an empty page sends nothing").isEqualTo(1);

            source.bad = true;
            assertThat(h.send(m.pollRoute, "[{}]", Map.of()).getException()).as("handled by the error policy").isNull();
            assertThat(deadLetters.parked).singleElement().satisfies(e ->
                    assertThat(e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).isInstanceOf(BadInputException.class));
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Marketplace.class)
    void eachParcelsOutcomeIsRecordedOnItsOwn(Marketplace m) throws Exception {
        Confirmations confirmations = new Confirmations();
        confirmations.due.addAll(List.of(notice(m, "JJD-1"), notice(m, "REFUSE-2"), notice(m, "DOWN-3"), notice(m, "JJD-4")));
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(m, new Source(), confirmations, deadLetters)) {
            h.drive(m.confirmRoute).start(m.confirmRoute);
            assertThat(h.send(m.confirmRoute, null, Map.of()).getException()).isNull();
        }
        assertThat(confirmations.asked).isEqualTo(m.name() + " " + m.account);
        assertThat(confirmations.confirmed).containsExactly("JJD-1 [ref-JJD-1]", "JJD-4 [ref-JJD-4]");
        assertThat(confirmations.failed).containsExactly("REFUSE-2 IllegalStateException", "DOWN-3 TransientChannelException");
        assertThat(deadLetters.parked).as("a parcel's failure is its own record, not a dead letter").isEmpty();
    }

    private static ShipmentNotice notice(Marketplace m, String tracking) {
        return new ShipmentNotice(UUID.randomUUID(), UUID.randomUUID(), m.name(), m.account, "4711", "4711", null, "DE-KOELN",
                List.of(new ShipmentNotice.Line("301", "TS-BLK-M", 1)), "DHL", "DHL Paket", null, tracking, null, Instant.now(), 1, 1, null, null);
    }
}
