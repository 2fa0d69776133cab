package io.kontor.sandbox.shopify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxSchedules;
import io.kontor.sandbox.SandboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Lazy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static io.kontor.sandbox.SandboxState.part;

/**
 * The sandbox's Shopify shop: its GraphQL Admin API and OAuth under {@code /sandbox/shopify}, its order webhooks to the
 * hub, and new orders and changes at {@code kontor.sandbox.shopify.orders-per-second}.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/sandbox/shopify/sandbox-shop.properties")
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class ShopifySandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ShopifySandboxConfiguration.class);

    @Bean
    SandboxShop sandboxShop(SandboxState state) {
        SandboxShop shop = new SandboxShop();
        state.track("shopify-orders", part(shop::saved, (saved, json) -> shop.restore(json.convertValue(saved, SandboxState.LIST_OF_MAPS))));
        return shop;
    }

    @Bean
    SandboxShopifyOAuth sandboxShopifyOAuth(ShopifyEmulatorProperties shopProps, SandboxShopifyAppProperties app, SandboxState state) {
        SandboxShopifyOAuth oauth = new SandboxShopifyOAuth(app.clientId(), app.clientSecret(), app.installRefreshToken(), shopProps.accessToken(),
                app.accessTokenLifetime(), Clock.systemUTC());
        state.track("shopify-oauth", part(oauth::saved, (saved, json) -> oauth.restore(json.convertValue(saved, SandboxState.MAP))));
        return oauth;
    }

    @Bean
    ShopifyAdminApi shopifyAdminApi(SandboxShop shop, ShopifyEmulatorProperties props, SandboxShopifyOAuth oauth, SandboxState state) {
        ShopifyAdminApi api = new ShopifyAdminApi(shop, props, oauth, System::nanoTime);
        // the shop's stock outlives a restart, as its orders do (else a restart looks like every level edited by hand)
        state.track("shopify-inventory", part(api.inventory()::saved, (saved, json) -> api.inventory().restore(json.convertValue(saved,
                new TypeReference<java.util.Map<String, java.util.Map<String, java.util.List<Integer>>>>() {
                }))));
        return api;
    }

    /** The shop's webhook subscription for the hub's own endpoint; created before the generator starts. */
    @Bean(destroyMethod = "close")
    @Lazy(false)
    ShopifyWebhookSender shopifyWebhookSender(SandboxShop shop, ShopifyAdminApi api, ShopifyEmulatorProperties shopProps, SandboxShopifyAppProperties app,
                                              ObjectMapper json, SandboxSchedules schedules,
                                              @Value("${kontor.channels.shopify.api-version:2026-01}") String apiVersion) {
        boolean subscribed = app.webhookUrl() != null && !app.webhookUrl().isBlank();
        ShopifyWebhookSender sender = new ShopifyWebhookSender(subscribed ? URI.create(app.webhookUrl()) : null,
                shopProps.shopDomain(), app.clientSecret(), apiVersion, app.duplicateDeliveryRate(), json,
                SandboxSchedules.daemonScheduler("sandbox-webhooks"));
        schedules.stopWith(sender);
        // an order placed in the shop commits its units at the shop's first location, as Shopify's own checkout does
        shop.onChange(order -> {
            if (order.get("updatedAt") != null && order.get("updatedAt").equals(order.get("createdAt"))) {
                api.inventory().orderPlaced(order, SandboxFulfillmentOrders.LOCATIONS[0][0]);
            }
        });
        if (subscribed) {
            shop.onChange(sender::changed);
            api.inventory().onChange(sender::inventoryLevelChanged);
            log.info("Sandbox Shopify shop delivers order webhooks to {}", app.webhookUrl());
        }
        return sender;
    }

    @Bean
    @DependsOn("shopifyWebhookSender")
    ShopifyTrafficGenerator shopifyTrafficGenerator(SandboxShop shop, ShopifyEmulatorProperties props, SandboxState state,
                                                    @Value("${kontor.fulfilment.enabled:false}") boolean hubShips) {
        ShopifyTrafficGenerator generator = new ShopifyTrafficGenerator(shop, state.seed(props.seed()), Clock.systemUTC());
        generator.sellerShips(!hubShips);
        state.track("shopify-traffic", part(generator::openOrders, (saved, json) -> generator.restoreOpen(json.convertValue(saved,
                new TypeReference<Map<Long, Instant>>() {
                }))));
        return generator;
    }

    /** Now and then someone raises a figure in the shop's admin by hand: the hub is to find it and set its own again. */
    @Bean
    SandboxSchedules.Job sandboxShopifyStockEdits(ShopifyAdminApi api, SandboxSchedules schedules) {
        String location = SandboxFulfillmentOrders.LOCATIONS[0][0];
        return schedules.handEdits("sandbox-shopify-stock-edits", 71001, Duration.ofMinutes(2), Duration.ofMinutes(3),
                sku -> api.inventory().available(sku, location), (sku, figure) -> api.inventory().setByHand(sku, location, figure));
    }

    /** Drives the shop's generator at the configured rate, and forgets orders long unchanged. */
    @Bean
    @DependsOn("shopifyTrafficGenerator")
    SandboxSchedules.Job sandboxTraffic(SandboxShop shop, ShopifyTrafficGenerator generator, ShopifyEmulatorProperties props,
                                        SandboxSchedules schedules, @Value("${kontor.sandbox.retention:PT30M}") Duration retention) {
        schedules.retain("sandbox-shopify-retention", retention, cutoff -> {
            Set<Long> open = generator.openOrders().keySet();
            return shop.forgetBefore(cutoff, open::contains);
        });
        if (props.ordersPerSecond() > 0) {
            log.info("Sandbox Shopify shop {} receives about {} new orders/s", props.shopDomain(), props.ordersPerSecond());
        }
        return schedules.drive("sandbox-traffic", props.ordersPerSecond(), props.updatesPerOrder(), generator::createOrder,
                generator::updateRandomOrder);
    }
}
