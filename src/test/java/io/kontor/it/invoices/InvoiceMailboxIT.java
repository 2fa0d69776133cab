package io.kontor.it.invoices;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.kontor.it.invoices.TestMails.mail;
import static io.kontor.it.invoices.TestMails.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The accounts-payable mailbox on a real IMAP server (GreenMail): attached invoices captured and linked to their
 * mail, the mail kept whole; a mail with twenty attachments, an oversized attachment, a hostile XML and a mail sent
 * twice each handled with their reason, without disturbing the others.
 */
class InvoiceMailboxIT {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);

    @TempDir
    Path dir;

    @Test
    void attachedInvoicesAreCapturedAndEveryMailIsKeptWithItsOutcome() throws Exception {
        GreenMail mailServer = new GreenMail(new ServerSetup[]{new ServerSetup(TestInfrastructure.freePort(), "127.0.0.1", "imap"),
                new ServerSetup(TestInfrastructure.freePort(), "127.0.0.1", "smtp")});
        mailServer.start();
        try {
            GreenMailUser ap = mailServer.setUser("ap@kontor.example", "ap", "mail-secret");
            byte[] xml = SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("M-1", DAY, "PO-1"));
            byte[] pdf = SupplierInvoiceFactory.zugferdPdf(SupplierInvoicesFixture.invoice("M-2", DAY.plusDays(20), "PO-2", 30));

            MimeMessage two = mail("<two@supplier.example>", "Rechnungen M-1 und M-2",
                    part("M-1.xml", "application/xml", xml), part("M-2.pdf", "application/pdf", pdf));
            ap.deliver(two);
            ap.deliver(mail("<two@supplier.example>", "Rechnungen M-1 und M-2 (nochmal)",
                    part("M-1.xml", "application/xml", xml)));
            MimeBodyPart[] twenty = new MimeBodyPart[20];
            for (int i = 0; i < twenty.length; i++) {
                twenty[i] = part("scan-" + i + ".pdf", "application/pdf", ("%PDF-1.4 page " + i).getBytes(StandardCharsets.US_ASCII));
            }
            ap.deliver(mail("<twenty@spam.example>", "20 invoices", twenty));
            ap.deliver(mail("<big@supplier.example>", "Rechnung M-3 mit Katalog",
                    part("katalog.pdf", "application/pdf", new byte[300_000]),
                    part("M-3.xml", "application/xml", SupplierInvoiceFactory.xrechnungCii(
                            SupplierInvoicesFixture.invoice("M-3", DAY.plusDays(40), "PO-3", 40)))));
            String xxe = new String(xml, StandardCharsets.UTF_8).replaceFirst("<rsm:CrossIndustryInvoice",
                    "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rsm:CrossIndustryInvoice");
            ap.deliver(mail("<xxe@attacker.example>", "invoice", part("invoice.xml", "text/xml", xxe.getBytes(StandardCharsets.UTF_8))));
            ap.deliver(mail("<hello@supplier.example>", "Kurze Frage"));

            try (Hub hub = new Hub("mailbox", null, dir)
                    .with("kontor.invoices.max-document-size", "200KB")
                    .with("kontor.invoices.mailbox.enabled", true)
                    .with("kontor.invoices.mailbox.protocol", "imap")
                    .with("kontor.invoices.mailbox.host", "127.0.0.1")
                    .with("kontor.invoices.mailbox.port", mailServer.getImap().getPort())
                    .with("kontor.invoices.mailbox.username", "ap")
                    .with("kontor.invoices.mailbox.password", "mail-secret")
                    .with("kontor.invoices.mailbox.poll-delay", 500)
                    .with("kontor.invoices.rejection-notice.endpoint", "smtp://127.0.0.1:" + mailServer.getSmtp().getPort() + "?from=ap@kontor.example")
                    .with("kontor.invoices.rejection-notice.interval", 500)
                    .start()) {
                JdbcTemplate db = hub.jdbc();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(db.queryForObject("select count(*) from invoice_mails", Integer.class)).isEqualTo(5));

                Map<String, String> outcomes = new java.util.HashMap<>();
                db.query("select message_id, outcome from invoice_mails", rs -> {
                    outcomes.put(rs.getString(1), rs.getString(2));
                });
                assertThat(outcomes.get("<two@supplier.example>")).contains("M-1.xml: VALIDATED", "M-2.pdf: VALIDATED");
                assertThat(outcomes.get("<twenty@spam.example>")).contains("20 attachments, at most 10");
                assertThat(outcomes.get("<big@supplier.example>")).contains("katalog.pdf: refused", "M-3.xml: VALIDATED");
                assertThat(outcomes.get("<xxe@attacker.example>")).contains("invoice.xml: REJECTED");
                assertThat(outcomes.get("<hello@supplier.example>")).isEqualTo("no invoice attached");

                // the mail is kept byte for byte, and each invoice knows the mail it came with
                byte[] kept = db.queryForObject("select raw from invoice_mails where message_id = '<two@supplier.example>'", byte[].class);
                assertThat(new String(kept, StandardCharsets.UTF_8)).contains("Subject: Rechnungen M-1 und M-2");
                List<String> fromTwo = db.queryForList("""
                        select i.number from invoices i join invoice_documents d on d.sha256 = i.document_sha256
                         where d.mail_message_id = '<two@supplier.example>' order by i.number""", String.class);
                assertThat(fromTwo).containsExactly("M-1", "M-2");
                // nothing of the twenty-attachment mail was captured; the second delivery of a mail was not taken again
                assertThat(db.queryForObject("select count(*) from invoices", Integer.class)).isEqualTo(4);
                assertThat(db.queryForObject("select count(*) from invoice_documents where file_name like 'scan-%'", Integer.class)).isZero();
                assertThat(db.queryForObject("select count(*) from invoices where status = 'REJECTED'", Integer.class)).isEqualTo(1);

                // taken mails are marked read in the mailbox, and none was deleted
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(unread(mailServer)).isZero());
                // the supplier who mailed the unreadable invoice is told why (it names no contact of its own)
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(mailServer.getReceivedMessagesForDomain("papier-mueller.example")).singleElement().satisfies(notice -> {
                            assertThat(notice.getSubject()).contains("invoice.xml", "abgelehnt");
                            assertThat(String.valueOf(notice.getContent())).contains("document type declaration");
                        }));
                assertThat(mailServer.getReceivedMessagesForDomain("kontor.example")).hasSize(6);
            }
        } finally {
            mailServer.stop();
        }
    }

    private static long unread(GreenMail server) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", server.getImap().getPort(), "ap", "mail-secret");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            long count = 0;
            for (Message m : inbox.getMessages()) {
                if (!m.isSet(Flags.Flag.SEEN)) {
                    count++;
                }
            }
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }
}
