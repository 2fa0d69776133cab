package io.kontor.channel;

import io.kontor.platform.BadInputException;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pushed and dropped order sources on their own: routes/orders/shopify-webhooks.yaml (a verified delivery keyed by
 * its event id onto the inbox, a failure back to the controller; the inbox a batch at a time, ids taken only after the
 * orders are on the queue) and the wholesale files (a file's orders as one batch; bad input quarantined, anything
 * else back to the file source, which leaves the file for its next poll).
 */
class ChannelInboundRoutesTest {

    /** Stands in for the Shopify inbox and the wholesale mapping alike. */
    public static final class Source {
        final List<String> events = new CopyOnWriteArrayList<>();
        int records = 1;
        Exception failWith;

        public List<Message> orders(Exchange exchange) throws Exception {
            return records(exchange, "orders");
        }

        public void taken(Exchange exchange) {
            events.add("taken");
        }

        public List<Message> fromCsv(Exchange exchange, String routeId, String partner) throws Exception {
            return records(exchange, "csv " + partner);
        }

        public List<Message> fromEdifact(Exchange exchange, String routeId, String partner, String currency) throws Exception {
            return records(exchange, "edifact " + partner + " " + currency);
        }

        private List<Message> records(Exchange exchange, String what) throws Exception {
            events.add(what);
            if (failWith != null) {
                throw failWith;
            }
            return RouteHarness.records(exchange, records);
        }
    }

    /** What the files' other routes and kamelets call; none of them runs here. */
    public static final class Idle {
        public void purge() {
        }

        public boolean seen(Exchange exchange, String repository) {
            return false;
        }

        public void taken(Exchange exchange, String repository) {
        }

        public void render(Exchange exchange, String format, String partner, String gln) {
        }

        public List<Object> due(String channel, String account, int limit) {
            return List.of();
        }

        public void confirmed(Object notice, Object references) {
        }

        public void failed(Object notice, Exception e) {
        }
    }

    private static RouteHarness harness(Source source, ParkedMessages deadLetters, String file) throws Exception {
        Map<String, Object> beans = new HashMap<>(Map.of("shopifyWebhookInbox", source, "wholesaleOrders", source, "deadLetters", deadLetters,
                "processedMessageIds", new Idle(), "takenFiles", new Idle(), "wholesaleShipmentFiles", new Idle(),
                "shipmentConfirmations", new Idle(), "wholesaleStockFiles", new Idle(), "stockSync", new StockSyncRoutesTest.Sync()));
        for (String repository : List.of("wholesaleCsvFiles", "wholesaleEdifactFiles")) {
            beans.put(repository, MemoryIdempotentRepository.memoryIdempotentRepository(10));
        }
        return new RouteHarness(RouteHarness.applicationProperties(Map.of("kontor.topics.orders", "orders",
                "kontor.topics.shopify-webhooks", "shopify-webhooks", "kontor.instance", "test",
                "kontor.channels.wholesale-csv.enabled", "false", "kontor.channels.wholesale-edifact.enabled", "false",
                "kontor.channels.wholesale-csv.partner", "ACME", "kontor.retry.first-delay", "1", "kontor.retry.longest-delay", "2",
                "kontor.stock.sync-enabled", "false")), beans, "routes/stock/stock-sync.yaml", file);
    }

    @Test
    void aVerifiedShopifyDeliveryGoesToTheInboxKeyedByItsEventIdOrItsFailureBackToTheController() throws Exception {
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(new Source(), deadLetters, "routes/orders/shopify-webhooks.yaml")) {
            h.drive("shopify-webhook-inbox").drive("shopify-order-webhooks").start();
            assertThat(h.send("shopify-webhook-inbox", "{\"id\":1}", Map.of("kontorShopifyEventId", "evt-1")).getException()).isNull();
            assertThat(h.kafka().getExchanges().get(0).getMessage().getHeader("kafka.KEY")).isEqualTo("evt-1");

            h.kafka().whenAnyExchangeReceived(e -> {
                throw new IOException("no leader for the inbox");
            });
            Exchange failed = h.send("shopify-webhook-inbox", "{\"id\":2}", Map.of("kontorShopifyEventId", "evt-2"));
            assertThat(failed.getException()).as("the controller answers 503, Shopify delivers again; parked %s, caught %s, mock %s", deadLetters.parked.size(),
                    failed.getProperty(Exchange.EXCEPTION_CAUGHT), h.kafka().getReceivedCounter()).isInstanceOf(IOException.class);
            assertThat(deadLetters.parked).isEmpty();
        }
    }

    @Test
    void theInboxIsReadABatchAtATimeAndItsIdsAreTakenOnlyOnceTheOrdersAreOnTheQueue() throws Exception {
        Source inbox = new Source();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(inbox, deadLetters, "routes/orders/shopify-webhooks.yaml")) {
            h.drive("shopify-webhook-inbox").drive("shopify-order-webhooks").start();
            inbox.records = 3;
            assertThat(h.send("shopify-order-webhooks", List.of(), Map.of()).getException()).isNull();
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
            inbox.records = 0;
            h.send("shopify-order-webhooks", List.of(), Map.of());
            assertThat(h.kafka().getReceivedCounter()).as("duplicates only: nothing sent").isEqualTo(1);
            assertThat(inbox.events).containsExactly("orders", "taken", "orders", "taken");

            inbox.records = 2;
            h.kafka().whenAnyExchangeReceived(e -> {
                throw new IOException("no leader for the order queue");
            });
            inbox.events.clear();
            h.send("shopify-order-webhooks", List.of(), Map.of());
            assertThat(inbox.events).as("not taken: the batch is read again").containsExactly("orders");
            assertThat(deadLetters.parked).hasSize(1);
        }
    }

    @Test
    void aWholesaleFilesOrdersAreOneBatchBadInputIsQuarantinedAndOtherFailuresGoBackToTheFileSource() throws Exception {
        for (String[] file : List.of(new String[]{"routes/orders/wholesale-csv-orders.yaml", "wholesale-csv-orders", "csv ACME"},
                new String[]{"routes/orders/wholesale-edifact-orders.yaml", "wholesale-edifact-orders", "edifact ACME EUR"})) {
            Source source = new Source();
            ParkedMessages deadLetters = new ParkedMessages();
            try (RouteHarness h = harness(source, deadLetters, file[0])) {
                h.drive(file[1]).start(file[1]);
                source.records = 4;
                assertThat(h.send(file[1], "file", Map.of()).getException()).isNull();
                assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
                assertThat(source.events).containsExactly(file[2]);

                source.failWith = new BadInputException("line 3: quantity 'x' is not a number");
                assertThat(h.send(file[1], "file", Map.of()).getException()).isNull();
                assertThat(deadLetters.parked).hasSize(1);

                source.failWith = new IOException("the database is restarting");
                assertThat(h.send(file[1], "file", Map.of()).getException()).isInstanceOf(IOException.class);
                assertThat(deadLetters.parked).hasSize(1);
                assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
            }
        }
    }
}
