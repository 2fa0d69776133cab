package io.kontor.sandbox.ebay;

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
import java.util.Set;

import static io.kontor.sandbox.SandboxState.part;

/**
 * The sandbox's eBay seller: the Fulfillment API and OAuth under {@code /sandbox/ebay}, and a backlog of the last hour,
 * then new orders and changes at {@code kontor.sandbox.ebay.orders-per-second}.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/sandbox/ebay/sandbox-seller.properties")
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class EbaySandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EbaySandboxConfiguration.class);

    @Bean
    SandboxEbaySeller sandboxEbaySeller(SandboxEbayProperties props, SandboxState state) {
        SandboxEbaySeller seller = new SandboxEbaySeller(props.sellerId());
        state.track("ebay-orders", part(seller::saved, (saved, json) -> json.convertValue(saved, SandboxState.LIST_OF_MAPS).forEach(seller::put)));
        return seller;
    }

    @Bean
    SandboxEbayOAuth sandboxEbayOAuth(SandboxEbayProperties props) {
        return new SandboxEbayOAuth(props.clientId(), props.clientSecret(), props.refreshToken(), Clock.systemUTC());
    }

    @Bean
    EbayFulfillmentApi ebayFulfillmentApi(SandboxEbaySeller seller, SandboxEbayOAuth oauth, SandboxEbayProperties props,
                                          @Value("${server.port:8080}") int port) {
        return new EbayFulfillmentApi(seller, oauth, Clock.systemUTC(), "http://localhost:" + port + "/sandbox/ebay", props.dailyCallLimit());
    }

    /** The seller's listings and their stock (Sell Inventory API), sharing the Fulfillment API's daily allowance size. */
    @Bean
    EbayInventoryApi ebayInventoryApi(SandboxEbayOAuth oauth, SandboxEbayProperties props, SandboxState state) {
        EbayInventoryApi inventory = new EbayInventoryApi(oauth, Clock.systemUTC(), props.dailyCallLimit());
        state.track("ebay-inventory", SandboxState.part(inventory::saved, (saved, json) -> inventory.restore(json.convertValue(saved,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, java.util.Map<String, Integer>>>() {
                }))));
        return inventory;
    }

    /** Now and then the seller raises a quantity in Seller Hub by hand: the hub's next read is to find it and set its own again. */
    @Bean
    SandboxSchedules.Job sandboxEbayStockEdits(EbayInventoryApi inventory, SandboxSchedules schedules) {
        return schedules.handEdits("sandbox-ebay-stock-edits", 25702, Duration.ofMinutes(3), Duration.ofMinutes(4), inventory::listed,
                inventory::setByHand);
    }

    /** The seller's eBay.de orders: a backlog from the last hour, then new orders and changes at the configured rate. */
    @Bean
    EbayTrafficGenerator ebayTrafficGenerator(SandboxEbaySeller seller, SandboxEbayProperties props, SandboxState state,
                                              @Value("${kontor.fulfilment.enabled:false}") boolean hubShips) {
        EbayTrafficGenerator generator = new EbayTrafficGenerator(seller, state.seed(props.seed()), Clock.systemUTC());
        generator.sellerShips(!hubShips);
        boolean restored = state.track("ebay-traffic", SandboxState.openOrders(generator));
        for (int i = restored ? 0 : props.backlogOrders(); i > 0; i--) {
            generator.createOrder(Duration.ofMinutes(6L * i));
        }
        return generator;
    }

    @Bean
    SandboxSchedules.Job sandboxEbayTraffic(SandboxEbaySeller seller, EbayTrafficGenerator generator, SandboxEbayProperties props,
                                            SandboxSchedules schedules, @Value("${kontor.sandbox.retention:PT30M}") Duration retention) {
        schedules.retain("sandbox-ebay-retention", retention, cutoff -> {
            Set<String> open = Set.copyOf(generator.openOrders());
            return seller.forgetBefore(cutoff, open::contains);
        });
        if (props.ordersPerSecond() > 0) {
            log.info("Sandbox eBay seller {} receives about {} new orders/s", props.sellerId(), props.ordersPerSecond());
        }
        return schedules.drive("sandbox-ebay", props.ordersPerSecond(), props.updatesPerOrder(),
                () -> generator.createOrder(Duration.ZERO), generator::updateRandomOrder);
    }
}
