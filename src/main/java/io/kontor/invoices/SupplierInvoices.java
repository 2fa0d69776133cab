package io.kontor.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Invoice;
import io.kontor.model.Invoice.Rejection;
import io.kontor.model.InvoiceStatus;
import io.kontor.platform.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The invoice rows and their archived documents (V12). */
@Repository
public class SupplierInvoices {

    /** The identity and standing of an invoice, as the capture answers it. */
    public record Summary(UUID id, InvoiceStatus status, String format, String number, String supplier, LocalDate issueDate,
                          String currency, BigDecimal payable, String rejectionRule, String rejectionMessage, UUID duplicateOf) {

        /** The summary of an invoice just stored by {@link #insert}, with the same shortened columns, without reading it back. */
        static Summary of(Invoice invoice) {
            return new Summary(invoice.id(), invoice.status(), invoice.format().name(), truncate(invoice.number(), 120),
                    invoice.seller() == null ? null : truncate(invoice.seller().name(), 255), invoice.issueDate(),
                    invoice.currency() != null && invoice.currency().length() == 3 ? invoice.currency() : null,
                    invoice.totals() == null ? null : invoice.totals().payable(),
                    invoice.rejection() == null ? null : invoice.rejection().rule(),
                    invoice.rejection() == null ? null : invoice.rejection().message(), invoice.duplicateOf());
        }
    }

    private static final String SUMMARY_COLUMNS =
            "id, status, format, number, supplier_name, issue_date, currency, payable, rejection_rule, rejection_message, duplicate_of ";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public SupplierInvoices(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Archives the file unless it is there already; true when this call stored it. */
    boolean archive(String sha256, String fileName, String mediaType, byte[] content, String channel, String mailMessageId) {
        return jdbc.update("""
                insert into invoice_documents (sha256, file_name, media_type, size_bytes, content, channel, mail_message_id)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (sha256) do nothing""",
                sha256, fileName, mediaType, content.length, content, channel, mailMessageId) == 1;
    }

    Optional<Summary> byDocument(String sha256) {
        return jdbc.query("select " + SUMMARY_COLUMNS + "from invoices where document_sha256 = ?", SUMMARY, sha256)
                .stream().findFirst();
    }

    /**
     * What the duplicate checks compare a new invoice with, in one query: the supplier's live invoice with the same
     * number in the same year (null date or number: none), and its live invoices over the same amount — those issued
     * within {@code days} of {@code date} as {@code nearby}, and all with a number as {@code sameAmount} (null amount:
     * none). Every suspicion needs the same amount, so nothing else of the supplier's history is read.
     */
    Neighbours neighbours(String supplierKey, String number, LocalDate date, int days, BigDecimal payable) {
        Integer year = number == null || date == null ? null : date.getYear();
        Date from = date == null ? null : Date.valueOf(date.minusDays(days));
        Date to = date == null ? null : Date.valueOf(date.plusDays(days));
        List<Summary> sameNumber = new java.util.ArrayList<>();
        List<Candidate> nearby = new java.util.ArrayList<>();
        List<Candidate> sameAmount = new java.util.ArrayList<>();
        jdbc.query("select " + SUMMARY_COLUMNS + """
                       , type_code,
                       coalesce(upper(number) = upper(?::text) and extract(year from issue_date) = ?::int, false) as same_number,
                       coalesce(payable = ?::numeric and issue_date between ?::date and ?::date, false) as nearby,
                       coalesce(payable = ?::numeric and number is not null, false) as same_amount
                  from invoices
                 where supplier_key = ? and status not in (""" + NOT_BOOKED + """
                   ) and ((upper(number) = upper(?::text) and extract(year from issue_date) = ?::int) or payable = ?::numeric)""", rs -> {
            Candidate c = new Candidate(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("currency"),
                    rs.getBigDecimal("payable"), rs.getString("type_code"));
            if (rs.getBoolean("same_number")) {
                sameNumber.add(SUMMARY.mapRow(rs, 0));
            }
            if (rs.getBoolean("nearby")) {
                nearby.add(c);
            }
            if (rs.getBoolean("same_amount")) {
                sameAmount.add(c);
            }
        }, number, year, payable, from, to, payable, supplierKey, number, year, payable);
        return new Neighbours(sameNumber.stream().findFirst(), nearby, sameAmount);
    }

    record Neighbours(Optional<Summary> sameNumber, List<Candidate> nearby, List<Candidate> sameAmount) {
    }

    /** Statuses of invoices that are not booked, as the booked-once index (V23) leaves them out. */
    private static final String NOT_BOOKED = "'REJECTED', 'DUPLICATE', 'SUPERSEDED', 'INFORMATION_ONLY'";

    /** A booked invoice as a corrected invoice sees the one it replaces. */
    record Booked(UUID id, InvoiceStatus status, String number, String typeCode) {
    }

    /** The supplier's booked invoice under {@code number}, the newest if several years have one: the one a corrected invoice (384) replaces. */
    Optional<Booked> booked(String supplierKey, String number) {
        return jdbc.query("select id, status, number, type_code from invoices where supplier_key = ? and upper(number) = upper(?) and status not in ("
                        + NOT_BOOKED + ") order by issue_date desc limit 1",
                (rs, n) -> new Booked(rs.getObject(1, UUID.class), InvoiceStatus.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4)),
                supplierKey, number).stream().findFirst();
    }

    /**
     * Takes an invoice out of the books for the corrected invoice that replaces it: its claims on order lines are
     * released and an approval it waited for is closed, so it is neither matched, approved nor paid.
     */
    void supersede(UUID id, UUID by, String byNumber) {
        jdbc.update("update invoices set status = 'SUPERSEDED', updated_at = now() where id = ?", id);
        jdbc.update("delete from invoice_matches where invoice_id = ?", id);
        jdbc.update("""
                update invoice_approvals set decided_at = now(), decided_by = ?, decision = 'SUPERSEDED', comment = ?
                 where invoice_id = ? and decided_at is null""", InvoiceEvents.HUB, "replaced by corrected invoice " + byNumber, id);
    }

    record Candidate(UUID id, String number, String currency, BigDecimal payable, String typeCode) {
    }

    /** The account the supplier asks to be paid to (the payment run holds a changed one until it is confirmed). */
    void rememberAccount(String supplierKey, String iban, UUID invoice) {
        jdbc.update("insert into supplier_bank_accounts (supplier_key, iban, first_invoice) values (?, ?, ?) on conflict do nothing",
                supplierKey, iban.replace(" ", "").toUpperCase(java.util.Locale.ROOT), invoice);
    }

    /** Serialises the supplier's captures (duplicate checks read, then write) for the rest of the transaction. */
    void lockSupplier(String supplierKey) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtext(?))", Object.class, "kontor-invoice-supplier:" + supplierKey);
    }

    /**
     * {@code violations} reject or hold the invoice, {@code warnings} are kept to be shown; {@code extraction} is what was
     * read from a plain PDF's text, null for structured invoices.
     */
    void insert(Invoice invoice, String supplierKey, List<Rejection> violations, List<Rejection> warnings,
                PdfTextExtraction.Extraction extraction) {
        jdbc.update("""
                insert into invoices (id, document_sha256, status, format, supplier_key, supplier_name, number, issue_date,
                                      type_code, currency, payable, canonical, violations, warnings, rejection_rule,
                                      rejection_message, duplicate_of, received_at, extraction)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?::jsonb)""",
                invoice.id(), invoice.sourceDocument().sha256(), invoice.status().name(), invoice.format().name(), supplierKey,
                invoice.seller() == null ? null : truncate(invoice.seller().name(), 255), truncate(invoice.number(), 120),
                invoice.issueDate() == null ? null : Date.valueOf(invoice.issueDate()), truncate(invoice.typeCode(), 8),
                invoice.currency() != null && invoice.currency().length() == 3 ? invoice.currency() : null,
                invoice.totals() == null ? null : invoice.totals().payable(),
                JsonColumns.write(json, invoice), JsonColumns.write(json, violations), JsonColumns.write(json, warnings),
                invoice.rejection() == null ? null : invoice.rejection().rule(),
                invoice.rejection() == null ? null : invoice.rejection().message(),
                invoice.duplicateOf(), Timestamp.from(invoice.receivedAt()),
                extraction == null ? null : JsonColumns.write(json, extraction));
    }

    /**
     * A plain-PDF invoice after a person's review: the fields as confirmed, keyed to its supplier (which makes the
     * booked-once index apply) and, when validated, on its way to matching through the outbox.
     */
    void reviewed(Invoice invoice, String supplierKey, PdfTextExtraction.Extraction extraction) {
        jdbc.update("""
                update invoices set status = ?, supplier_key = ?, supplier_name = ?, number = ?, issue_date = ?, type_code = ?,
                                    currency = ?, payable = ?, canonical = ?::jsonb, violations = '[]'::jsonb,
                                    rejection_rule = ?, rejection_message = ?, duplicate_of = ?, extraction = ?::jsonb,
                                    updated_at = now()
                 where id = ?""",
                invoice.status().name(), supplierKey, invoice.seller() == null ? null : truncate(invoice.seller().name(), 255),
                truncate(invoice.number(), 120), invoice.issueDate() == null ? null : Date.valueOf(invoice.issueDate()),
                truncate(invoice.typeCode(), 8), invoice.currency(), invoice.totals() == null ? null : invoice.totals().payable(),
                JsonColumns.write(json, invoice), invoice.rejection() == null ? null : invoice.rejection().rule(),
                invoice.rejection() == null ? null : invoice.rejection().message(), invoice.duplicateOf(),
                JsonColumns.write(json, extraction), invoice.id());
    }

    /** What was read from a plain PDF, and the invoice's status, locked for the review that changes both. */
    Optional<Reviewable> forReview(UUID id) {
        return jdbc.query("select status, format, extraction, canonical from invoices where id = ? for update",
                (rs, n) -> new Reviewable(InvoiceStatus.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getString(3) == null ? null : parse(rs.getString(3), PdfTextExtraction.Extraction.class),
                        read(rs.getString(4))), id).stream().findFirst();
    }

    record Reviewable(InvoiceStatus status, String format, PdfTextExtraction.Extraction extraction, Invoice invoice) {
    }

    /** What was read from the invoice's PDF text, each field with its confidence; empty for structured invoices. */
    public Optional<PdfTextExtraction.Extraction> extraction(UUID id) {
        return jdbc.query("select extraction from invoices where id = ? and extraction is not null",
                (rs, n) -> parse(rs.getString(1), PdfTextExtraction.Extraction.class), id).stream().findFirst();
    }

    /** The invoice as captured, with its status now (matching and approval move it on; the captured document stays as read). */
    public Optional<Invoice> find(UUID id) {
        return jdbc.query("select canonical, status from invoices where id = ?",
                (rs, n) -> read(rs.getString(1)).withStatus(InvoiceStatus.valueOf(rs.getString(2))), id).stream().findFirst();
    }

    /** The rules the invoice breaks, as captured (the official artefacts' rule ids and texts, or the hub's). */
    public List<Rejection> violations(UUID id) {
        return findings("violations", id);
    }

    /** What the official artefacts warned of or noted: shown, never a reason to refuse. */
    public List<Rejection> warnings(UUID id) {
        return findings("warnings", id);
    }

    private List<Rejection> findings(String column, UUID id) {
        return jdbc.query("select " + column + " from invoices where id = ?", (rs, n) -> List.of(parse(rs.getString(1), Rejection[].class)), id)
                .stream().findFirst().orElse(List.of());
    }

    /** Newest first; {@code supplier} matches the VAT id or part of the name, case-insensitively. */
    public List<Summary> list(InvoiceStatus status, String supplier, int limit, long offset) {
        return jdbc.query("select " + SUMMARY_COLUMNS + " from invoices " + FILTER + " order by received_at desc, id limit ? offset ?", SUMMARY,
                status == null ? null : status.name(), status == null ? null : status.name(),
                supplier, supplier, supplier, limit, offset);
    }

    public long count(InvoiceStatus status, String supplier) {
        return jdbc.queryForObject("select count(*) from invoices " + FILTER, Long.class,
                status == null ? null : status.name(), status == null ? null : status.name(), supplier, supplier, supplier);
    }

    private static final String FILTER = """
            where (?::text is null or status = ?)
              and (?::text is null or supplier_key = upper(?) or supplier_name ilike '%' || ? || '%')""";

    /**
     * An invoice that waits for a person: a review of what was read from its PDF, a decision on a suspected duplicate,
     * or an open approval (matched, or with match exceptions). {@code toConfirm}, {@code matchReasons} are stored JSON.
     */
    public record Waiting(UUID id, InvoiceStatus status, String number, String supplier, BigDecimal payable, String currency,
                          String rejectionMessage, String toConfirm, String matchReasons, String role,
                          java.time.Instant since, java.time.Instant due, int escalations) {
    }

    private static final String WAITING = """
            select id, status, number, supplier_name, payable, currency, rejection_message, extraction -> 'toConfirm' as to_confirm,
                   null as match_reasons, null as role, received_at as since, null::timestamptz as due, 0 as escalations
              from invoices where status in ('NEEDS_REVIEW', 'DUPLICATE_SUSPECTED')
            union all
            select i.id, i.status, i.number, i.supplier_name, i.payable, i.currency, i.rejection_message, null,
                   i.match_reasons::text, a.role, a.requested_at, a.due_at, a.escalations
              from invoice_approvals a join invoices i on i.id = a.invoice_id where a.decided_at is null
            """;

    /** Invoices waiting for a person, those past their approval deadline first, then the newest. */
    public List<Waiting> waiting(int limit) {
        return jdbc.query("select * from (" + WAITING + ") w order by coalesce(due < now(), false) desc, since desc, id limit ?",
                (rs, n) -> new Waiting(rs.getObject("id", UUID.class), InvoiceStatus.valueOf(rs.getString("status")), rs.getString("number"),
                        rs.getString("supplier_name"), rs.getBigDecimal("payable"), rs.getString("currency"),
                        rs.getString("rejection_message"), rs.getString("to_confirm"), rs.getString("match_reasons"), rs.getString("role"),
                        rs.getTimestamp("since").toInstant(), rs.getTimestamp("due") == null ? null : rs.getTimestamp("due").toInstant(),
                        rs.getInt("escalations")), limit);
    }

    public long countWaiting() {
        return jdbc.queryForObject("select count(*) from (" + WAITING + ") w", Long.class);
    }

    /** The invoices of a number (any supplier), or of a supplier by VAT id or part of the name, newest first. */
    public List<Summary> search(String query, int limit) {
        return jdbc.query("select " + SUMMARY_COLUMNS + """
                from invoices where upper(number) = upper(?) or supplier_key = upper(?) or supplier_name ilike '%' || ? || '%'
                order by received_at desc, id limit ?""", SUMMARY, query, query, query, limit);
    }

    public Optional<Document> document(UUID id) {
        return jdbc.query("""
                select d.file_name, d.media_type, d.content from invoices i join invoice_documents d on d.sha256 = i.document_sha256
                 where i.id = ?""", (rs, n) -> new Document(rs.getString(1), rs.getString(2), rs.getBytes(3)), id).stream().findFirst();
    }

    public record Document(String fileName, String mediaType, byte[] content) {
    }

    private static final RowMapper<Summary> SUMMARY = (rs, n) -> new Summary(rs.getObject("id", UUID.class),
            InvoiceStatus.valueOf(rs.getString("status")), rs.getString("format"), rs.getString("number"),
            rs.getString("supplier_name"), rs.getObject("issue_date", LocalDate.class), rs.getString("currency"),
            rs.getBigDecimal("payable"), rs.getString("rejection_rule"), rs.getString("rejection_message"), rs.getObject("duplicate_of", UUID.class));


    /** A stored canonical invoice. */
    Invoice read(String canonical) {
        return parse(canonical, Invoice.class);
    }

    private <T> T parse(String stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " unreadable", e);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
