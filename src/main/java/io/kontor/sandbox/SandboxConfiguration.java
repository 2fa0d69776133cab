package io.kontor.sandbox;

import io.kontor.sandbox.amazon.AmazonTrafficGenerator;
import io.kontor.sandbox.amazon.SandboxAmazonProperties;
import io.kontor.sandbox.amazon.SandboxAmazonSeller;
import io.kontor.sandbox.amazon.SandboxLoginWithAmazon;
import io.kontor.sandbox.amazon.SellingPartnerApi;
import io.kontor.sandbox.ebay.EbayFulfillmentApi;
import io.kontor.sandbox.ebay.EbayTrafficGenerator;
import io.kontor.sandbox.ebay.SandboxEbayOAuth;
import io.kontor.sandbox.ebay.SandboxEbayProperties;
import io.kontor.sandbox.ebay.SandboxEbaySeller;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.wholesale.SandboxSftpServer;
import io.kontor.sandbox.wholesale.SandboxWholesaleProperties;
import io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator;
import io.kontor.sandbox.shopify.SandboxShopifyAppProperties;
import io.kontor.sandbox.shopify.SandboxShopifyOAuth;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.sandbox.shopify.ShopifyWebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import static io.kontor.sandbox.SandboxState.part;

/**
 * The sandbox: channel emulators served by this app and a generator of business traffic, so a fresh
 * {@code ./mvnw spring-boot:run} shows orders flowing end to end. Off in the {@code prod} profile.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    SandboxSchedules sandboxSchedules() {
        return new SandboxSchedules();
    }

    /** The channels' state under the data directory, saved every few seconds and when the sandbox stops. */
    @Bean
    SandboxState sandboxState(SandboxSchedules schedules,
                              @org.springframework.beans.factory.annotation.Value("${kontor.embedded.data-dir:./data}") java.nio.file.Path dataDir) {
        SandboxState state = new SandboxState(dataDir.resolve("sandbox"));
        schedules.withFixedDelay("sandbox-state", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10), state::save);
        schedules.afterStop(state::save);
        log.info("Sandbox run {} keeps its channels' state in {}", state.run(), dataDir.resolve("sandbox"));
        return state;
    }

    @Bean
    SandboxShop sandboxShop(SandboxState state) {
        SandboxShop shop = new SandboxShop();
        state.track("shopify-orders", part(shop::saved, (saved, json) -> shop.restore(json.convertValue(saved, LIST_OF_MAPS))));
        return shop;
    }

    @Bean
    SandboxShopifyOAuth sandboxShopifyOAuth(ShopifyEmulatorProperties shopProps, SandboxShopifyAppProperties app, SandboxState state) {
        SandboxShopifyOAuth oauth = new SandboxShopifyOAuth(app.clientId(), app.clientSecret(), app.installRefreshToken(), shopProps.accessToken(),
                app.accessTokenLifetime(), Clock.systemUTC());
        state.track("shopify-oauth", part(oauth::saved, (saved, json) -> oauth.restore(json.convertValue(saved, MAP))));
        return oauth;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<java.util.Map<String, Object>>> LIST_OF_MAPS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    @Bean
    ShopifyAdminApi shopifyAdminApi(SandboxShop shop, ShopifyEmulatorProperties props, SandboxShopifyOAuth oauth) {
        return new ShopifyAdminApi(shop, props, oauth, System::nanoTime);
    }

    /** The shop's webhook subscription for the hub's own endpoint; created before the generator starts. */
    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.Lazy(false)
    ShopifyWebhookSender shopifyWebhookSender(SandboxShop shop, ShopifyEmulatorProperties shopProps, SandboxShopifyAppProperties app,
                                              com.fasterxml.jackson.databind.ObjectMapper json, SandboxSchedules schedules,
                                              @org.springframework.beans.factory.annotation.Value("${kontor.channels.shopify.api-version:2026-01}") String apiVersion) {
        ScheduledExecutorService executor = SandboxSchedules.daemonScheduler("sandbox-webhooks");
        ShopifyWebhookSender sender = new ShopifyWebhookSender(
                app.webhookUrl() == null || app.webhookUrl().isBlank() ? null : java.net.URI.create(app.webhookUrl()),
                shopProps.shopDomain(), app.clientSecret(), apiVersion, app.duplicateDeliveryRate(), json, executor);
        schedules.stopWith(sender);
        if (app.webhookUrl() != null && !app.webhookUrl().isBlank()) {
            shop.onChange(sender::changed);
            log.info("Sandbox Shopify shop delivers order webhooks to {}", app.webhookUrl());
        }
        return sender;
    }

    @Bean
    @DependsOn("shopifyWebhookSender")
    ShopifyTrafficGenerator shopifyTrafficGenerator(SandboxShop shop, ShopifyEmulatorProperties props, SandboxState state,
                                                    @org.springframework.beans.factory.annotation.Value("${kontor.fulfilment.enabled:false}") boolean hubShips) {
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, state.seed(props.seed()), Clock.systemUTC());
        generator.sellerShips(!hubShips);
        state.track("shopify-traffic", part(generator::openOrders, (saved, json) -> generator.restoreOpen(json.convertValue(saved,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<Long, java.time.Instant>>() {
                }))));
        return generator;
    }

    /** Drives the shop's generator at the configured rate. */
    @Bean
    @DependsOn("shopifyTrafficGenerator")
    SandboxSchedules.Job sandboxTraffic(ShopifyTrafficGenerator generator, ShopifyEmulatorProperties props, SandboxSchedules schedules) {
        if (props.ordersPerSecond() > 0) {
            log.info("Sandbox Shopify shop {} receives about {} new orders/s", props.shopDomain(), props.ordersPerSecond());
        }
        return drive(schedules, "sandbox-traffic", props.ordersPerSecond(), props.updatesPerOrder(), generator::createOrder,
                generator::updateRandomOrder);
    }

    @Bean
    SandboxAmazonSeller sandboxAmazonSeller(SandboxAmazonProperties props, SandboxState state) {
        SandboxAmazonSeller seller = new SandboxAmazonSeller(props.sellerId());
        state.track("amazon-orders", part(seller::saved, (saved, json) -> seller.restore(json.convertValue(saved,
                new com.fasterxml.jackson.core.type.TypeReference<List<SandboxAmazonSeller.StoredOrder>>() {
                }))));
        return seller;
    }

    @Bean
    SandboxLoginWithAmazon sandboxLoginWithAmazon(SandboxAmazonProperties props) {
        return new SandboxLoginWithAmazon(props.clientId(), props.clientSecret(), props.refreshToken(), props.accessTokenLifetime(),
                Clock.systemUTC());
    }

    /** The seller's SQS queue for Amazon's ORDER_CHANGE notifications, served at /sandbox/sqs. */
    @Bean
    io.kontor.sandbox.amazon.SandboxSqsQueue sandboxOrderChangeQueue(@org.springframework.beans.factory.annotation.Value("${server.port:8080}") int port) {
        return new io.kontor.sandbox.amazon.SandboxSqsQueue("sp-api-order-change",
                "http://localhost:" + port + "/sandbox/sqs/000000000000/sp-api-order-change", java.time.Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** Amazon's Notifications API: every order change on the seller's queue, when the hub subscribed (reads it). */
    @Bean
    io.kontor.sandbox.amazon.SandboxOrderChangeNotifications sandboxOrderChangeNotifications(SandboxAmazonSeller seller,
            io.kontor.sandbox.amazon.SandboxSqsQueue queue,
            @org.springframework.beans.factory.annotation.Value("${kontor.channels.amazon.notifications.enabled:false}") boolean subscribed) {
        io.kontor.sandbox.amazon.SandboxOrderChangeNotifications notifications = new io.kontor.sandbox.amazon.SandboxOrderChangeNotifications(
                queue, "amzn1.sellerapps.app.kontor-sandbox", 0.03, Clock.systemUTC());
        if (subscribed) {
            seller.onChange(order -> notifications.changed(seller.sellerId(), order));
        }
        return notifications;
    }

    @Bean
    SellingPartnerApi sellingPartnerApi(SandboxAmazonSeller seller, SandboxLoginWithAmazon lwa, SandboxAmazonProperties props) {
        return new SellingPartnerApi(seller, lwa, props.restrictedRolesGranted(), props.rateScale(), Clock.systemUTC(), System::nanoTime);
    }

    /** The seller's marketplace orders: a backlog from the last hour, then new orders and changes at the configured rate. */
    @Bean
    AmazonTrafficGenerator amazonTrafficGenerator(SandboxAmazonSeller seller, SandboxAmazonProperties props, SandboxState state,
                                                  @org.springframework.beans.factory.annotation.Value("${kontor.fulfilment.enabled:false}") boolean hubShips) {
        AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, state.seed(props.seed()), Clock.systemUTC());
        generator.sellerShips(!hubShips);
        boolean restored = state.track("amazon-traffic", openOrders(generator));
        // the backlog of the hour before the first start: a restarted seller has its orders already
        for (int i = restored ? 0 : props.backlogOrders(); i > 0; i--) {
            generator.createOrder(java.time.Duration.ofMinutes(5L * i));
        }
        return generator;
    }

    @Bean
    SandboxSchedules.Job sandboxAmazonTraffic(AmazonTrafficGenerator generator, SandboxAmazonProperties props, SandboxSchedules schedules) {
        if (props.ordersPerSecond() > 0) {
            log.info("Sandbox Amazon seller {} receives about {} new orders/s", props.sellerId(), props.ordersPerSecond());
        }
        return drive(schedules, "sandbox-amazon", props.ordersPerSecond(), props.updatesPerOrder(),
                () -> generator.createOrder(java.time.Duration.ZERO), generator::updateRandomOrder);
    }

    @Bean
    SandboxEbaySeller sandboxEbaySeller(SandboxEbayProperties props, SandboxState state) {
        SandboxEbaySeller seller = new SandboxEbaySeller(props.sellerId());
        state.track("ebay-orders", part(seller::saved, (saved, json) -> json.convertValue(saved, LIST_OF_MAPS).forEach(seller::put)));
        return seller;
    }

    /** The orders a generator still changes, saved with the sandbox. */
    private static SandboxState.Part openOrders(OrderTraffic generator) {
        return part(generator::openSince, (saved, json) -> generator.restoreOpen(json.convertValue(saved,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, java.time.Instant>>() {
                })));
    }

    @Bean
    SandboxEbayOAuth sandboxEbayOAuth(SandboxEbayProperties props) {
        return new SandboxEbayOAuth(props.clientId(), props.clientSecret(), props.refreshToken(), Clock.systemUTC());
    }

    @Bean
    EbayFulfillmentApi ebayFulfillmentApi(SandboxEbaySeller seller, SandboxEbayOAuth oauth, SandboxEbayProperties props,
                                          @org.springframework.beans.factory.annotation.Value("${server.port:8080}") int port) {
        return new EbayFulfillmentApi(seller, oauth, Clock.systemUTC(), "http://localhost:" + port + "/sandbox/ebay", props.dailyCallLimit());
    }

    /** The seller's eBay.de orders: a backlog from the last hour, then new orders and changes at the configured rate. */
    @Bean
    EbayTrafficGenerator ebayTrafficGenerator(SandboxEbaySeller seller, SandboxEbayProperties props, SandboxState state,
                                              @org.springframework.beans.factory.annotation.Value("${kontor.fulfilment.enabled:false}") boolean hubShips) {
        EbayTrafficGenerator generator = new EbayTrafficGenerator(seller, state.seed(props.seed()), Clock.systemUTC());
        generator.sellerShips(!hubShips);
        boolean restored = state.track("ebay-traffic", openOrders(generator));
        for (int i = restored ? 0 : props.backlogOrders(); i > 0; i--) {
            generator.createOrder(java.time.Duration.ofMinutes(6L * i));
        }
        return generator;
    }

    @Bean
    SandboxSchedules.Job sandboxEbayTraffic(EbayTrafficGenerator generator, SandboxEbayProperties props, SandboxSchedules schedules) {
        if (props.ordersPerSecond() > 0) {
            log.info("Sandbox eBay seller {} receives about {} new orders/s", props.sellerId(), props.ordersPerSecond());
        }
        return drive(schedules, "sandbox-ebay", props.ordersPerSecond(), props.updatesPerOrder(),
                () -> generator.createOrder(java.time.Duration.ZERO), generator::updateRandomOrder);
    }

    /**
     * The channels forget orders that stopped changing longer ago than {@code kontor.sandbox.retention} (30 minutes):
     * the hub has read them long since, and a sandbox left running for days would otherwise fill the heap.
     */
    @Bean
    SandboxSchedules.Job sandboxRetention(SandboxShop shop, ShopifyTrafficGenerator shopify, SandboxAmazonSeller amazon,
                                          AmazonTrafficGenerator amazonTraffic, SandboxEbaySeller ebay, EbayTrafficGenerator ebayTraffic,
                                          SandboxSchedules schedules,
                                          @org.springframework.beans.factory.annotation.Value("${kontor.sandbox.retention:PT30M}") java.time.Duration retention) {
        return schedules.withFixedDelay("sandbox-retention", java.time.Duration.ofMinutes(1), java.time.Duration.ofMinutes(1), () -> {
            java.time.Instant cutoff = java.time.Instant.now().minus(retention);
            java.util.Set<Long> shopifyOpen = shopify.openOrders().keySet();
            java.util.Set<String> amazonOpen = java.util.Set.copyOf(amazonTraffic.openOrders());
            java.util.Set<String> ebayOpen = java.util.Set.copyOf(ebayTraffic.openOrders());
            int forgotten = shop.forgetBefore(cutoff, shopifyOpen::contains) + amazon.forgetBefore(cutoff, amazonOpen::contains)
                    + ebay.forgetBefore(cutoff, ebayOpen::contains);
            if (forgotten > 0) {
                log.debug("Sandbox channels forgot {} orders unchanged since {}", forgotten, cutoff);
            }
        });
    }

    /** The warehouses' opening stock, then goods receipts every 30 s for what runs low. */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.fulfilment", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxStockReceipts(io.kontor.stock.StockLedger ledger, io.kontor.fulfilment.FulfilmentProperties fulfilment,
                                              org.springframework.transaction.support.TransactionTemplate tx, SandboxSchedules schedules) {
        SandboxStock stock = new SandboxStock(ledger, fulfilment, tx, 20261127);
        stock.seedIfEmpty();
        log.info("Sandbox warehouses {} stock {} SKUs", fulfilment.warehouses().stream().map(io.kontor.fulfilment.FulfilmentProperties.Warehouse::code).toList(),
                SandboxStock.skus().size());
        return schedules.withFixedDelay("sandbox-stock", java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30),
                () -> stock.replenish(3, 25));
    }

    /**
     * The sandbox warehouses hand labelled parcels to the carrier a while after labelling and report each on the
     * warehouse topic, as a WMS would.
     */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.fulfilment", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxWarehouseShipping(io.kontor.shipping.Shipments shipments, org.apache.camel.ProducerTemplate producer,
                                                  @org.springframework.beans.factory.annotation.Value("${kontor.topics.warehouse-shipped}") String topic,
                                                  @org.springframework.beans.factory.annotation.Value("${kontor.sandbox.warehouse.ships-after:PT20S}") java.time.Duration after,
                                                  SandboxSchedules schedules) {
        return schedules.withFixedDelay("sandbox-warehouse", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5), () -> {
            for (java.util.Map<String, Object> parcel : shipments.labelledBefore(java.time.Instant.now().minus(after), 200)) {
                String report = "{\"shipmentId\":\"" + parcel.get("id") + "\",\"trackingNumber\":\"" + parcel.get("trackingNumber")
                        + "\",\"shippedAt\":\"" + java.time.Instant.now() + "\"}";
                producer.sendBodyAndHeader("kafka:" + topic, report, org.apache.camel.component.kafka.KafkaConstants.KEY, parcel.get("warehouse"));
            }
        });
    }

    /** The wholesale partner's SFTP drop, under the embedded data directory. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "kontor.sandbox.wholesale", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSftpServer sandboxSftpServer(SandboxWholesaleProperties props,
                                        @org.springframework.beans.factory.annotation.Value("${kontor.embedded.data-dir:./data}") java.nio.file.Path dataDir) {
        SandboxSftpServer server = SandboxSftpServer.start(dataDir.resolve("sftp"), props.port(), props.username(), props.password());
        log.info("Sandbox wholesale partner {}: SFTP on port {}, order files in {}", props.partner(), server.port(), server.ordersDir());
        return server;
    }

    /** Drops order files on the sandbox SFTP server at the configured rate. */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.sandbox.wholesale", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxWholesaleTraffic(SandboxSftpServer server, SandboxWholesaleProperties props, SandboxSchedules schedules,
                                                 SandboxState state) {
        if (props.filesPerMinute() <= 0) {
            return new SandboxSchedules.Job("sandbox-wholesale (off)");
        }
        WholesaleOrderFileGenerator generator = new WholesaleOrderFileGenerator(server.ordersDir(), props.partner(), state.seed(props.seed()),
                Clock.systemUTC());
        long period = Math.max(1000, (long) (60_000 / props.filesPerMinute()));
        long[] files = {0};
        return schedules.withFixedDelay("sandbox-wholesale", java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(period), () -> {
            // every third drop is an EDIFACT interchange, the rest CSV
            if (++files[0] % 3 == 0) {
                generator.writeEdifact(server.edifactDir());
            } else {
                generator.writeFile();
            }
        });
    }

    /**
     * The retailer's purchasing at the configured rate: the ERP's purchase orders and the warehouse's goods receipts on
     * their topics (as the real ERP and WMS would publish them), the suppliers' invoices into the hub's invoice inbox.
     */
    @Bean
    SandboxSchedules.Job sandboxSupplierInvoices(io.kontor.sandbox.invoices.SandboxInvoiceProperties props,
                                                 io.kontor.invoices.InvoiceProperties invoices,
                                                 org.apache.camel.ProducerTemplate producer,
                                                 com.fasterxml.jackson.databind.ObjectMapper json,
                                                 org.springframework.core.env.Environment env, SandboxSchedules schedules,
                                                 SandboxState state) {
        if (props.perMinute() > 0 && invoices.inboxEnabled()) {
            String orders = "kafka:" + env.getRequiredProperty("kontor.topics.purchase-orders");
            String receipts = "kafka:" + env.getRequiredProperty("kontor.topics.goods-receipts");
            io.kontor.sandbox.invoices.SupplierInvoiceTraffic traffic = new io.kontor.sandbox.invoices.SupplierInvoiceTraffic(
                    java.nio.file.Path.of(invoices.inbox()),
                    po -> publish(producer, json, orders, po.number(), po),
                    receipt -> publish(producer, json, receipts, receipt.purchaseOrder(), receipt),
                    state.seed(props.seed()), props.resendRate(), Clock.systemUTC());
            state.track("supplier-invoices", part(traffic::saved, (saved, mapper) -> traffic.restore(
                    mapper.convertValue(saved.path("laterDeliveries"), new com.fasterxml.jackson.core.type.TypeReference<List<io.kontor.model.GoodsReceipt>>() {
                    }),
                    mapper.convertValue(saved.path("recentNets"), new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, List<java.math.BigDecimal>>>() {
                    }))));
            log.info("Sandbox suppliers send about {} invoices/min to {}", props.perMinute(), invoices.inbox());
            return schedules.withFixedDelay("sandbox-invoices", java.time.Duration.ofSeconds(3),
                    java.time.Duration.ofMillis(Math.max(1000, (long) (60_000 / props.perMinute()))), traffic::send);
        }
        return new SandboxSchedules.Job("sandbox-invoices (off)");
    }

    private static void publish(org.apache.camel.ProducerTemplate producer, com.fasterxml.jackson.databind.ObjectMapper json, String endpoint,
                                String key, Object document) {
        try {
            producer.sendBodyAndHeader(endpoint, json.writeValueAsString(document), org.apache.camel.component.kafka.KafkaConstants.KEY, key);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Calls a generator at a rate: ticks ten times a second and carries fractions over, so low rates work too;
     * {@code update} answers false when no order can change now.
     */
    private static SandboxSchedules.Job drive(SandboxSchedules schedules, String name, double ordersPerSecond, double updatesPerOrder,
                                              Runnable create, java.util.function.BooleanSupplier update) {
        if (ordersPerSecond <= 0) {
            return new SandboxSchedules.Job(name + " (off)");
        }
        double[] credit = {0, 0};
        return schedules.atFixedRate(name, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(100), () -> {
            credit[0] += ordersPerSecond / 10;
            credit[1] += ordersPerSecond * updatesPerOrder / 10;
            while (credit[0] >= 1) {
                create.run();
                credit[0]--;
            }
            while (credit[1] >= 1 && update.getAsBoolean()) {
                credit[1]--;
            }
            credit[1] = Math.min(credit[1], ordersPerSecond * updatesPerOrder);
        });
    }
}
