package io.kontor.sandbox.woocommerce;

import io.kontor.sandbox.SandboxSchedules;
import io.kontor.sandbox.SandboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static io.kontor.sandbox.SandboxState.part;

/**
 * The sandbox's WooCommerce store: its REST API under {@code /sandbox/woocommerce/wp-json}, its order webhooks to the
 * hub, and checkouts at {@code kontor.sandbox.woocommerce.orders-per-second}. Its address and keys are the hub's
 * WooCommerce channel settings wherever the sandbox runs ({@code sandbox-store.properties}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
@PropertySource("classpath:io/kontor/sandbox/woocommerce/sandbox-store.properties")
public class WooCommerceSandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WooCommerceSandboxConfiguration.class);

    @Bean
    SandboxWooStore sandboxWooStore(SandboxState state, @Value("${kontor.sandbox.woocommerce.site-time-zone}") ZoneId zone) {
        SandboxWooStore store = new SandboxWooStore(Clock.systemUTC(), zone);
        state.track("woocommerce-store", part(store::saved, (saved, json) -> store.restore(saved)));
        return store;
    }

    @Bean
    WooCommerceRestApi wooCommerceRestApi(SandboxWooStore store, @Value("${kontor.sandbox.woocommerce.consumer-key}") String key,
                                          @Value("${kontor.sandbox.woocommerce.consumer-secret}") String secret,
                                          @Value("${kontor.sandbox.woocommerce.site-time-zone}") ZoneId zone) {
        return new WooCommerceRestApi(store, key, secret, zone);
    }

    @Bean
    WooCommerceWebhookSender wooCommerceWebhookSender(SandboxWooStore store, SandboxSchedules schedules,
                                                      @Value("${server.port:8080}") int port,
                                                      @Value("${kontor.sandbox.woocommerce.webhook-secret}") String secret,
                                                      @Value("${kontor.sandbox.woocommerce.webhook-duplicate-rate}") double duplicates) {
        WooCommerceWebhookSender sender = new WooCommerceWebhookSender(URI.create("http://localhost:" + port + "/webhooks/woocommerce"),
                "http://localhost:" + port + "/sandbox/woocommerce/", secret, duplicates, SandboxSchedules.daemonScheduler("sandbox-woocommerce-webhooks"));
        store.onChange(sender::changed);
        schedules.stopWith(sender);
        return sender;
    }

    @Bean
    SandboxSchedules.Job sandboxWooCommerceTraffic(SandboxWooStore store, SandboxState state, SandboxSchedules schedules,
                                                   @Value("${kontor.sandbox.woocommerce.seed}") long seed,
                                                   @Value("${kontor.sandbox.woocommerce.orders-per-second}") double ordersPerSecond,
                                                   @Value("${kontor.sandbox.woocommerce.updates-per-order}") double updatesPerOrder,
                                                   @Value("${kontor.sandbox.retention:PT30M}") Duration retention) {
        WooCommerceTrafficGenerator traffic = new WooCommerceTrafficGenerator(store, state.seed(seed));
        schedules.withFixedDelay("sandbox-woocommerce-retention", Duration.ofMinutes(1), Duration.ofMinutes(1),
                () -> store.forgetBefore(Instant.now().minus(retention)));
        if (ordersPerSecond <= 0) {
            return new SandboxSchedules.Job("sandbox-woocommerce (off)");
        }
        log.info("Sandbox WooCommerce store receives about {} new orders/s", ordersPerSecond);
        double[] credit = {0, 0};
        return schedules.atFixedRate("sandbox-woocommerce", Duration.ofSeconds(1), Duration.ofMillis(500), () -> {
            credit[0] += ordersPerSecond / 2;
            credit[1] += ordersPerSecond * updatesPerOrder / 2;
            for (; credit[0] >= 1; credit[0]--) {
                traffic.createOrder();
            }
            for (; credit[1] >= 1; credit[1]--) {
                traffic.updateRandomOrder();
            }
        });
    }
}
