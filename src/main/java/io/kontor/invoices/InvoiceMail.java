package io.kontor.invoices;

import io.kontor.platform.BadInputException;
import io.kontor.platform.Digests;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Takes one mail from the accounts-payable mailbox: keeps it whole as evidence, then captures each attached invoice
 * (PDF or XML) like any other file, linked to the mail. A mail is taken once (by its Message-ID). A mail with more
 * attachments than allowed is kept but none of them captured — a person looks at it; an attachment over the size
 * limit is refused on its own and the others still go through. The outcome is recorded with the mail.
 */
@Component("invoiceMail")
public class InvoiceMail {

    private static final Logger log = LoggerFactory.getLogger(InvoiceMail.class);

    private final InvoiceCapture capture;
    private final JdbcTemplate jdbc;
    private final InvoiceProperties properties;
    private final MeterRegistry meters;

    public InvoiceMail(InvoiceCapture capture, JdbcTemplate jdbc, InvoiceProperties properties, MeterRegistry meters) {
        this.capture = capture;
        this.jdbc = jdbc;
        this.properties = properties;
        this.meters = meters;
    }

    /** {@code content} is null when the attachment is bigger than an invoice may be (it is not read further). */
    private record Attachment(String fileName, String mediaType, byte[] content) {
    }

    public void capture(Exchange exchange) throws MessagingException, IOException {
        MailMessage mail = exchange.getIn(MailMessage.class);
        Message message = mail != null && mail.getOriginalMessage() != null ? mail.getOriginalMessage()
                : exchange.getMessage().getBody(Message.class);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        byte[] bytes = raw.toByteArray();
        String messageId = message instanceof MimeMessage mime && mime.getMessageID() != null
                ? mime.getMessageID() : "<sha256:" + Digests.sha256Hex(bytes) + ">";
        if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from invoice_mails where message_id = ?)", Boolean.class, messageId))) {
            log.info("Mail {} was taken before; left alone", messageId);
            return;
        }
        List<Attachment> attachments = new ArrayList<>();
        collect(message, attachments, 0);
        List<String> outcome = new ArrayList<>();
        boolean tooMany = attachments.size() > properties.mailMaxAttachments();
        if (attachments.isEmpty()) {
            outcome.add("no invoice attached");
        } else if (tooMany) {
            outcome.add(attachments.size() + " attachments, at most " + properties.mailMaxAttachments()
                    + " are taken from one mail: kept for a person, none captured");
        }
        jdbc.update("""
                insert into invoice_mails (message_id, sha256, raw, sender, subject, sent_at, attachments, outcome)
                values (?, ?, ?, ?, ?, ?, ?, ?)""",
                messageId, Digests.sha256Hex(bytes), bytes, sender(message), message.getSubject(),
                message.getSentDate() == null ? null : new Timestamp(message.getSentDate().getTime()),
                attachments.size(), String.join("; ", outcome));
        if (!tooMany) {
            for (Attachment a : attachments) {
                if (a.content() == null) {
                    outcome.add(a.fileName() + ": refused, more than " + properties.maxDocumentSize().toBytes() + " bytes");
                    continue;
                }
                try {
                    InvoiceCapture.Captured captured = capture.capture(a.content(), a.fileName(), a.mediaType(), "MAIL", messageId);
                    outcome.add(a.fileName() + ": " + captured.invoice().status() + " " + captured.invoice().id());
                } catch (BadInputException refused) {
                    outcome.add(a.fileName() + ": refused, " + refused.getMessage());
                }
            }
            jdbc.update("update invoice_mails set outcome = ? where message_id = ?", String.join("; ", outcome), messageId);
        }
        meters.counter("kontor.invoices.mails", "outcome", tooMany ? "too_many_attachments" : attachments.isEmpty() ? "none" : "captured").increment();
        log.info("Mail {} from {} ({} attachments): {}", messageId, sender(message), attachments.size(), String.join("; ", outcome));
    }

    /** PDF and XML parts anywhere in the mail, attachments or inline; the mail's text itself is not an invoice. */
    private void collect(Part part, List<Attachment> found, int depth) throws MessagingException, IOException {
        if (depth > 10) {
            throw new BadInputException("the mail nests its parts deeper than any real mail");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, found, depth + 1);
            }
            return;
        }
        String name = part.getFileName() == null ? null : MimeUtility.decodeText(part.getFileName());
        String type = part.getContentType() == null ? "" : part.getContentType().toLowerCase(Locale.ROOT);
        String lowerName = name == null ? "" : name.toLowerCase(Locale.ROOT);
        boolean invoiceLike = lowerName.endsWith(".pdf") || lowerName.endsWith(".xml")
                || type.startsWith("application/pdf") || type.startsWith("application/xml") || type.startsWith("text/xml");
        if (!invoiceLike || (name == null && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && type.startsWith("text/"))) {
            return;
        }
        long limit = properties.maxDocumentSize().toBytes();
        byte[] content;
        try (InputStream in = part.getInputStream()) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        }
        found.add(new Attachment(name == null ? "attachment-" + (found.size() + 1) : name, type.split(";")[0].strip(),
                content.length > limit ? null : content));
    }

    private static String sender(Message message) throws MessagingException {
        return message.getFrom() == null || message.getFrom().length == 0 ? null
                : message.getFrom()[0] instanceof InternetAddress a ? a.getAddress() : message.getFrom()[0].toString();
    }
}
