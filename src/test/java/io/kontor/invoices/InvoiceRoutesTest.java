package io.kontor.invoices;

import io.kontor.platform.FileDrops;
import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/invoices/invoice-capture.yaml on its own: where a dropped file ends (done/, or error/ with a reason file, or
 * left in the inbox when capture failed for a reason a later poll can overcome), the invoice feed marked published
 * only once Kafka has it, and rejection notices marked sent only once their endpoint took them.
 */
class InvoiceRoutesTest {

    @TempDir
    Path inbox;

    /** Stands in for the capture: decides by file name, as the real one decides by content. */
    public static final class Capture {
        final List<String> seen = new CopyOnWriteArrayList<>();
        volatile boolean databaseDown;

        public void capture(Exchange exchange, String channel) {
            String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
            seen.add(channel + " " + name);
            if (databaseDown) {
                throw new UncheckedIOException(new IOException("the database is restarting"));
            }
            exchange.setProperty(FileDrops.OUTCOME, name.startsWith("bad") ? "error" : "done");
            if (name.startsWith("bad")) {
                exchange.setProperty(FileDrops.REJECTION, "not an invoice: no known format");
            }
        }
    }

    public static final class Feed {
        final List<String> next = new ArrayList<>();
        final List<Integer> published = new ArrayList<>();

        public List<Message> pending(Exchange exchange) {
            List<Message> out = new ArrayList<>();
            for (String json : next) {
                Message m = new DefaultMessage(exchange);
                m.setBody(json);
                out.add(m);
            }
            next.clear();
            return out;
        }

        @SuppressWarnings("unchecked")
        public void published(Exchange exchange) {
            published.add(exchange.getMessage().getBody(List.class).size());
        }
    }

    public static final class Notices {
        final List<Map<String, Object>> next = new ArrayList<>();
        final List<Object> sent = new ArrayList<>();

        public List<Map<String, Object>> pending() {
            List<Map<String, Object>> out = List.copyOf(next);
            next.clear();
            return out;
        }

        public void sent(Map<String, Object> notice) {
            sent.add(notice.get("invoiceId"));
        }
    }

    /** What the file's other routes call; none of them runs here. */
    public static final class Idle {
        public void capture(Exchange exchange) {
        }

        public void matchRecords(Exchange exchange) {
        }

        public void escalate() {
        }

        public boolean seen(Exchange exchange, String repository) {
            return false;
        }

        public void taken(Exchange exchange, String repository) {
        }
    }

    private RouteHarness harness(Capture files, Feed feed, Notices notices, ParkedMessages deadLetters) throws Exception {
        Map<String, Object> beans = new HashMap<>(Map.of("invoiceFiles", files, "invoiceFeed", feed, "rejectionNotices", notices,
                "deadLetters", deadLetters, "invoiceMail", new Idle(), "invoiceMatching", new Idle(), "invoiceApprovals", new Idle(),
                "takenFiles", new Idle(), "invoiceSftpFiles", MemoryIdempotentRepository.memoryIdempotentRepository(10)));
        return new RouteHarness(RouteHarness.applicationProperties(Map.of("kontor.invoices.inbox", inbox.toString(),
                "kontor.invoices.inbox-enabled", "true", "kontor.invoices.inbox-poll-delay", "50",
                "kontor.invoices.mailbox.enabled", "false", "kontor.invoices.sftp.enabled", "false",
                "kontor.invoices.rejection-notice.endpoint", "mock:notices", "kontor.topics.invoices", "invoices",
                "kontor.retry.first-delay", "1", "kontor.retry.longest-delay", "2")), beans, "routes/invoices/invoice-capture.yaml")
                .drive("invoice-feed").drive("invoice-rejection-notices").drive("invoice-matching").start();
    }

    @Test
    void aDroppedFileEndsInDoneOrInErrorWithItsReasonOrWaitsWhenCaptureCouldNotRun() throws Exception {
        Capture files = new Capture();
        files.databaseDown = true;
        try (RouteHarness h = harness(files, new Feed(), new Notices(), new ParkedMessages())) {
            Files.writeString(inbox.resolve("waits.xml"), "<Invoice/>");
            await().atMost(Duration.ofSeconds(10)).until(() -> files.seen.size() >= 2);
            assertThat(inbox.resolve("waits.xml")).as("tried again by the next poll").exists();

            files.databaseDown = false;
            Files.writeString(inbox.resolve("bad.pdf"), "%PDF-1.7 garbage");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done/waits.xml"))
                    && Files.exists(inbox.resolve("error/bad.pdf")));
            assertThat(inbox.resolve("waits.xml")).doesNotExist();
            assertThat(Files.readString(inbox.resolve("error/bad.pdf.reason.txt"))).isEqualTo("not an invoice: no known format\n");
            assertThat(inbox.resolve("done/bad.pdf")).doesNotExist();
            assertThat(files.seen).allMatch(s -> s.startsWith("FOLDER "));
        }
    }

    @Test
    void theFeedIsMarkedPublishedOnlyOnceKafkaHasIt() throws Exception {
        Feed feed = new Feed();
        ParkedMessages deadLetters = new ParkedMessages();
        try (RouteHarness h = harness(new Capture(), feed, new Notices(), deadLetters)) {
            h.send("invoice-feed", null, Map.of());
            assertThat(h.kafka().getReceivedCounter()).as("nothing pending, nothing sent").isZero();

            feed.next.addAll(List.of("{\"id\":1}", "{\"id\":2}"));
            assertThat(h.send("invoice-feed", null, Map.of()).getException()).isNull();
            assertThat(h.kafka().getReceivedCounter()).isEqualTo(1);
            assertThat(feed.published).containsExactly(2);

            h.kafka().whenAnyExchangeReceived(e -> {
                throw new IOException("no leader for kontor.invoices.v1");
            });
            feed.next.add("{\"id\":3}");
            h.send("invoice-feed", null, Map.of());
            assertThat(feed.published).as("still pending: the next tick sends it again").containsExactly(2);
            assertThat(deadLetters.parked).hasSize(1);
        }
    }

    @Test
    void aRejectionNoticeIsMarkedSentOnlyOnceItsEndpointTookIt() throws Exception {
        Notices notices = new Notices();
        try (RouteHarness h = harness(new Capture(), new Feed(), notices, new ParkedMessages())) {
            MockEndpoint endpoint = h.camel.getEndpoint("mock:notices", MockEndpoint.class);
            notices.next.add(Map.of("invoiceId", "inv-1", "to", "ar@supplier.example", "subject", "Invoice R-1 rejected", "text", "BR-CO-15"));
            notices.next.add(Map.of("invoiceId", "inv-2", "to", "ar@other.example", "subject", "Invoice R-2 rejected", "text", "BR-16"));
            assertThat(h.send("invoice-rejection-notices", null, Map.of()).getException()).isNull();
            assertThat(endpoint.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader("To")).containsExactly("ar@supplier.example", "ar@other.example");
            assertThat(endpoint.getReceivedExchanges().get(0).getMessage().getHeader("Subject")).isEqualTo("Invoice R-1 rejected");
            assertThat(endpoint.getReceivedExchanges().get(0).getMessage().getBody(String.class)).isEqualTo("BR-CO-15");
            assertThat(notices.sent).containsExactly("inv-1", "inv-2");

            endpoint.whenAnyExchangeReceived(e -> {
                throw new IOException("SMTP server refused the connection");
            });
            notices.next.add(Map.of("invoiceId", "inv-3", "to", "ar@third.example", "subject", "Invoice R-3 rejected", "text", "BR-CO-10"));
            h.send("invoice-rejection-notices", null, Map.of());
            assertThat(notices.sent).as("not sent: tried again later").containsExactly("inv-1", "inv-2");
        }
    }
}
