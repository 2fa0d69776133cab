package io.kontor.invoices;

import io.kontor.platform.KafkaRecords;
import io.kontor.platform.JsonColumns;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Puts every validated invoice once on {@code kontor.invoices.v1} (canonical JSON, keyed by the invoice id) for
 * matching and the ERP. An outbox: rows are marked only after the batch is on Kafka, so a crash sends an invoice
 * again rather than never; consumers key on the id.
 */
@Component("invoiceFeed")
public class InvoiceFeed {

    static final String IDS = "kontorInvoiceFeedIds";

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    public InvoiceFeed(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public List<Message> pending(Exchange exchange) {
        List<UUID> ids = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        jdbc.query("""
                select id, canonical::text from invoices where status = 'VALIDATED' and published_at is null
                 order by received_at limit 500""", rs -> {
            UUID id = rs.getObject(1, UUID.class);
            ids.add(id);
            out.add(KafkaRecords.message(exchange, id.toString(), rs.getString(2), "1"));
        });
        exchange.setProperty(IDS, ids);
        return out;
    }

    public void published(Exchange exchange) {
        int marked = JsonColumns.markPublished(exchange, IDS, jdbc, "update invoices set published_at = now() where id = any(?)");
        meters.counter("kontor.invoices.published").increment(marked);
    }
}
