package io.kontor.payments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.InvoiceApprovals;
import io.kontor.invoices.SupplierInvoices;
import io.kontor.model.Invoice;
import io.kontor.platform.KafkaRecords;
import io.kontor.platform.JsonColumns;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ERP's accounts-payable feed: every approved invoice once (the canonical invoice with its approval, keyed by the
 * invoice id, on {@code kontor.erp.invoices.v1} and as {@code invoices/<id>.json}) and every payment run once as a
 * payment proposal with its transfers ({@code kontor.erp.payments.v1}, {@code payments/<message id>.json}). An
 * outbox: rows are marked after the batch is on Kafka, so a crash repeats a record rather than losing it.
 */
@Component("financeErpFeed")
public class FinanceErpFeed {

    static final String IDS = "kontorFinanceFeedIds";
    static final String TABLE = "kontorFinanceFeedTable";
    static final String DOCS = "kontorFinanceFeedDocs";

    private final JdbcTemplate jdbc;
    private final SupplierInvoices invoices;
    private final InvoiceApprovals approvals;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public FinanceErpFeed(JdbcTemplate jdbc, SupplierInvoices invoices, InvoiceApprovals approvals, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.approvals = approvals;
        this.json = json;
        this.meters = meters;
    }

    /** Approved invoices not yet fed, as Kafka messages. */
    public List<Message> approvedInvoices(Exchange exchange) {
        List<UUID> ids = jdbc.queryForList("""
                select id from invoices where status in ('APPROVED', 'IN_PAYMENT') and erp_published_at is null
                 order by updated_at limit 200""", UUID.class);
        List<Message> out = new ArrayList<>();
        List<Map<String, String>> docs = new ArrayList<>();
        for (UUID id : ids) {
            Invoice invoice = invoices.find(id).orElseThrow();
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = new LinkedHashMap<>(json.convertValue(invoice, Map.class));
            approvals.of(id).ifPresent(a -> doc.put("approval", a));
            String text = JsonColumns.write(json, doc);
            out.add(KafkaRecords.message(exchange, id.toString(), text, "1"));
            docs.add(Map.of("fileName", "invoices/" + id + ".json", "json", text));
        }
        remember(exchange, "invoices", ids, docs);
        return out;
    }

    /** Payment runs not yet fed, as payment proposals with their transfers. */
    public List<Message> paymentRuns(Exchange exchange) {
        List<Map<String, Object>> runs = jdbc.queryForList("""
                select id, message_id as "messageId", created_at as "createdAt", created_by as "createdBy", transactions,
                       control_sum as "controlSum", file_name as "fileName"
                  from payment_runs where erp_published_at is null order by created_at limit 50""");
        List<UUID> ids = new ArrayList<>();
        List<Message> out = new ArrayList<>();
        List<Map<String, String>> docs = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            UUID id = (UUID) run.get("id");
            Map<String, Object> doc = new LinkedHashMap<>(run);
            doc.put("currency", "EUR");
            doc.put("items", jdbc.queryForList("""
                    select p.invoice_id as "invoiceId", i.number, i.supplier_name as "supplier", p.supplier_key as "supplierVatId",
                           p.iban, p.amount, p.discount, p.execution_date as "executionDate", p.end_to_end_id as "endToEndId"
                      from payment_run_items p join invoices i on i.id = p.invoice_id where p.run_id = ? order by p.end_to_end_id""", id));
            String text = JsonColumns.write(json, doc);
            ids.add(id);
            out.add(KafkaRecords.message(exchange, id.toString(), text, "1"));
            docs.add(Map.of("fileName", "payments/" + run.get("messageId") + ".json", "json", text));
        }
        remember(exchange, "payment_runs", ids, docs);
        return out;
    }

    /** The batch is on Kafka (and in the folder): its rows are fed. The table name comes from this class, never from a message. */
    public void published(Exchange exchange) {
        String table = "invoices".equals(exchange.getProperty(TABLE, String.class)) ? "invoices" : "payment_runs";
        int marked = JsonColumns.markPublished(exchange, IDS, jdbc, "update " + table + " set erp_published_at = now() where id = any(?)");
        meters.counter("kontor.erp.finance.records", "kind", table).increment(marked);
    }

    private static void remember(Exchange exchange, String table, List<UUID> ids, List<Map<String, String>> docs) {
        exchange.setProperty(IDS, ids);
        exchange.setProperty(TABLE, table);
        exchange.setProperty(DOCS, docs);
    }
}
