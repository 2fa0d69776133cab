package io.kontor.payments;

import io.kontor.invoices.InvoiceEvents;
import io.kontor.invoices.SupplierInvoices;
import io.kontor.model.Invoice;
import io.kontor.model.InvoiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The supplier payment run: approved invoices whose due date (or cash-discount date, when the discount can still be
 * taken) falls within the horizon become one SEPA credit transfer file (pain.001.001.09). A supplier's approved credit
 * notes are set off against its invoices; what nets to nothing or less waits. An account a known supplier switched
 * to recently is not paid until a second person confirms it. Each invoice is paid once (unique in the run items);
 * the file is stored with the run and delivered to the bank drop by {@link PaymentFiles}.
 */
@Service("paymentRun")
public class PaymentRun {

    private static final Logger log = LoggerFactory.getLogger(PaymentRun.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** One invoice due for payment: the amount after any cash discount, and the day it must be paid. */
    record Due(Invoice invoice, String supplierKey, BigDecimal amount, BigDecimal discount, LocalDate executionDate) {
    }

    private final JdbcTemplate jdbc;
    private final SupplierInvoices invoices;
    private final InvoiceEvents events;
    private final PaymentProperties properties;
    private final Clock clock;

    public PaymentRun(JdbcTemplate jdbc, SupplierInvoices invoices, InvoiceEvents events, PaymentProperties properties,
                      Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.events = events;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Runs one payment run; answers its summary, or — when no file was written — {@code transactions: 0} with the
     * reason and the next date an approved invoice falls due.
     */
    @Transactional
    public Map<String, Object> run(String by) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtext('kontor-payment-run'))", Object.class);
        LocalDate today = LocalDate.now(clock);
        List<Due> due = new ArrayList<>();
        int held = 0;
        LocalDate nextDue = null;
        for (UUID id : jdbc.queryForList("""
                select id from invoices i where status = 'APPROVED'
                   and not exists (select 1 from payment_run_items p where p.invoice_id = i.id) order by received_at""", UUID.class)) {
            Invoice invoice = invoices.find(id).orElseThrow();
            String supplier = jdbc.queryForObject("select supplier_key from invoices where id = ?", String.class, id);
            String why = heldBecause(invoice, supplier);
            if (why != null) {
                hold(id, why);
                held++;
                continue;
            }
            Due d = due(invoice, supplier, today);
            // credit notes are set off whenever their supplier is paid, whatever their own dates say
            if (invoice.isCreditNote() || !d.executionDate().isAfter(today.plusDays(properties.horizonDays()))) {
                due.add(d);
            } else if (nextDue == null || d.executionDate().isBefore(nextDue)) {
                nextDue = d.executionDate();
            }
        }
        // per supplier and account: credit notes set off against invoices; a payment goes out only for a positive balance
        Map<String, List<Due>> bySupplier = new LinkedHashMap<>();
        due.forEach(d -> bySupplier.computeIfAbsent(d.supplierKey() + "|" + iban(d.invoice()), k -> new ArrayList<>()).add(d));
        List<SepaCreditTransferFile.Transfer> transfers = new ArrayList<>();
        List<Due> paid = new ArrayList<>();
        String messageId = "KONTOR-" + ID_TIME.format(OffsetDateTime.now(clock)) + "-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        int n = 0;
        for (List<Due> group : bySupplier.values()) {
            BigDecimal balance = group.stream().map(d -> d.invoice().isCreditNote() ? d.amount().negate() : d.amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            if (balance.signum() <= 0) {
                continue;
            }
            Invoice first = group.stream().filter(d -> !d.invoice().isCreditNote()).findFirst().orElseThrow().invoice();
            LocalDate date = group.stream().filter(d -> !d.invoice().isCreditNote()).map(Due::executionDate).min(LocalDate::compareTo).orElse(today);
            String remittance = String.join(" ", group.stream().map(d -> (d.invoice().isCreditNote() ? "./. " : "") + d.invoice().number()).toList());
            transfers.add(new SepaCreditTransferFile.Transfer(messageId.substring(7) + "-" + (++n), payee(first), iban(first), first.bic(),
                    balance, "Rechnung " + remittance, date.isBefore(today) ? today : date));
            group.forEach(d -> paid.add(new Due(d.invoice(), d.supplierKey(), d.amount(), d.discount(), date.isBefore(today) ? today : date)));
        }
        if (transfers.isEmpty()) {
            return nothingDue(today, due.size(), held, nextDue);
        }
        String xml = SepaCreditTransferFile.write(messageId, OffsetDateTime.now(clock),
                new SepaCreditTransferFile.Debtor(properties.debtorName(), properties.debtorIban(), properties.debtorBic()), transfers);
        UUID run = UUID.randomUUID();
        BigDecimal total = transfers.stream().map(SepaCreditTransferFile.Transfer::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        String fileName = "pain.001.001.09_" + messageId + ".xml";
        jdbc.update("""
                insert into payment_runs (id, message_id, created_by, transactions, control_sum, document, file_name)
                values (?, ?, ?, ?, ?, ?, ?)""", run, messageId, by, transfers.size(), total, xml.getBytes(StandardCharsets.UTF_8), fileName);
        for (Due d : paid) {
            String e2e = transfers.stream().filter(t -> t.iban().equals(iban(d.invoice()))).findFirst().orElseThrow().endToEndId();
            jdbc.update("""
                    insert into payment_run_items (run_id, invoice_id, end_to_end_id, supplier_key, iban, amount, discount, execution_date)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""", run, d.invoice().id(), e2e, d.supplierKey(), iban(d.invoice()),
                    d.invoice().isCreditNote() ? d.amount().negate() : d.amount(), d.discount(), java.sql.Date.valueOf(d.executionDate()));
            jdbc.update("update invoices set status = ?, updated_at = now() where id = ?", InvoiceStatus.IN_PAYMENT.name(), d.invoice().id());
            events.record(d.invoice().id(), by, InvoiceStatus.IN_PAYMENT.name(), "payment run " + messageId + ", execution "
                    + d.executionDate() + (d.discount().signum() > 0 ? ", cash discount " + d.discount().toPlainString() : ""));
        }
        log.info("Payment run {}: {} transfers, {} EUR, {} invoices", messageId, transfers.size(), total.toPlainString(), paid.size());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", run);
        summary.put("messageId", messageId);
        summary.put("transactions", transfers.size());
        summary.put("controlSum", total);
        summary.put("invoices", paid.size());
        summary.put("fileName", fileName);
        return summary;
    }

    /** Why a run wrote no file, so that whoever started it is not left guessing. */
    private Map<String, Object> nothingDue(LocalDate today, int dueButSetOff, int held, LocalDate nextDue) {
        List<String> why = new ArrayList<>();
        if (dueButSetOff == 0 && held == 0 && nextDue == null) {
            why.add("no approved invoice waits for payment");
        }
        if (nextDue != null) {
            why.add("no approved invoice falls due by " + today.plusDays(properties.horizonDays()) + " (today + kontor.payments.horizon-days "
                    + properties.horizonDays() + "); the next on " + nextDue);
        }
        if (held > 0) {
            why.add(held + " approved invoice(s) held from payment (PAYMENT_HELD in their log says why)");
        }
        if (dueButSetOff > 0) {
            why.add(dueButSetOff + " due invoice(s) and credit note(s) net to nothing or less per supplier");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("transactions", 0);
        answer.put("reason", String.join("; ", why));
        if (nextDue != null) {
            answer.put("nextDueDate", nextDue);
        }
        answer.put("held", held);
        return answer;
    }

    /** The amount and day: with a cash discount while it can still be taken, else the full amount on the due date. */
    Due due(Invoice invoice, String supplier, LocalDate today) {
        BigDecimal payable = invoice.totals().payable();
        LocalDate dueDate = invoice.dueDate() != null ? invoice.dueDate() : today;
        for (CashDiscount term : CashDiscount.parse(invoice.paymentTerms())) {
            LocalDate until = invoice.issueDate().plusDays(term.days());
            if (!until.isBefore(today)) {
                BigDecimal basis = term.basis() != null ? term.basis() : payable;
                BigDecimal discount = basis.multiply(term.percent()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
                return new Due(invoice, supplier, payable.subtract(discount), discount, until);
            }
        }
        return new Due(invoice, supplier, payable, BigDecimal.ZERO, dueDate);
    }

    /** Why an invoice cannot be paid now, or null. */
    private String heldBecause(Invoice invoice, String supplier) {
        if (!"EUR".equals(invoice.currency())) {
            return "SEPA pays EUR only; " + invoice.currency() + " invoices are paid outside the hub";
        }
        if (invoice.iban() == null) {
            return "the invoice names no account (BT-84) to pay to";
        }
        Boolean unconfirmedChange = jdbc.queryForObject("""
                select exists (select 1 from supplier_bank_accounts n
                                where n.supplier_key = ? and n.iban = ? and n.confirmed_at is null
                                  and n.first_seen_at > now() - make_interval(days => ?)
                                  and exists (select 1 from supplier_bank_accounts o
                                               where o.supplier_key = n.supplier_key and o.iban <> n.iban and o.first_seen_at < n.first_seen_at))""",
                Boolean.class, supplier, iban(invoice), properties.ibanChangeHoldDays());
        return Boolean.TRUE.equals(unconfirmedChange)
                ? "the supplier's account changed to " + iban(invoice) + " recently; a second person must confirm it" : null;
    }

    private void hold(UUID id, String why) {
        Boolean told = jdbc.queryForObject("select exists (select 1 from invoice_events where invoice_id = ? and action = 'PAYMENT_HELD' and detail = ?)",
                Boolean.class, id, why);
        if (!Boolean.TRUE.equals(told)) {
            events.record(id, InvoiceEvents.HUB, "PAYMENT_HELD", why);
        }
    }

    private static String iban(Invoice invoice) {
        return invoice.iban() == null ? null : invoice.iban().replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    }

    private static String payee(Invoice invoice) {
        return invoice.payee() != null && invoice.payee().name() != null ? invoice.payee().name() : invoice.seller().name();
    }
}
