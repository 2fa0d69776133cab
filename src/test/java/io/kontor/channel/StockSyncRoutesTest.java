package io.kontor.channel;

import io.kontor.platform.TransientChannelException;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel-stock-sync route template, as the Shopify file instantiates it: the figures due go through the stock sink
 * as one batch and its answers back to the stock workflow; a batch the shop did not take goes back whole as failed (to
 * be sent again), not to the dead letters; nothing due, nothing sent. Its stand-ins serve the other route tests too.
 */
class StockSyncRoutesTest {

    /** Stands in for the stock workflow's bookkeeping. */
    public static final class Sync {
        final List<StockUpdate> due = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        public int plan(int limit) {
            return 0;
        }

        public int forgetOutcomesOlderThan(int days) {
            return 0;
        }

        public List<StockUpdate> due(String channel, String account, int limit, int minimum, int yieldAt) {
            log.add("due " + channel + " " + account + " " + limit + (minimum > 1 ? " at least " + minimum : "")
                    + (yieldAt > 0 ? " below " + yieldAt : ""));
            List<StockUpdate> out = List.copyOf(due);
            due.clear();
            return out;
        }

        public void pushed(List<StockUpdate> updates, List<StockPushResult> results) {
            log.add("pushed " + updates.size() + " " + results.stream().map(r -> r.outcome().name()).toList());
        }

        public void failed(List<StockUpdate> updates, Exception e) {
            log.add("failed " + updates.size() + " " + e.getClass().getSimpleName());
        }

        public java.util.Map<io.kontor.stock.spi.ChannelStockReports.Verdict, Integer> reportedAll(String channel, String account,
                                                                                                 List<io.kontor.stock.spi.ChannelStockReports.Report> reports) {
            log.add("reported " + channel + " " + account + " " + reports.stream().map(r -> r.sku() + "=" + r.quantity()).toList());
            return java.util.Map.of();
        }
    }

    /** Stands in for Amazon's reads: nothing read back, nothing held. */
    public static final class AmazonReader {
        public List<io.kontor.stock.spi.ChannelStockReports.Report> listings(String seller, String baseUrl, String tokenUrl, String clientId, int skus,
                                                                             String settle) {
            return List.of();
        }

        public List<io.kontor.stock.spi.ChannelHeldStock.Held> fulfilmentCentres(String seller, String baseUrl, String tokenUrl, String clientId) {
            return List.of();
        }
    }

    /** Stands in for the stock workflow's record of what channels hold themselves. */
    public static final class Held {
        final List<String> log = new ArrayList<>();

        public int held(String channel, String account, List<io.kontor.stock.spi.ChannelHeldStock.Held> held) {
            log.add("held " + channel + " " + account + " " + held.size());
            return held.size();
        }
    }

    /** Stands in for eBay's read of its inventory items: two figures. */
    public static final class EbayReader {
        public List<io.kontor.stock.spi.ChannelStockReports.Report> read(String seller, String baseUrl, String tokenUrl, String clientId, int pageSize) {
            return List.of(new io.kontor.stock.spi.ChannelStockReports.Report("TS-BLK-M", "", 7, Instant.now()),
                    new io.kontor.stock.spi.ChannelStockReports.Report("CP-GRY", "", 0, Instant.now()));
        }
    }

    /** Stands in for a channel's stock sink: acknowledges every figure, or is down. */
    public static final class Publisher {
        boolean down;
        int calls;

        public List<StockPushResult> push(List<StockUpdate> updates, String shop, String baseUrl, String apiVersion, String clientId) {
            calls++;
            if (down) {
                throw new TransientChannelException("Shopify answered 503");
            }
            return updates.stream().map(u -> u.sku().startsWith("X") ? StockPushResult.notListed("no item") : StockPushResult.acknowledged()).toList();
        }

    }

    /** eBay's sink takes the SKUs per call besides. */
    public static final class EbayPublisher {
        public List<StockPushResult> push(List<StockUpdate> updates, String seller, String baseUrl, String tokenUrl, String clientId, int perCall) {
            return updates.stream().map(u -> StockPushResult.acknowledged()).toList();
        }
    }

    /** Amazon's feeds: each batch one feed (answered submitted), and the answers of the feeds processed since. */
    public static final class AmazonFeeds {
        final List<String> log = new ArrayList<>();
        final List<io.kontor.channel.amazon.AmazonStockFeeds.Answered> processed = new ArrayList<>();

        public List<StockPushResult> submit(List<StockUpdate> updates, String seller, String baseUrl, String tokenUrl, String clientId, String type) {
            log.add("feed of " + updates.size() + " for " + seller + " as " + type);
            return updates.stream().map(u -> StockPushResult.submitted()).toList();
        }

        public List<io.kontor.channel.amazon.AmazonStockFeeds.Answered> answered(String seller, String baseUrl, String tokenUrl, String clientId) {
            List<io.kontor.channel.amazon.AmazonStockFeeds.Answered> out = List.copyOf(processed);
            processed.clear();
            return out;
        }
    }

    /** Amazon's sink takes the product type besides. */
    public static final class AmazonPublisher {
        public List<StockPushResult> push(List<StockUpdate> updates, String seller, String baseUrl, String tokenUrl, String clientId, String type) {
            return updates.stream().map(u -> StockPushResult.acknowledged()).toList();
        }
    }

    private static StockUpdate update(String sku) {
        return new StockUpdate("SHOPIFY", "shop.myshopify.com", sku, "gid://shopify/Location/1", 3, null, UUID.randomUUID(), Instant.now());
    }

    @Test
    void eBaysFiguresReadBackGoToTheStockWorkflowAsOneRead() throws Exception {
        Sync sync = new Sync();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = new RouteHarness(RouteHarness.applicationProperties(Map.of("kontor.channels.ebay.enabled", "false",
                "kontor.channels.ebay.seller-id", "ebay-seller", "kontor.stock.sync-interval", "60000", "kontor.stock.sync-enabled", "false")),
                Map.of("stockSync", sync, "ebayStockReader", new EbayReader(), "ebayStockPublisher", new EbayPublisher(), "deadLetters", deadLetters,
                        "ebayOrders", new MarketplaceRoutesTest.Source(), "ebayOrdersPoller", new MarketplaceRoutesTest.Idle(),
                        "shipmentConfirmations", new MarketplaceRoutesTest.Confirmations(),
                        "ebayShipmentConfirmer", new MarketplaceRoutesTest.Confirmer()),
                "routes/stock/stock-sync.yaml", "routes/orders/ebay-orders.yaml")) {
            h.drive("ebay-stock-read-back").start("ebay-stock-read-back");
            assertThat(h.send("ebay-stock-read-back", new EbayReader().read("ebay-seller", "", "", "", 100), Map.of()).getException()).isNull();
        }
        assertThat(sync.log).containsExactly("reported EBAY ebay-seller [TS-BLK-M=7, CP-GRY=0]");
        assertThat(deadLetters.parked).isEmpty();
    }

    @Test
    void aBatchGoesThroughTheSinkAndEveryAnswerOrTheFailureComesBack() throws Exception {
        Sync sync = new Sync();
        Publisher shop = new Publisher();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = new RouteHarness(RouteHarness.applicationProperties(Map.of("kontor.channels.shopify.enabled", "false",
                "kontor.channels.shopify.shop-domain", "shop.myshopify.com", "kontor.stock.sync-interval", "60000", "kontor.stock.sync-enabled", "false")),
                Map.of("stockSync", sync, "shopifyStockPublisher", shop, "deadLetters", deadLetters,
                        "shopifyOrders", new MarketplaceRoutesTest.Source(),
                        "shopifyOrdersPoller", new MarketplaceRoutesTest.Idle(),
                        "shipmentConfirmations", new MarketplaceRoutesTest.Confirmations(),
                        "shopifyShipmentConfirmer", new MarketplaceRoutesTest.Confirmer()),
                "routes/stock/stock-sync.yaml", "routes/orders/shopify-orders.yaml")) {
            h.drive("shopify-stock-sync").start("shopify-stock-sync");

            assertThat(h.send("shopify-stock-sync", null, Map.of()).getException()).isNull();
            assertThat(shop.calls).as("nothing due, nothing sent").isZero();

            sync.due.addAll(List.of(update("TS-BLK-M"), update("XX-1")));
            assertThat(h.send("shopify-stock-sync", null, Map.of()).getException()).isNull();
            shop.down = true;
            sync.due.addAll(List.of(update("TS-BLK-M"), update("CP-GRY"), update("MG-CER-350")));
            assertThat(h.send("shopify-stock-sync", null, Map.of()).getException()).isNull();
        }
        assertThat(sync.log).containsExactly("due SHOPIFY shop.myshopify.com 50", "due SHOPIFY shop.myshopify.com 50",
                "pushed 2 [ACKNOWLEDGED, NOT_LISTED]", "due SHOPIFY shop.myshopify.com 50", "failed 3 TransientChannelException");
        assertThat(deadLetters.parked).as("a batch the shop did not take is sent again, not parked").isEmpty();
    }

    @Test
    void aBacklogGoesToAmazonAsOneFeedAndTheFeedsAnswersComeBackAsAPatchsWould() throws Exception {
        Sync sync = new Sync();
        AmazonFeeds feeds = new AmazonFeeds();
        ParkedMessages deadLetters = new ParkedMessages();
        Map<String, Object> beans = new java.util.HashMap<>(Map.of("stockSync", sync, "amazonStockFeeds", feeds, "deadLetters", deadLetters,
                "amazonOrders", new MarketplaceRoutesTest.Source(), "amazonOrdersPoller", new MarketplaceRoutesTest.Idle(),
                "amazonOrderNotifications", new MarketplaceRoutesTest.Idle(), "shipmentConfirmations", new MarketplaceRoutesTest.Confirmations(),
                "amazonShipmentConfirmer", new MarketplaceRoutesTest.Confirmer(), "amazonStockReader", new AmazonReader(),
                "heldStock", new Held()));
        beans.put("amazonStockPublisher", new AmazonPublisher());
        beans.put("amazonOrderNotificationIds", org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository.memoryIdempotentRepository(10));
        try (RouteHarness h = new RouteHarness(RouteHarness.applicationProperties(Map.of("kontor.channels.amazon.enabled", "false",
                "kontor.channels.amazon.notifications.enabled", "false", "kontor.channels.amazon.seller-id", "A1SELLER",
                "kontor.stock.sync-interval", "60000", "kontor.stock.sync-enabled", "false", "kontor.shipping.confirm-interval", "60000")),
                beans, "routes/stock/stock-sync.yaml", "routes/orders/amazon-orders.yaml")) {
            h.drive("amazon-stock-sync").drive("amazon-stock-feed").drive("amazon-stock-feed-answers")
                    .start("amazon-stock-sync", "amazon-stock-feed", "amazon-stock-feed-answers");
            assertThat(h.send("amazon-stock-sync", null, Map.of()).getException()).isNull();
            sync.due.addAll(List.of(update("TS-BLK-M"), update("CP-GRY")));
            assertThat(h.send("amazon-stock-feed", null, Map.of()).getException()).isNull();

            io.kontor.channel.amazon.AmazonStockFeeds.Answered done = new io.kontor.channel.amazon.AmazonStockFeeds.Answered("50001",
                    List.of(update("TS-BLK-M"), update("CP-GRY")), List.of(StockPushResult.acknowledged(), StockPushResult.refused("8541")));
            assertThat(h.send("amazon-stock-feed-answers", done, Map.of()).getException()).isNull();
        }
        assertThat(feeds.log).containsExactly("feed of 2 for A1SELLER as PRODUCT");
        assertThat(sync.log).containsExactly("due AMAZON A1SELLER 10 below 200", "due AMAZON A1SELLER 10000 at least 200", "pushed 2 [SUBMITTED, SUBMITTED]",
                "pushed 2 [ACKNOWLEDGED, REFUSED]");
        assertThat(deadLetters.parked).isEmpty();
    }
}
