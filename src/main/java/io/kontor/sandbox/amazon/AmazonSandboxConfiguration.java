package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kontor.sandbox.SandboxSchedules;
import io.kontor.sandbox.SandboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.kontor.sandbox.SandboxState.part;

/**
 * The sandbox's Amazon seller: the Selling Partner API and Login with Amazon under {@code /sandbox/amazon}, the
 * seller's SQS queue of order-change notifications, and a backlog of the last hour, then new orders and changes at
 * {@code kontor.sandbox.amazon.orders-per-second}.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/sandbox/amazon/sandbox-seller.properties")
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class AmazonSandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AmazonSandboxConfiguration.class);

    @Bean
    SandboxAmazonSeller sandboxAmazonSeller(SandboxAmazonProperties props, SandboxState state) {
        SandboxAmazonSeller seller = new SandboxAmazonSeller(props.sellerId());
        state.track("amazon-orders", part(seller::saved, (saved, json) -> seller.restore(json.convertValue(saved,
                new TypeReference<List<SandboxAmazonSeller.StoredOrder>>() {
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
    SandboxSqsQueue sandboxOrderChangeQueue(@Value("${server.port:8080}") int port) {
        return new SandboxSqsQueue("sp-api-order-change",
                "http://localhost:" + port + "/sandbox/sqs/000000000000/sp-api-order-change", Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** Amazon's Notifications API: every order change on the seller's queue, when the hub subscribed (reads it). */
    @Bean
    SandboxOrderChangeNotifications sandboxOrderChangeNotifications(SandboxAmazonSeller seller, SandboxSqsQueue queue,
            @Value("${kontor.channels.amazon.notifications.enabled:false}") boolean subscribed) {
        SandboxOrderChangeNotifications notifications = new SandboxOrderChangeNotifications(
                queue, "amzn1.sellerapps.app.kontor-sandbox", 0.03, Clock.systemUTC());
        if (subscribed) {
            seller.onChange(order -> notifications.changed(seller.sellerId(), order));
        }
        return notifications;
    }

    @Bean
    SellingPartnerApi sellingPartnerApi(SandboxAmazonSeller seller, SandboxLoginWithAmazon lwa, SandboxAmazonProperties props, SandboxState state) {
        SellingPartnerApi api = new SellingPartnerApi(seller, lwa, props.restrictedRolesGranted(), props.rateScale(), Clock.systemUTC(), System::nanoTime);
        state.track("amazon-listings", part(api.listings()::saved, (saved, json) -> api.listings().restore(json.convertValue(saved,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, java.util.Map<String, java.util.Map<String, Integer>>>>() {
                }))));
        return api;
    }

    /** The seller's marketplace orders: a backlog from the last hour, then new orders and changes at the configured rate. */
    /** Now and then the seller raises a listing's quantity in Seller Central: the hub's read-back is to find it and set its own again. */
    @Bean
    io.kontor.sandbox.SandboxSchedules.Job sandboxAmazonStockEdits(SellingPartnerApi api, io.kontor.sandbox.SandboxSchedules schedules) {
        return schedules.handEdits("sandbox-amazon-stock-edits", 8541, Duration.ofMinutes(4), Duration.ofMinutes(5),
                sku -> api.listings().attributeEntries(sku).get("DEFAULT"), api.listings()::setByHand);
    }

    /**
     * Now and then one listing's summarised view stops taking the seller's changes for a quarter of an hour: set right,
     * sold at the old figure — for the reconciliation to find as not sellable.
     */
    @Bean
    io.kontor.sandbox.SandboxSchedules.Job sandboxAmazonStuckSummaries(SellingPartnerApi api, io.kontor.sandbox.SandboxSchedules schedules) {
        java.util.Random random = new java.util.Random(5327);
        return schedules.withFixedDelay("sandbox-amazon-stuck-summaries", Duration.ofMinutes(3), Duration.ofMinutes(20), () -> {
            java.util.List<String> skus = api.listings().merchantSkus();
            String sku = skus.get(random.nextInt(skus.size()));
            api.listings().summaryStuck(sku, java.time.Instant.now().plus(Duration.ofMinutes(15)));
            log.info("Sandbox Amazon: {}'s summarised view takes no change for 15 minutes (accepted but not sellable)", sku);
        });
    }

    @Bean
    AmazonTrafficGenerator amazonTrafficGenerator(SandboxAmazonSeller seller, SandboxAmazonProperties props, SandboxState state,
                                                  @Value("${kontor.fulfilment.enabled:false}") boolean hubShips) {
        AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, state.seed(props.seed()), Clock.systemUTC());
        generator.sellerShips(!hubShips);
        boolean restored = state.track("amazon-traffic", SandboxState.openOrders(generator));
        // the backlog of the hour before the first start: a restarted seller has its orders already
        for (int i = restored ? 0 : props.backlogOrders(); i > 0; i--) {
            generator.createOrder(Duration.ofMinutes(5L * i));
        }
        return generator;
    }

    @Bean
    SandboxSchedules.Job sandboxAmazonTraffic(SandboxAmazonSeller seller, AmazonTrafficGenerator generator, SandboxAmazonProperties props,
                                              SandboxSchedules schedules, @Value("${kontor.sandbox.retention:PT30M}") Duration retention) {
        schedules.retain("sandbox-amazon-retention", retention, cutoff -> {
            Set<String> open = Set.copyOf(generator.openOrders());
            return seller.forgetBefore(cutoff, open::contains);
        });
        if (props.ordersPerSecond() > 0) {
            log.info("Sandbox Amazon seller {} receives about {} new orders/s", props.sellerId(), props.ordersPerSecond());
        }
        return schedules.drive("sandbox-amazon", props.ordersPerSecond(), props.updatesPerOrder(),
                () -> generator.createOrder(Duration.ZERO), generator::updateRandomOrder);
    }
}
