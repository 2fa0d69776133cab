package io.kontor.it.invoices;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import io.kontor.it.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.platform.Digests;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.kontor.it.invoices.InvoiceApi.client;
import static io.kontor.it.invoices.InvoiceApi.form;
import static io.kontor.it.invoices.InvoiceApi.get;
import static io.kontor.it.invoices.InvoiceApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Supplier invoices captured over the API and the watched folder, on real PostgreSQL and Kafka: each file archived
 * once and read into one invoice; an invoice booked once however often and in whatever form it arrives; suspects,
 * rule breakers and hostile files held back with their reason; validated invoices on the invoice topic exactly once.
 */
class SupplierInvoiceCaptureIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate NOV_2 = LocalDate.of(2026, 11, 2);
    private static final String SCANNER_TOKEN = "scanner-4b1e7d0c9a2f48e6b3d5c7a9e1f20b3c";

    @TempDir
    Path dir;

    @Test
    void invoicesAreCapturedOnceValidatedAndCheckedForDuplicates() throws Exception {
        try (Hub hub = new Hub("invoices", null, dir).with("kontor.invoices.max-document-size", "300KB")
                .with("kontor.security.api-clients.scanner.token-sha256", Digests.sha256Hex(SCANNER_TOKEN))
                .with("kontor.security.api-clients.scanner.roles", "OPS").start()) {
            RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
            JdbcTemplate db = hub.jdbc();

            byte[] xml = SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RE-2026-0147", NOV_2, "PO-4711"));
            JsonNode first = upload(ops, "RE-2026-0147.xml", xml);
            assertThat(first.get("status").asText()).isEqualTo("VALIDATED");
            String id = first.get("id").asText();

            JsonNode invoice = get(ops, "/api/invoices/" + id);
            assertThat(invoice.get("number").asText()).isEqualTo("RE-2026-0147");
            assertThat(invoice.get("format").asText()).isEqualTo("XRECHNUNG_CII");
            assertThat(invoice.get("issueDate").asText()).isEqualTo("2026-11-02");
            assertThat(invoice.at("/seller/vatId").asText()).isEqualTo("DE123456788");
            assertThat(invoice.get("purchaseOrderReference").asText()).isEqualTo("PO-4711");
            assertThat(invoice.at("/totals/payable").asText()).isEqualTo("529.87");
            assertThat(invoice.get("lines")).hasSize(2);
            assertThat(invoice.at("/sourceDocument/sha256").asText()).isEqualTo(Digests.sha256Hex(xml));
            assertThat(invoice.get("violations")).isEmpty();
            assertThat(invoice.get("warnings").isArray()).isTrue();
            assertThat(invoice.at("/events/0/detail").asText())
                    .contains("checked by CEN/TC 434 EN 16931 CII 1.3.14.2, KoSIT XRechnung 3.0 CII: 0 errors");
            byte[] archived = ops.get().uri("/api/invoices/" + id + "/document").retrieve().body(byte[].class);
            assertThat(archived).isEqualTo(xml);

            // the same file again: the same invoice, nothing new stored
            JsonNode again = upload(ops, "copy.xml", xml);
            assertThat(again.get("id").asText()).isEqualTo(id);
            assertThat(again.get("sameFileAgain").asBoolean()).isTrue();

            // the same invoice as the supplier's ZUGFeRD PDF: never booked twice
            byte[] pdf = SupplierInvoiceFactory.zugferdPdf(SupplierInvoicesFixture.invoice("RE-2026-0147", NOV_2, "PO-4711"));
            JsonNode asPdf = upload(ops, "RE-2026-0147.pdf", pdf);
            assertThat(asPdf.get("status").asText()).isEqualTo("DUPLICATE");
            assertThat(get(ops, "/api/invoices/" + asPdf.get("id").asText()).get("duplicateOf").asText()).isEqualTo(id);

            // two digits swapped and another amount: the supplier's ordinary later invoice
            JsonNode later = upload(ops, "a0.xml", SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-2026-0174", NOV_2.plusDays(40), "PO-4712", 21)));
            assertThat(later.get("status").asText()).isEqualTo("VALIDATED");
            // two digits swapped over the same amount, months later: suspected (a number keyed in wrongly)
            JsonNode swapped = upload(ops, "a.xml", SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-2026-1047", NOV_2.plusDays(90), "PO-4712")));
            assertThat(swapped.get("status").asText()).isEqualTo("DUPLICATE_SUSPECTED");
            assertThat(swapped.get("rule").asText()).isEqualTo("KONTOR-DUPLICATE-SUSPECTED");
            // a new number over the same amount a few days later: suspected
            JsonNode sameAmount = upload(ops, "b.xml", SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-2026-0201", NOV_2.plusDays(5), "PO-4713")));
            assertThat(sameAmount.get("status").asText()).isEqualTo("DUPLICATE_SUSPECTED");
            assertThat(get(ops, "/api/invoices/" + sameAmount.get("id").asText()).at("/rejection/message").asText())
                    .contains("RE-2026-0147", "529.87");
            // a person settles a suspicion (admin, with a comment, once): not a duplicate, so on to matching
            String sameAmountId = sameAmount.get("id").asText();
            RestClient admin = client(hub, "admin", Hub.ADMIN_PASSWORD);
            String decision = "/api/invoices/" + sameAmountId + "/duplicate-decision";
            assertThat(InvoiceApi.post(ops, decision, Map.of("duplicate", false, "comment", "another delivery")).status()).isEqualTo(403);
            assertThat(InvoiceApi.post(admin, decision, Map.of("duplicate", false, "comment", " ")).status()).isEqualTo(400);
            assertThat(InvoiceApi.post(admin, decision, Map.of("duplicate", false, "comment", "a second delivery, ordered twice"))
                    .body().get("status").asText()).isEqualTo("VALIDATED");
            assertThat(InvoiceApi.post(admin, decision, Map.of("duplicate", true, "comment", "changed my mind")).status()).isEqualTo(409);
            JsonNode released = get(ops, "/api/invoices/" + sameAmountId);
            assertThat(released.has("rejection") && !released.get("rejection").isNull()).as("no rejection left").isFalse();
            assertThat(released.get("events").findValuesAsText("detail")).anySatisfy(d -> assertThat(d)
                    .contains("not a duplicate of", "a second delivery, ordered twice"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !"VALIDATED".equals(get(ops, "/api/invoices/" + sameAmountId).get("status").asText()));

            // the supplier's next ordinary invoice is not suspect
            JsonNode next = upload(ops, "c.xml", SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-2026-0202", NOV_2.plusDays(6), "PO-4714", 25)));
            assertThat(next.get("status").asText()).isEqualTo("VALIDATED");

            // broken arithmetic: rejected with the rule
            String tampered = new String(SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RE-2026-0300", NOV_2, null)),
                    StandardCharsets.UTF_8).replace("<ram:DuePayableAmount>529.87", "<ram:DuePayableAmount>592.87");
            JsonNode rejected = upload(ops, "tampered.xml", tampered.getBytes(StandardCharsets.UTF_8));
            assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
            assertThat(rejected.get("rule").asText()).isEqualTo("BR-CO-16");
            // named as the artefact names it, with the artefact that said so
            assertThat(get(ops, "/api/invoices/" + rejected.get("id").asText()).at("/rejection/message").asText())
                    .startsWith("Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112)")
                    .contains("(CEN/TC 434 EN 16931 CII 1.3.14.2, at /");

            // hostile files: rejected with the reason, archived as evidence
            String xxe = new String(xml, StandardCharsets.UTF_8).replaceFirst("<rsm:CrossIndustryInvoice",
                    "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rsm:CrossIndustryInvoice");
            JsonNode hostile = upload(ops, "xxe.xml", xxe.getBytes(StandardCharsets.UTF_8));
            assertThat(hostile.get("status").asText()).isEqualTo("REJECTED");
            assertThat(get(ops, "/api/invoices/" + hostile.get("id").asText()).at("/rejection/message").asText())
                    .contains("document type declaration");
            JsonNode corrupt = upload(ops, "cut.pdf", java.util.Arrays.copyOf(pdf, pdf.length / 2));
            assertThat(corrupt.get("status").asText()).isEqualTo("REJECTED");
            HttpStatusCode tooBig = ops.post().uri("/api/invoices").contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(form("big.pdf", new byte[400_000])).exchange((req, res) -> res.getStatusCode());
            assertThat(tooBig.value()).isEqualTo(413);
            assertThat(db.queryForObject("select count(*) from invoice_documents where size_bytes = 400000", Integer.class)).isZero();

            // anonymous callers get nothing
            int anonymous = RestClient.create("http://localhost:" + hub.port()).get().uri("/api/invoices")
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(anonymous).isEqualTo(401);
            // a machine client with a bearer token (the hub keeps its SHA-256) hands invoices in; a wrong token gets a 401,
            // and the client has its roles only (OPS: no payment runs)
            RestClient scanner = RestClient.builder().baseUrl("http://localhost:" + hub.port())
                    .defaultHeader("Authorization", "Bearer " + SCANNER_TOKEN).build();
            JsonNode scanned = upload(scanner, "scanned-again.xml", xml);
            assertThat(scanned.get("id").asText()).isEqualTo(id);
            assertThat(scanned.get("sameFileAgain").asBoolean()).isTrue();
            int forged = RestClient.builder().baseUrl("http://localhost:" + hub.port()).defaultHeader("Authorization", "Bearer forged")
                    .build().get().uri("/api/invoices").exchange((req, res) -> res.getStatusCode().value());
            assertThat(forged).isEqualTo(401);
            int payments = scanner.post().uri("/api/payment-runs").exchange((req, res) -> res.getStatusCode().value());
            assertThat(payments).isEqualTo(403);

            assertThat(statuses(ops, "DUPLICATE_SUSPECTED")).hasSize(1);
            // the validated ones (and the one released as no duplicate) go on to matching (no purchase orders here: exceptions)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statuses(ops, "EXCEPTION")).hasSize(4));
            assertThat(ops.get().uri("/api/invoices?supplier=müller").retrieve().body(JsonNode.class)).hasSize(7); // the unreadable two have no supplier
            assertThat(db.queryForObject("select count(*) from invoices", Integer.class)).isEqualTo(9);
            assertThat(db.queryForObject("select count(*) from invoice_documents", Integer.class)).isEqualTo(9);

            // validated invoices reach the invoice topic once each, keyed by their id
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(db.queryForObject("select count(*) from invoices where status = 'VALIDATED' and published_at is null",
                            Integer.class)).isZero());
            List<ConsumerRecord<String, String>> records = TopicReader.readAll(hub.invoicesTopic);
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(id, later.get("id").asText(), next.get("id").asText(),
                    sameAmountId);
            assertThat(JSON.readTree(records.get(0).value()).get("status").asText()).isEqualTo("VALIDATED");
        }
    }

    @Test
    void theSameInvoiceArrivingManyTimesAtOnceIsBookedOnce() throws Exception {
        try (Hub hub = new Hub("invoice-race", null, dir).start()) {
            RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
            String xml = new String(SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RACE-1", NOV_2, null)),
                    StandardCharsets.UTF_8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    byte[] variant = (xml + "\n<!-- copy " + i + " -->").getBytes(StandardCharsets.UTF_8); // other bytes, same invoice
                    answers.add(pool.submit((Callable<JsonNode>) () -> upload(ops, "race.xml", variant)));
                }
                List<String> statuses = new ArrayList<>();
                for (Future<JsonNode> a : answers) {
                    statuses.add(a.get().get("status").asText());
                }
                assertThat(statuses).containsOnlyOnce("VALIDATED").filteredOn("DUPLICATE"::equals).hasSize(7);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void filesDroppedIntoTheInboxAreCapturedAndMovedAside() throws Exception {
        try (Hub hub = new Hub("invoice-inbox", null, dir).start()) {
            Files.createDirectories(hub.invoiceInbox);
            Files.write(hub.invoiceInbox.resolve("RE-1.xml"), SupplierInvoicesFixture.xml("RE-1", NOV_2));
            Files.writeString(hub.invoiceInbox.resolve("junk.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/x\"><x/>");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(hub.invoiceInbox.resolve("done/RE-1.xml")).exists();
                assertThat(hub.invoiceInbox.resolve("error/junk.xml")).exists();
            });
            assertThat(Files.readString(hub.invoiceInbox.resolve("error/junk.xml.reason.txt"))).contains("rejected", "KONTOR-READ");
            JdbcTemplate db = hub.jdbc();
            assertThat(db.queryForList("select e.action from invoice_events e join invoices i on i.id = e.invoice_id"
                    + " join invoice_documents d on d.sha256 = i.document_sha256 where d.channel = 'FOLDER' and e.detail like 'captured%'"
                    + " order by e.action", String.class)).containsExactly("REJECTED", "VALIDATED");
        }
    }

    /** The hub stopped while the inbox is being worked through, and started again: every file captured, none twice. */
    @Test
    void anInboxWorkedThroughAcrossARestartLosesNoInvoiceAndBooksNoneTwice() throws Exception {
        int files = 60;
        // five files a look, two looks a second: the stop falls well inside the 60 files
        Hub hub = new Hub("invoice-restart", null, dir).with("kontor.invoices.inbox-poll-delay", 500)
                .with("kontor.invoices.inbox-max-per-poll", 5);
        try (hub) {
            Files.createDirectories(hub.invoiceInbox);
            for (int i = 0; i < files; i++) {
                Files.write(hub.invoiceInbox.resolve("RS-" + i + ".xml"), SupplierInvoiceFactory.xrechnungCii(
                        SupplierInvoicesFixture.invoice("RS-" + i, NOV_2, "PO-9", 20 + i)));
            }
            hub.start();
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(60)).until(() -> db.queryForObject("select count(*) from invoices", Integer.class) >= 5);
            hub.stop(); // mid-inbox
            assertThat(db.queryForObject("select count(*) from invoices", Integer.class)).as("stopped part-way").isLessThan(files);
            hub.start();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                try (var left = Files.list(hub.invoiceInbox)) {
                    assertThat(left.filter(Files::isRegularFile)).isEmpty();
                }
                assertThat(db.queryForObject("select count(*) from invoices where published_at is null", Integer.class)).isZero();
            });
            try (var done = Files.list(hub.invoiceInbox.resolve("done"))) {
                assertThat(done).hasSize(files);
            }
            assertThat(db.queryForList("select number from invoices where status = 'VALIDATED' or status = 'EXCEPTION'", String.class))
                    .hasSize(files).doesNotHaveDuplicates();
            assertThat(db.queryForObject("select count(*) from invoice_events where detail like 'captured%'", Integer.class)).isEqualTo(files);
            // the matching topic has every invoice (at least once: a stop between send and outbox mark sends again;
            // the matching takes a repeat as a no-op)
            assertThat(TopicReader.readAll(hub.invoicesTopic)).extracting(ConsumerRecord::key).containsAll(
                    db.queryForList("select id::text from invoices", String.class));
        }
    }

    @Test
    void invoicesFromAnSftpDropAreCapturedOnceAndRejectedOnesSetAside() throws Exception {
        try (var sftp = io.kontor.sandbox.wholesale.SandboxSftpServer.start(dir.resolve("sftp"), TestInfrastructure.freePort(), "supplier", "sftp-secret");
             Hub hub = new Hub("invoice-sftp", null, dir)
                     .with("kontor.invoices.sftp.enabled", true)
                     .with("kontor.invoices.sftp.port", sftp.port())
                     .with("kontor.invoices.sftp.username", "supplier")
                     .with("kontor.invoices.sftp.password", "sftp-secret")
                     .with("kontor.invoices.sftp.poll-delay", 300)
                     .with("kontor.invoices.sftp.strict-host-key-checking", "no")
                     .start()) {
            Path drop = Files.createDirectories(sftp.root().resolve("invoices"));
            Files.write(drop.resolve("RE-7.pdf"), SupplierInvoiceFactory.zugferdPdf(SupplierInvoicesFixture.invoice("RE-7", NOV_2, null)));
            Files.writeString(drop.resolve("broken.xml"), "<rsm:CrossIndustryInvoice");
            Files.writeString(drop.resolve("notes.txt"), "not an invoice file name: left alone");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(drop.resolve("done/RE-7.pdf")).exists();
                assertThat(drop.resolve("error/broken.xml.reason.txt")).exists();
            });
            assertThat(drop.resolve("notes.txt")).exists();
            assertThat(hub.jdbc().queryForList("""
                    select e.action || ' ' || coalesce(i.number, '-') from invoice_events e join invoices i on i.id = e.invoice_id
                      join invoice_documents d on d.sha256 = i.document_sha256
                     where d.channel = 'SFTP' and e.detail like 'captured%' order by 1""", String.class)).containsExactly("REJECTED -", "VALIDATED RE-7");
        }
    }

    private static List<JsonNode> statuses(RestClient client, String status) {
        List<JsonNode> out = new ArrayList<>();
        client.get().uri("/api/invoices?status=" + status).retrieve().body(JsonNode.class).forEach(out::add);
        return out;
    }
}
