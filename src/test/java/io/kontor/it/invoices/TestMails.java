package io.kontor.it.invoices;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.util.Properties;

/** Mails as suppliers send them: a short text and the invoices attached. */
public final class TestMails {

    public static final Session SESSION = Session.getInstance(new Properties());

    public static MimeMessage mail(String messageId, String subject, MimeBodyPart... attachments) throws Exception {
        MimeMessage message = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress("rechnung@papier-mueller.example"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("ap@kontor.example"));
        message.setSubject(subject, "UTF-8");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Sehr geehrte Damen und Herren,\nanbei unsere Rechnung.", "UTF-8");
        multipart.addBodyPart(text);
        for (MimeBodyPart attachment : attachments) {
            multipart.addBodyPart(attachment);
        }
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    public static MimeBodyPart part(String name, String type, byte[] content) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(content, type)));
        part.setFileName(name);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    private TestMails() {
    }
}
