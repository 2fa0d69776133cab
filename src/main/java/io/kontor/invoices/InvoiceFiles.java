package io.kontor.invoices;

import io.kontor.model.InvoiceStatus;
import io.kontor.platform.BadInputException;
import io.kontor.platform.FileDrops;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Captures invoice files picked up by the file routes (watched folder, SFTP drop) and tells the route where the file goes. */
@Component("invoiceFiles")
public class InvoiceFiles {

    private final InvoiceCapture capture;

    public InvoiceFiles(InvoiceCapture capture) {
        this.capture = capture;
    }

    /** Suppliers' invoice files taken from the SFTP drop, keyed by file name and size. */
    @org.springframework.context.annotation.Bean
    static org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository invoiceSftpFiles(javax.sql.DataSource dataSource,
                                                                                               org.springframework.transaction.support.TransactionTemplate tx) {
        return io.kontor.platform.ProcessedMessageIds.forProcessor(dataSource, tx, "invoice-sftp-files");
    }

    /** A rejected invoice (its reason recorded with it) and a refused file go to error/ with a reason file; the rest to done/. */
    public void capture(Exchange exchange, String channel) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.setProperty(FileDrops.OUTCOME, "done");
        try {
            byte[] content = exchange.getMessage().getBody(byte[].class);
            InvoiceCapture.Captured captured = capture.capture(content, name, null, channel);
            if (captured.invoice().status() == InvoiceStatus.REJECTED) {
                exchange.setProperty(FileDrops.OUTCOME, "error");
                exchange.setProperty(FileDrops.REJECTION, "invoice " + captured.invoice().id() + " rejected: "
                        + captured.invoice().rejectionRule() + " (" + captured.invoice().rejectionMessage() + ") - see GET /api/invoices/" + captured.invoice().id());
            }
        } catch (BadInputException refused) {
            exchange.setProperty(FileDrops.OUTCOME, "error");
            exchange.setProperty(FileDrops.REJECTION, refused.getMessage());
        }
    }
}
