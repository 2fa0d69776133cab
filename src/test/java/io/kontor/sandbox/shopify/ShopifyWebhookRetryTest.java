package io.kontor.sandbox.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery the app does not take is retried as Shopify documents it: 8 times over 4 hours, with the original
 * payload and the original X-Shopify-Triggered-At. The pauses are recorded instead of waited.
 */
class ShopifyWebhookRetryTest {

    /** Runs a scheduled delivery at once and notes the pause it was given. */
    static final class NoWaiting extends ScheduledThreadPoolExecutor {
        final List<Long> pauses = new CopyOnWriteArrayList<>();

        NoWaiting() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            pauses.add(unit.toSeconds(delay));
            return super.schedule(task, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefusedDeliveryIsRetriedEightTimesOverFourHoursWithItsOriginalPayloadAndTime() throws Exception {
        List<String[]> deliveries = new CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        app.createContext("/webhooks/shopify", exchange -> {
            deliveries.add(new String[]{exchange.getRequestHeaders().getFirst("X-Shopify-Triggered-At"),
                    exchange.getRequestHeaders().getFirst("X-Shopify-Event-Id"), new String(exchange.getRequestBody().readAllBytes())});
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        app.start();
        NoWaiting executor = new NoWaiting();
        try {
            SandboxShop shop = new SandboxShop();
            ShopifyWebhookSender sender = new ShopifyWebhookSender(URI.create("http://localhost:" + app.getAddress().getPort() + "/webhooks/shopify"),
                    "it.myshopify.com", "secret", "2026-01", 0, new ObjectMapper(), executor);
            shop.onChange(sender::changed);
            new ShopifyTrafficGenerator(shop, 3, new MutableClock(Instant.now())).createOrder();
            await().atMost(java.time.Duration.ofSeconds(20)).until(() -> deliveries.size() == 9);
            // and no tenth attempt follows
            await().during(java.time.Duration.ofMillis(300)).atMost(java.time.Duration.ofSeconds(2)).until(() -> deliveries.size() == 9);
            assertThat(deliveries).hasSize(9);
            // the first delivery goes at once (execute), the retries after their pauses
            List<Long> retries = executor.pauses.stream().filter(p -> p > 0).toList();
            assertThat(retries).containsExactly(10L, 30L, 90L, 270L, 810L, 1800L, 3600L, 7790L);
            assertThat(retries.stream().mapToLong(Long::longValue).sum()).isEqualTo(4 * 3600);
            assertThat(deliveries).extracting(d -> d[0]).containsOnly(deliveries.get(0)[0]);
            assertThat(deliveries).extracting(d -> d[1]).containsOnly(deliveries.get(0)[1]);
            assertThat(deliveries).extracting(d -> d[2]).containsOnly(deliveries.get(0)[2]);
        } finally {
            executor.shutdownNow();
            app.stop(0);
        }
    }
}
