package io.kontor.purchasing;

import io.kontor.platform.BadInputException;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/purchasing/purchasing-feeds.yaml and routes/platform/dead-letters.yaml on their own: the ERP's purchase orders
 * and the WMS's receipts reach the purchasing feed as text, a document it cannot read is quarantined and the next
 * one taken; the dead-letter projection, which names no error policy, gets the default one (a transient failure tried
 * again, then parked).
 */
class PurchasingFeedRoutesTest {

    public static final class Feed {
        final List<String> orders = new ArrayList<>();
        final List<String> receipts = new ArrayList<>();

        public void order(String document) {
            if (!document.startsWith("{")) {
                throw new BadInputException("purchase order is not JSON");
            }
            orders.add(document);
        }

        public void receipt(String document) {
            receipts.add(document);
        }
    }

    /** The dead letters bean, whose projection fails as a restarting database would. */
    public static final class DeadLetters extends ParkedMessages {
        int recordAttempts;

        public void record(Exchange exchange) {
            recordAttempts++;
            throw new org.springframework.dao.RecoverableDataAccessException("the database is restarting");
        }
    }

    private static final Map<String, String> PROPERTIES = Map.of("kontor.topics.purchase-orders", "pos", "kontor.topics.goods-receipts", "grs",
            "kontor.topics.dead-letters", "dlq", "kontor.instance", "test", "kontor.retry.first-delay", "1", "kontor.retry.longest-delay", "2");

    @Test
    void documentsReachTheFeedAsTextAndABadOneIsQuarantined() throws Exception {
        Feed feed = new Feed();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = new RouteHarness(PROPERTIES, Map.of("purchasingFeed", feed, "deadLetters", deadLetters),
                "routes/purchasing/purchasing-feeds.yaml").drive("purchase-order-feed").drive("goods-receipt-feed").start()) {
            h.send("purchase-order-feed", "{\"number\":\"PO-1\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            h.send("purchase-order-feed", "PO-2;garbage".getBytes(StandardCharsets.UTF_8), Map.of());
            h.send("purchase-order-feed", "{\"number\":\"PO-3\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            h.send("goods-receipt-feed", "{\"id\":\"GR-1\"}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(feed.orders).containsExactly("{\"number\":\"PO-1\"}", "{\"number\":\"PO-3\"}");
            assertThat(feed.receipts).containsExactly("{\"id\":\"GR-1\"}");
            assertThat(deadLetters.parked).hasSize(1);
            assertThat(deadLetters.cause(0)).hasMessage("purchase order is not JSON");
        }
    }

    @Test
    void theDeadLetterProjectionGetsTheDefaultPolicy() throws Exception {
        DeadLetters deadLetters = new DeadLetters();
        try (RouteHarness h = new RouteHarness(PROPERTIES, Map.of("deadLetters", deadLetters), "routes/platform/dead-letters.yaml")
                .drive("dead-letter-projection").start()) {
            assertThat(h.send("dead-letter-projection", new byte[]{1}, Map.of()).getException()).isNull();
            assertThat(deadLetters.recordAttempts).isEqualTo(7);
            assertThat(deadLetters.parked).hasSize(1);
        }
    }
}
