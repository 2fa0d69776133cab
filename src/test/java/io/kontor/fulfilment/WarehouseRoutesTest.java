package io.kontor.fulfilment;

import io.kontor.platform.BadInputException;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** routes/orders/pick-waves.yaml and shipments.yaml on their own: what a wave hands the warehouse, and a report that cannot be taken. */
class WarehouseRoutesTest {

    @TempDir
    Path feedDir;

    /** Stands in for the pick lists: a wave answers what the test put in {@link #next}. */
    public static final class Lists {
        final List<PickLists.Feed> next = new ArrayList<>();
        final List<List<PickLists.Feed>> published = new ArrayList<>();

        public List<PickLists.Feed> wave() {
            List<PickLists.Feed> wave = List.copyOf(next);
            next.clear();
            return wave;
        }

        @SuppressWarnings("unchecked")
        public List<Message> messages(Exchange exchange) {
            List<PickLists.Feed> feed = exchange.getMessage().getBody(List.class);
            exchange.setProperty("kontorPickLists", feed);
            List<Message> out = new ArrayList<>();
            for (PickLists.Feed f : feed) {
                Message m = new DefaultMessage(exchange);
                m.setBody(f.json());
                out.add(m);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        public void markPublished(Exchange exchange) {
            published.add(exchange.getProperty("kontorPickLists", List.class));
        }
    }

    public static final class Parcels {
        final AtomicInteger labelled = new AtomicInteger();
        final List<String> reports = new ArrayList<>();

        public int labelPickLists() {
            return labelled.incrementAndGet();
        }

        public void fromWarehouseReport(String report) {
            reports.add(report);
            if (!report.startsWith("{")) {
                throw new BadInputException("Shipped report is not JSON");
            }
        }

        public String unconfirmedReport() {
            return "{}";
        }
    }

    /** The ERP shipment feed, created with shipments.yaml's other routes and not started here. */
    public static final class Feed {
        public List<Message> pending(Exchange exchange) {
            return List.of();
        }

        public void published(Exchange exchange) {
        }
    }

    private Map<String, String> properties() {
        return Map.of("kontor.fulfilment.enabled", "false", "kontor.fulfilment.wave-interval", "60000",
                "kontor.fulfilment.feed-dir", feedDir.toString(), "kontor.topics.pick-lists", "picklists",
                "kontor.topics.warehouse-shipped", "shipped", "kontor.topics.erp-shipments", "erp-shipments",
                "kontor.shipping.reports-dir", feedDir.resolve("reports").toString(), "kontor.erp.feed-dir-enabled", "false",
                "kontor.erp.feed-dir", feedDir.resolve("erp").toString());
    }

    @Test
    void aWaveGoesToTheWarehouseOnceOnTopicAndInFilesThenItsParcelsAreBooked() throws Exception {
        Lists lists = new Lists();
        Parcels parcels = new Parcels();
        try (RouteHarness h = new RouteHarness(properties(), Map.of("pickLists", lists, "shipments", parcels, "deadLetters", new ParkedMessages(),
                "shipmentFeed", new Feed()), "routes/orders/pick-waves.yaml")) {
            h.drive("pick-waves").start("pick-waves");
            // nothing to pick: nothing sent, nothing written, parcels of earlier lists still booked
            h.send("pick-waves", null, Map.of());
            assertThat(h.kafka().getReceivedCounter()).isZero();
            assertThat(lists.published).isEmpty();
            assertThat(parcels.labelled).hasValue(1);

            lists.next.add(new PickLists.Feed(UUID.randomUUID(), "DE-KOELN", "DE-KOELN/picklist-DE-KOELN-000001.json", "{\"wave\":1}"));
            lists.next.add(new PickLists.Feed(UUID.randomUUID(), "AT-WIEN", "AT-WIEN/picklist-AT-WIEN-000001.json", "{\"wave\":1,\"w\":\"AT\"}"));
            assertThat(h.send("pick-waves", null, Map.of()).getException()).isNull();
            // one Kafka batch for the wave, a file per list under its warehouse, then marked published together
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
            assertThat(Files.readString(feedDir.resolve("DE-KOELN/picklist-DE-KOELN-000001.json"))).isEqualTo("{\"wave\":1}");
            assertThat(Files.readString(feedDir.resolve("AT-WIEN/picklist-AT-WIEN-000001.json"))).contains("AT");
            assertThat(lists.published).singleElement().asList().hasSize(2);
            assertThat(parcels.labelled).hasValue(2);
        }
    }

    @Test
    void aShippedReportThatCannotBeTakenIsQuarantinedAndTheNextGoesOn() throws Exception {
        Parcels parcels = new Parcels();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = new RouteHarness(properties(), Map.of("shipments", parcels, "deadLetters", deadLetters, "shipmentFeed", new Feed()),
                "routes/orders/shipments.yaml")) {
            h.drive("warehouse-shipped").start("warehouse-shipped");
            assertThat(h.send("warehouse-shipped", "not json", Map.of()).getException()).isNull();
            assertThat(h.send("warehouse-shipped", "{\"shipmentId\":\"x\"}", Map.of()).getException()).isNull();
            assertThat(parcels.reports).containsExactly("not json", "{\"shipmentId\":\"x\"}");
            // the bad one parked once, not retried
            assertThat(deadLetters.parked).singleElement().satisfies(e ->
                    assertThat(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)).isInstanceOf(BadInputException.class));
        }
    }
}
