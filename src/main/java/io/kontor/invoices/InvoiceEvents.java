package io.kontor.invoices;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The invoice's decision log (append only): captured, matched, approved, rejected — by whom, when and why. */
@Repository
public class InvoiceEvents {

    /** The hub itself, for decisions no person took. */
    public static final String HUB = "kontor";

    private final JdbcTemplate jdbc;

    public InvoiceEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One entry of the log. */
    public record Event(UUID invoice, String actor, String action, String detail) {
    }

    public void record(UUID invoice, String actor, String action, String detail) {
        recordAll(List.of(new Event(invoice, actor, action, detail)));
    }

    /** Several entries in one round trip, in the order given. */
    public void recordAll(List<Event> entries) {
        jdbc.batchUpdate("insert into invoice_events (invoice_id, actor, action, detail) values (?, ?, ?, ?)",
                entries.stream().map(e -> new Object[]{e.invoice(), e.actor(), e.action(), e.detail()}).toList());
    }

    public List<Map<String, Object>> of(UUID invoice) {
        return jdbc.queryForList("select at, actor, action, detail from invoice_events where invoice_id = ? order by id", invoice);
    }
}
