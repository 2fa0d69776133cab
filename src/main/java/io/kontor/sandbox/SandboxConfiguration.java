package io.kontor.sandbox;

import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.SandboxShopifyAppProperties;
import io.kontor.sandbox.shopify.SandboxShopifyOAuth;
import io.kontor.sandbox.shopify.ShopifyAdminApi;
import io.kontor.sandbox.shopify.ShopifyEmulatorProperties;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox: channel emulators served by this app and a generator of business traffic, so a fresh
 * {@code ./mvnw spring-boot:run} shows orders flowing end to end. Off in the {@code prod} profile.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    SandboxShop sandboxShop() {
        return new SandboxShop();
    }

    @Bean
    SandboxShopifyOAuth sandboxShopifyOAuth(ShopifyEmulatorProperties shopProps, SandboxShopifyAppProperties app) {
        return new SandboxShopifyOAuth(app.clientId(), app.clientSecret(), app.installRefreshToken(), shopProps.accessToken(),
                app.accessTokenLifetime(), Clock.systemUTC());
    }

    @Bean
    ShopifyAdminApi shopifyAdminApi(SandboxShop shop, ShopifyEmulatorProperties props, SandboxShopifyOAuth oauth) {
        return new ShopifyAdminApi(shop, props, oauth, System::nanoTime);
    }

    @Bean
    ShopifyTrafficGenerator shopifyTrafficGenerator(SandboxShop shop, ShopifyEmulatorProperties props) {
        return new ShopifyTrafficGenerator(shop, props.seed(), Clock.systemUTC());
    }

    /** Drives the generator at the configured rate; ticks ten times a second and carries fractions over. */
    @Bean(destroyMethod = "shutdownNow")
    @DependsOn("shopifyTrafficGenerator")
    ScheduledExecutorService sandboxTraffic(ShopifyTrafficGenerator generator, ShopifyEmulatorProperties props) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-traffic");
            t.setDaemon(true);
            return t;
        });
        if (props.ordersPerSecond() <= 0) {
            return scheduler;
        }
        double[] credit = {0, 0};
        scheduler.scheduleAtFixedRate(() -> {
            try {
                credit[0] += props.ordersPerSecond() / 10;
                credit[1] += props.ordersPerSecond() * props.updatesPerOrder() / 10;
                while (credit[0] >= 1) {
                    generator.createOrder();
                    credit[0]--;
                }
                while (credit[1] >= 1 && generator.updateRandomOrder()) {
                    credit[1]--;
                }
                credit[1] = Math.min(credit[1], props.ordersPerSecond() * props.updatesPerOrder());
            } catch (RuntimeException e) {
                log.error("Sandbox traffic generator failed a tick", e);
            }
        }, 1, 100, TimeUnit.MILLISECONDS);
        log.info("Sandbox Shopify shop {} receives about {} new orders/s", props.shopDomain(), props.ordersPerSecond());
        return scheduler;
    }
}
