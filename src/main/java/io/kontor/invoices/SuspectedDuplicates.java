package io.kontor.invoices;

import io.kontor.model.InvoiceStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * A person settles a suspected duplicate: it is one (the invoice is kept as DUPLICATE and never paid), or it is not
 * (the invoice goes on to matching as any validated invoice does). Decided once, under the invoice's row lock, with
 * who and why in its log.
 */
@Service
public class SuspectedDuplicates {

    private static final Logger log = LoggerFactory.getLogger(SuspectedDuplicates.class);

    private final JdbcTemplate jdbc;
    private final InvoiceEvents events;
    private final MeterRegistry meters;

    public SuspectedDuplicates(JdbcTemplate jdbc, InvoiceEvents events, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.events = events;
        this.meters = meters;
    }

    /**
     * @throws NoSuchElementException   no such invoice
     * @throws IllegalStateException    the invoice is not (or no longer) a suspected duplicate
     * @throws IllegalArgumentException no comment
     */
    @Transactional
    public InvoiceStatus decide(UUID id, boolean duplicate, String user, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("deciding on a suspected duplicate needs a comment saying why");
        }
        Map<String, Object> row = jdbc.queryForList("select status, duplicate_of from invoices where id = ? for update", id)
                .stream().findFirst().orElseThrow(() -> new NoSuchElementException("No invoice " + id));
        if (!InvoiceStatus.DUPLICATE_SUSPECTED.name().equals(row.get("status"))) {
            throw new IllegalStateException("invoice " + id + " is " + row.get("status") + "; only suspected duplicates are decided here");
        }
        Object original = row.get("duplicate_of");
        InvoiceStatus outcome;
        if (duplicate) {
            outcome = InvoiceStatus.DUPLICATE;
            String why = "confirmed by " + user + " as a duplicate of " + original + ": " + comment.strip();
            jdbc.update("""
                    update invoices set status = 'DUPLICATE', rejection_rule = 'KONTOR-DUPLICATE-CONFIRMED', rejection_message = ?,
                                        canonical = jsonb_set(canonical, '{rejection}', jsonb_build_object('rule', 'KONTOR-DUPLICATE-CONFIRMED',
                                                                                                          'message', ?::text))
                                                    || '{"status": "DUPLICATE"}'::jsonb,
                                        updated_at = now() where id = ?""", why, why, id);
        } else {
            // back to where a clean capture leaves an invoice: the feed puts it on the matching topic
            outcome = InvoiceStatus.VALIDATED;
            jdbc.update("""
                    update invoices set status = 'VALIDATED', rejection_rule = null, rejection_message = null, published_at = null,
                                        canonical = (canonical - 'rejection') || '{"status": "VALIDATED"}'::jsonb, updated_at = now()
                     where id = ?""", id);
        }
        events.record(id, user, outcome.name(), (duplicate ? "a duplicate of " : "not a duplicate of ") + original + ": " + comment.strip());
        meters.counter("kontor.invoices.duplicate.decided", "duplicate", String.valueOf(duplicate)).increment();
        log.info("{} decided suspected duplicate {}: {}", user, id, outcome);
        return outcome;
    }
}
