package io.kontor.invoices;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Supplier invoice capture (kontor.invoices.*).
 *
 * @param maxDocumentSize       largest file (and largest file embedded in a PDF) taken; bigger ones are refused
 * @param suspectWithinDays     an invoice of the same supplier over the same amount within this many days is a suspected duplicate
 * @param inboxEnabled          watch the inbox folder
 * @param inbox                 the watched folder: files dropped here are captured, then moved to done/ or error/ beside it
 * @param inboxPollDelay        milliseconds between looks into the inbox
 * @param inboxMaxPerPoll       files taken per look (the rest wait for the next)
 * @param feedInterval          milliseconds between runs of the outbox that puts validated invoices on the invoice topic
 * @param mailMaxAttachments    a mail with more attachments is kept for a person and none of them captured
 * @param extractionConfidence  a field read from a plain PDF below this confidence (0..1) waits for a person to confirm it
 * @param templatesFolder       extraction templates of the installation's own suppliers (*.yaml), besides those shipped
 */
@ConfigurationProperties("kontor.invoices")
public record InvoiceProperties(@DefaultValue("20MB") DataSize maxDocumentSize,
                                @DefaultValue("14") int suspectWithinDays,
                                @DefaultValue("true") boolean inboxEnabled,
                                @DefaultValue("./data/invoices/inbox") String inbox,
                                @DefaultValue("2000") long inboxPollDelay,
                                @DefaultValue("50") int inboxMaxPerPoll,
                                @DefaultValue("50") long feedInterval,
                                @DefaultValue("10") int mailMaxAttachments,
                                @DefaultValue("0.9") double extractionConfidence,
                                @DefaultValue("") String templatesFolder) {
}
