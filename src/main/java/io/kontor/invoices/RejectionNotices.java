package io.kontor.invoices;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells suppliers why an invoice was rejected, so they can send a correct one: to the contact the invoice names
 * (BT-43), else to whoever mailed it in. The route sends each notice through the configured endpoint (SMTP in
 * production) and marks it sent; an invoice nobody can be told about is marked too, with the reason in its log.
 */
@Component("rejectionNotices")
public class RejectionNotices {

    private final JdbcTemplate jdbc;
    private final SupplierInvoices invoices;
    private final InvoiceEvents events;

    public RejectionNotices(JdbcTemplate jdbc, SupplierInvoices invoices, InvoiceEvents events) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.events = events;
    }

    /** Notices due: each a map with invoiceId, to, subject and text. */
    public List<Map<String, Object>> pending() {
        List<Map<String, Object>> notices = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("""
                select i.id, i.number, i.rejection_rule, i.rejection_message, d.file_name, m.sender, d.received_at,
                       (select e.detail from invoice_events e where e.invoice_id = i.id and e.action = 'REJECTED' and e.actor <> 'kontor'
                         order by e.id desc limit 1) as approver_reason
                  from invoices i join invoice_documents d on d.sha256 = i.document_sha256
                  left join invoice_mails m on m.message_id = d.mail_message_id
                 where i.status = 'REJECTED' and i.supplier_notified_at is null order by i.updated_at limit 50""")) {
            UUID id = (UUID) row.get("id");
            String contact = invoices.find(id).map(i -> i.seller() == null ? null : i.seller().email()).orElse(null);
            String to = contact != null ? contact : (String) row.get("sender");
            if (to == null) {
                jdbc.update("update invoices set supplier_notified_at = now() where id = ?", id);
                events.record(id, InvoiceEvents.HUB, "SUPPLIER_NOT_NOTIFIED", "no contact address in the invoice or its mail");
                continue;
            }
            String number = row.get("number") == null ? (String) row.get("file_name") : (String) row.get("number");
            String why = row.get("approver_reason") != null ? "refused by our accounts payable " + row.get("approver_reason")
                    : row.get("rejection_rule") + ": " + row.get("rejection_message");
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("invoiceId", id);
            notice.put("to", to);
            notice.put("subject", "Rechnung " + number + " abgelehnt / invoice rejected");
            notice.put("text", """
                    Ihre Rechnung %s konnte nicht verarbeitet werden / your invoice %s could not be processed:

                    %s

                    Bitte senden Sie eine korrigierte Rechnung. Please send a corrected invoice.
                    (Kontor accounts payable, reference %s)
                    """.formatted(number, number, why, id));
            notices.add(notice);
        }
        return notices;
    }

    public void sent(Map<String, Object> notice) {
        UUID id = (UUID) notice.get("invoiceId");
        jdbc.update("update invoices set supplier_notified_at = now() where id = ?", id);
        events.record(id, InvoiceEvents.HUB, "SUPPLIER_NOTIFIED", "rejection notice to " + notice.get("to"));
    }
}
