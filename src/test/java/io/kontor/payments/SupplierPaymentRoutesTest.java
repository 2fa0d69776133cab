package io.kontor.payments;

import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/invoices/supplier-payments.yaml on its own: approved invoices and payment runs each reach their own ERP topic,
 * then the folder and are marked fed (one route for both), and stay unfed, with no file, when Kafka cannot take them.
 */
class SupplierPaymentRoutesTest {

    @TempDir
    Path feedDir;

    /** Stands in for the finance feed: the documents of the next tick, and which batches were marked fed. */
    public static final class Feed {
        final List<String> invoices = new ArrayList<>();
        final List<String> runs = new ArrayList<>();
        final List<String> published = new ArrayList<>();

        public List<Message> approvedInvoices(Exchange exchange) {
            return batch(exchange, "invoices", invoices);
        }

        public List<Message> paymentRuns(Exchange exchange) {
            return batch(exchange, "payments", runs);
        }

        private static List<Message> batch(Exchange exchange, String folder, List<String> ids) {
            List<Message> out = new ArrayList<>();
            List<Map<String, String>> docs = new ArrayList<>();
            for (String id : ids) {
                Message m = new DefaultMessage(exchange);
                m.setBody("{\"id\":\"" + id + "\"}");
                out.add(m);
                docs.add(Map.of("fileName", folder + "/" + id + ".json", "json", "{\"id\":\"" + id + "\"}"));
            }
            ids.clear();
            exchange.setProperty(FinanceErpFeed.DOCS, docs);
            exchange.setProperty("kind", folder);
            return out;
        }

        public void published(Exchange exchange) {
            published.add(exchange.getProperty("kind", String.class) + " " + exchange.getMessage().getBody(List.class).size());
        }
    }

    /** What the file's other routes call; none of them runs here. */
    public static final class Idle {
        public Map<String, Object> run(String by) {
            return Map.of();
        }

        public int deliver() {
            return 0;
        }
    }

    private RouteHarness harness(Feed feed, ParkedMessages deadLetters) throws Exception {
        return new RouteHarness(Map.of("kontor.payments.run-enabled", "false", "kontor.payments.run-interval", "0",
                "kontor.topics.erp-invoices", "erp-invoices", "kontor.topics.erp-payments", "erp-payments",
                "kontor.erp.feed-dir-enabled", "true", "kontor.erp.feed-dir", feedDir.toString(),
                "kontor.retry.first-delay", "1", "kontor.retry.longest-delay", "2"),
                Map.of("financeErpFeed", feed, "paymentRun", new Idle(), "paymentFiles", new Idle(), "deadLetters", deadLetters),
                "routes/invoices/supplier-payments.yaml")
                .drive("erp-invoice-feed").drive("erp-payment-feed").drive("erp-finance-feed").drive("payment-file-delivery").start();
    }

    @Test
    void invoicesAndPaymentRunsReachTheirOwnTopicAndFolderAndAreMarkedFedAfterBoth() throws Exception {
        Feed feed = new Feed();
        try (RouteHarness h = harness(feed, new ParkedMessages())) {
            h.send("erp-invoice-feed", null, Map.of());
            h.send("erp-payment-feed", null, Map.of());
            assertThat(h.kafka().getReceivedCounter()).as("nothing to feed, nothing sent").isZero();
            assertThat(feed.published).isEmpty();

            feed.invoices.addAll(List.of("inv-1", "inv-2"));
            feed.runs.add("run-1");
            assertThat(h.send("erp-invoice-feed", null, Map.of()).getException()).isNull();
            assertThat(h.send("erp-payment-feed", null, Map.of()).getException()).isNull();
            assertThat(h.kafka().getExchanges()).extracting(Exchange::getFromRouteId).containsExactly("erp-invoice-feed", "erp-payment-feed");
            assertThat(h.kafka().getExchanges()).extracting(e -> e.getMessage().getBody(List.class).size()).containsExactly(2, 1);
            assertThat(feedDir.resolve("invoices/inv-1.json")).exists();
            assertThat(feedDir.resolve("invoices/inv-2.json")).exists();
            assertThat(Files.readString(feedDir.resolve("payments/run-1.json"))).isEqualTo("{\"id\":\"run-1\"}");
            assertThat(feed.published).containsExactly("invoices 2", "payments 1");
        }
    }

    @Test
    void aFeedKafkaCannotTakeStaysUnfed() throws Exception {
        Feed feed = new Feed();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(feed, deadLetters)) {
            h.kafka().whenAnyExchangeReceived(e -> {
                throw new IOException("no leader for kontor.erp.invoices.v1");
            });
            feed.invoices.add("inv-3");
            h.send("erp-invoice-feed", null, Map.of());
            assertThat(feed.published).isEmpty();
            assertThat(feedDir.resolve("invoices/inv-3.json")).doesNotExist();
            assertThat(deadLetters.parked).hasSize(1);
        }
    }
}
