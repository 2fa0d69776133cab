package io.kontor.it.invoices;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import io.kontor.it.TopicReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.prowidesoftware.swift.model.mx.MxPain00100109;
import io.kontor.payments.Pain001Schema;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction34;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Line;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Spec;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static io.kontor.it.invoices.InvoiceApi.client;
import static io.kontor.it.invoices.InvoiceApi.get;
import static io.kontor.it.invoices.TestMails.mail;
import static io.kontor.it.invoices.TestMails.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole supplier invoice workflow on real PostgreSQL, Kafka and IMAP: invoices mailed in, captured, matched
 * against orders and receipts, approved (by the hub and by a person), and paid in one SEPA pain.001 file — with
 * the cash discount taken, a credit note set off, and a supplier's changed account held until a second person
 * confirms it. Each invoice is paid once.
 */
class SupplierInvoiceEndToEndIT {

    private static final String OLD_ACCOUNT = "DE02120300000000202051";
    private static final String NEW_ACCOUNT = "DE75512108001245126199";
    /** Nordtex has been paid to OLD_ACCOUNT for a year; this invoice asks for NEW_ACCOUNT. */
    private static final Supplier NORDTEX = new Supplier("Nordtex Textil GmbH", "DE811234567", "Weberstraße 4", "48143", "Münster", "DE",
            NEW_ACCOUNT, "BYLADEM1001", "rechnung@nordtex.example");

    @TempDir
    Path dir;

    @Test
    void mailedInvoicesAreMatchedApprovedAndPaidOnce() throws Exception {
        GreenMail mailServer = new GreenMail(new ServerSetup[]{new ServerSetup(TestInfrastructure.freePort(), "127.0.0.1", "imap")});
        mailServer.start();
        LocalDate today = LocalDate.now();
        Path bank = dir.resolve("bank");
        try (Hub hub = new Hub("invoice-e2e", null, dir)
                .with("kontor.invoices.mailbox.enabled", true)
                .with("kontor.invoices.mailbox.protocol", "imap")
                .with("kontor.invoices.mailbox.host", "127.0.0.1")
                .with("kontor.invoices.mailbox.port", mailServer.getImap().getPort())
                .with("kontor.invoices.mailbox.username", "ap")
                .with("kontor.invoices.mailbox.password", "mail-secret")
                .with("kontor.invoices.mailbox.poll-delay", 500)
                .with("kontor.invoices.approval.approvers.alice.password", "alice-pw")
                .with("kontor.invoices.approval.approvers.alice.roles", "ap-clerk")
                .with("kontor.payments.bank-drop-dir", bank)
                .start()) {
            GreenMailUser ap = mailServer.setUser("ap@kontor.example", "ap", "mail-secret");
            RestClient admin = client(hub, "admin", Hub.ADMIN_PASSWORD);
            RestClient alice = client(hub, "alice", "alice-pw");
            JdbcTemplate db = hub.jdbc();
            db.update("insert into supplier_bank_accounts (supplier_key, iban, first_seen_at) values ('DE811234567', ?, now() - interval '400 days')",
                    OLD_ACCOUNT);
            post(admin, "/api/purchase-orders", """
                    {"number":"PO-1","supplierVatId":"DE123456788","currency":"EUR","lines":[
                      {"lineNo":1,"sku":"TB100A4","quantity":"20","unitPrice":"9.90"},{"lineNo":2,"sku":"ARNR2","quantity":"50","unitPrice":"5.50"}]}""");
            post(admin, "/api/goods-receipts", """
                    {"id":"GR-1","purchaseOrder":"PO-1","lines":[{"purchaseOrderLine":1,"quantity":"20"},{"purchaseOrderLine":2,"quantity":"50"}]}""");
            post(admin, "/api/purchase-orders", """
                    {"number":"PO-2","supplierVatId":"DE811234567","currency":"EUR","lines":[{"lineNo":1,"sku":"TS-BLK-M","quantity":"100","unitPrice":"11.20"}]}""");
            post(admin, "/api/goods-receipts", """
                    {"id":"GR-2","purchaseOrder":"PO-2","lines":[{"purchaseOrderLine":1,"quantity":"100"}]}""");

            // Papier Müller: an invoice with 2 % Skonto for 14 days (XRechnung's #SKONTO# terms), later a credit note
            String skonto = new String(SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RE-1", today.minusDays(10), "PO-1")),
                    StandardCharsets.UTF_8).replace("Zahlbar innerhalb 30 Tagen ohne Abzug", "#SKONTO#TAGE=14#PROZENT=2.00#\nZahlbar innerhalb 30 Tagen ohne Abzug");
            ap.deliver(mail("<re-1@papier.example>", "Rechnung RE-1", part("RE-1.xml", "application/xml", skonto.getBytes(StandardCharsets.UTF_8))));
            // Nordtex: 100 shirts (1,332.80), a ZUGFeRD PDF, paid to a new account
            byte[] nordtexPdf = SupplierInvoiceFactory.zugferdPdf(new Spec("NT-77", today.minusDays(25), 30, NORDTEX, "KONTOR-AP-1", "PO-2",
                    List.of(new Line("TS-BLK-M", "Organic T-Shirt", new BigDecimal("100"), new BigDecimal("11.20"), new BigDecimal("19"))), false));
            ap.deliver(mail("<nt-77@nordtex.example>", "Rechnung NT-77", part("NT-77.pdf", "application/pdf", nordtexPdf)));

            String re1 = awaitInvoice(db, "RE-1", "APPROVED");
            String nt77 = awaitInvoice(db, "NT-77", "AWAITING_APPROVAL");
            assertThat(decide(alice, nt77, "shirts for the winter collection")).isEqualTo(200);

            ap.deliver(mail("<gs-1@papier.example>", "Gutschrift GS-1", part("GS-1.xml", "application/xml", SupplierInvoiceFactory.xrechnungCii(
                    new Spec("GS-1", today.minusDays(5), 30, SupplierInvoicesFixture.PAPER, "KONTOR-AP-1", "PO-1",
                            List.of(new Line("TB100A4", "Trennblätter A4", new BigDecimal("5"), new BigDecimal("9.90"), new BigDecimal("19"))), true)))));
            String gs1 = awaitInvoice(db, "GS-1", "APPROVED");

            // the run: Papier Müller's invoice less 2 % (529.87 - 10.60) less the credit note (58.91); Nordtex held
            JsonNode run = post(admin, "/api/payment-runs", "{}");
            assertThat(run.get("transactions").asInt()).isEqualTo(1);
            assertThat(run.get("controlSum").decimalValue()).isEqualByComparingTo("460.36");
            CreditTransferTransaction34 paper = transfers(bank, run.get("fileName").asText()).get(0);
            assertThat(paper.getCdtrAcct().getId().getIBAN()).isEqualTo("DE89370400440532013000");
            assertThat(paper.getRmtInf().getUstrd().get(0)).contains("RE-1", "./. GS-1");
            assertThat(get(admin, "/api/invoices/" + re1).get("status").asText()).isEqualTo("IN_PAYMENT");
            assertThat(get(admin, "/api/invoices/" + gs1).get("status").asText()).isEqualTo("IN_PAYMENT");
            JsonNode held = get(admin, "/api/invoices/" + nt77);
            assertThat(held.get("status").asText()).isEqualTo("APPROVED");
            assertThat(held.get("events").findValuesAsText("action")).contains("PAYMENT_HELD");

            // the approver may not confirm the account her approval brought in; a second person may
            assertThat(admin.get().uri("/api/supplier-accounts/held").retrieve().body(JsonNode.class)).hasSize(1);
            assertThat(confirm(alice, "DE811234567", NEW_ACCOUNT)).isEqualTo(403);
            assertThat(confirm(admin, "DE811234567", NEW_ACCOUNT)).isEqualTo(200);
            JsonNode second = post(admin, "/api/payment-runs", "{}");
            assertThat(second.get("controlSum").decimalValue()).isEqualByComparingTo("1332.80");
            assertThat(transfers(bank, second.get("fileName").asText()).get(0).getCdtrAcct().getId().getIBAN()).isEqualTo(NEW_ACCOUNT);

            // nothing is paid twice: a third run finds nothing, and says so
            JsonNode third = post(admin, "/api/payment-runs", "{}");
            assertThat(third.get("transactions").asInt()).isZero();
            assertThat(third.get("reason").asText()).isEqualTo("no approved invoice waits for payment");

            // an approved invoice due in 30 days (not the amount of RE-1, or it would be a suspected duplicate) is not paid by a run with a 7-day horizon: the answer names its date
            post(admin, "/api/purchase-orders", """
                    {"number":"PO-3","supplierVatId":"DE123456788","currency":"EUR","lines":[
                      {"lineNo":1,"sku":"TB100A4","quantity":"30","unitPrice":"9.90"},{"lineNo":2,"sku":"ARNR2","quantity":"50","unitPrice":"5.50"}]}""");
            post(admin, "/api/goods-receipts", """
                    {"id":"GR-3","purchaseOrder":"PO-3","lines":[{"purchaseOrderLine":1,"quantity":"30"},{"purchaseOrderLine":2,"quantity":"50"}]}""");
            ap.deliver(mail("<re-2@papier.example>", "Rechnung RE-2", part("RE-2.xml", "application/xml",
                    SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RE-2", today, "PO-3", 30)))));
            awaitInvoice(db, "RE-2", "APPROVED");
            JsonNode notYet = post(admin, "/api/payment-runs", "{}");
            assertThat(notYet.get("transactions").asInt()).isZero();
            assertThat(notYet.get("nextDueDate").asText()).isEqualTo(today.plusDays(30).toString());
            assertThat(notYet.get("reason").asText()).contains("no approved invoice falls due by " + today.plusDays(7), "the next on " + today.plusDays(30));
            assertThat(db.queryForObject("select count(*) from payment_run_items", Integer.class)).isEqualTo(3);
            // every mailed invoice is kept with its mail (RE-2 too)
            assertThat(db.queryForObject("select count(*) from invoice_documents where mail_message_id is not null", Integer.class)).isEqualTo(4);

            // the ERP got each approved invoice once and both payment proposals, on its topics and as files
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(TopicReader.readAll(hub.erpInvoicesTopic)).extracting(r -> r.key()).contains(re1, gs1, nt77).hasSize(4);
                assertThat(TopicReader.readAll(hub.erpPaymentsTopic)).hasSize(2);
            });
            // the first run's proposal (records of several partitions come back in no particular order)
            JsonNode proposal = new com.fasterxml.jackson.databind.ObjectMapper().readTree(TopicReader.readAll(hub.erpPaymentsTopic).stream()
                    .filter(r -> r.key().equals(run.get("id").asText())).findFirst().orElseThrow().value());
            assertThat(proposal.get("items").findValuesAsText("number")).containsExactlyInAnyOrder("RE-1", "GS-1");
            assertThat(proposal.get("items").findValues("discount").stream().map(JsonNode::decimalValue))
                    .anySatisfy(d -> assertThat(d).isEqualByComparingTo("10.60"));
            assertThat(hub.erpDir.resolve("invoices/" + re1 + ".json")).exists();
            assertThat(hub.erpDir.resolve("payments/" + run.get("messageId").asText() + ".json")).exists();
        } finally {
            mailServer.stop();
        }
    }

    private static List<CreditTransferTransaction34> transfers(Path bank, String fileName) throws Exception {
        Path file = bank.resolve(fileName);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file));
        try (Stream<Path> files = Files.list(bank)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty();
        }
        Pain001Schema.validate(Files.readString(file));
        return MxPain00100109.parse(Files.readString(file)).getCstmrCdtTrfInitn().getPmtInf().stream()
                .flatMap(p -> p.getCdtTrfTxInf().stream()).toList();
    }

    private static String awaitInvoice(JdbcTemplate db, String number, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> db.queryForObject(
                "select count(*) from invoices where number = ? and status = ?", Integer.class, number, status) == 1);
        return db.queryForObject("select id::text from invoices where number = ?", String.class, number);
    }

    private static int decide(RestClient approver, String id, String comment) {
        return approver.post().uri("/api/invoices/" + id + "/approve").contentType(MediaType.APPLICATION_JSON)
                .body("{\"comment\":\"" + comment + "\"}").exchange((req, res) -> res.getStatusCode().value());
    }

    private static int confirm(RestClient client, String supplier, String iban) {
        return client.post().uri("/api/supplier-accounts/" + supplier + "/" + iban + "/confirm").exchange((req, res) -> res.getStatusCode().value());
    }

    private static JsonNode post(RestClient client, String path, String json) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().body(JsonNode.class);
    }
}
