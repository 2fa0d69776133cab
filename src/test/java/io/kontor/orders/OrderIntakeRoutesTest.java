package io.kontor.orders;

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
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/orders/order-intake.yaml on its own: a batch's new versions go to the ERP as one Kafka batch and a file each,
 * are marked published only after both, and the batch's offsets are committed last; when the ERP feed cannot be sent,
 * nothing is marked published (the outbox relay sends it later) and the offsets stay uncommitted.
 */
class OrderIntakeRoutesTest {

    @TempDir
    Path feedDir;

    /** Stands in for the intake: the feed records of the next batch, and what was done in which order. */
    public static final class Intake {
        final List<ErpFeedRecord> next = new ArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        public List<ErpFeedRecord> store(Exchange exchange) {
            List<ErpFeedRecord> feed = List.copyOf(next);
            next.clear();
            exchange.setProperty(OrderIntake.FEED, feed);
            events.add("stored " + feed.size());
            return feed;
        }

        public List<ErpFeedRecord> pendingFeed(Exchange exchange) {
            exchange.setProperty(OrderIntake.FEED, List.of());
            return List.of();
        }

        @SuppressWarnings("unchecked")
        public List<Message> feedMessages(Exchange exchange) {
            List<Message> out = new ArrayList<>();
            for (ErpFeedRecord r : (List<ErpFeedRecord>) exchange.getProperty(OrderIntake.FEED, List.class)) {
                Message m = new DefaultMessage(exchange);
                m.setBody(r.json());
                out.add(m);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        public void markPublished(Exchange exchange) {
            events.add("published " + exchange.getProperty(OrderIntake.FEED, List.class).size());
        }

        public void commitOffsets(Exchange exchange) {
            events.add("committed");
        }
    }

    private RouteHarness harness(Intake intake, ParkedMessages deadLetters) throws Exception {
        return new RouteHarness(Map.of("kontor.topics.orders", "orders", "kontor.topics.erp-orders", "erp-orders", "kontor.instance", "test",
                "kontor.erp.feed-dir-enabled", "true", "kontor.erp.feed-dir", feedDir.toString(),
                "kontor.retry.first-delay", "1", "kontor.retry.longest-delay", "2"),
                Map.of("orderIntake", intake, "deadLetters", deadLetters), "routes/orders/order-intake.yaml")
                .drive("order-intake").drive("erp-feed").start();
    }

    @Test
    void newVersionsGoToTheErpOnceOnTopicAndInFilesThenArePublishedThenTheOffsetsCommitted() throws Exception {
        Intake intake = new Intake();
        try (RouteHarness h = harness(intake, new ParkedMessages())) {
            intake.next.add(record(1));
            intake.next.add(record(2));
            assertThat(h.send("order-intake", List.of(), Map.of()).getException()).isNull();
            assertThat(h.kafka().getReceivedCounter()).as("one batch for the two versions").isEqualTo(1);
            assertThat(h.kafka().getExchanges().get(0).getMessage().getBody(List.class)).hasSize(2);
            try (var files = Files.list(feedDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("order-1.json", "order-2.json");
            }
            assertThat(intake.events).containsExactly("stored 2", "published 2", "committed");

            // a batch of versions already known: nothing for the ERP, the offsets still move on
            intake.events.clear();
            assertThat(h.send("order-intake", List.of(), Map.of()).getException()).isNull();
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
            assertThat(intake.events).containsExactly("stored 0", "committed");
        }
    }

    @Test
    void anErpFeedThatCannotBeSentIsNotMarkedPublishedAndTheBatchIsNotCommitted() throws Exception {
        Intake intake = new Intake();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(intake, deadLetters)) {
            h.kafka().whenAnyExchangeReceived(e -> {
                throw new IOException("the ERP topic's leader is away");
            });
            intake.next.add(record(3));
            assertThat(h.send("order-intake", List.of(), Map.of()).getException()).isNull();
            assertThat(intake.events).containsExactly("stored 1");
            assertThat(deadLetters.parked).hasSize(1);
            try (var files = Files.list(feedDir)) {
                assertThat(files).as("no file before the topic has it").isEmpty();
            }
        }
    }

    private static ErpFeedRecord record(int n) {
        return new ErpFeedRecord(UUID.randomUUID(), 1, "SHOPIFY:shop:" + n, "order-" + n + ".json", "{\"order\":" + n + "}");
    }
}
