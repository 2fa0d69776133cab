package io.kontor.invoices;

import io.kontor.model.InvoiceStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * Approval routing from configuration: a clean match below the limit is approved by the hub; anything else waits
 * for an approver of its amount band (an excepted invoice too — approving it accepts the variance, with a comment).
 * A task not decided by its deadline goes to the next band's role. Approvers decide in their own roles or in those
 * of the people they stand in for. Every decision is in the invoice's log with who, when and why.
 */
@Service("invoiceApprovals")
public class InvoiceApprovals {

    private static final Logger log = LoggerFactory.getLogger(InvoiceApprovals.class);

    private final JdbcTemplate jdbc;
    private final ApprovalProperties properties;
    private final InvoiceEvents events;
    private final MeterRegistry meters;
    private final Clock clock;

    public InvoiceApprovals(JdbcTemplate jdbc, ApprovalProperties properties, InvoiceEvents events, MeterRegistry meters,
                            Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
        this.meters = meters;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** One invoice as matching left it: the outcome, the amount the bands are about, and why it does not match. */
    record Matched(UUID id, InvoiceStatus outcome, BigDecimal payable, List<ThreeWayMatch.Reason> reasons) {
    }

    /**
     * After matching (in its transaction), for a whole batch: approve a clean small invoice, or ask the band's role.
     * An exception that only waits for goods asks nobody yet — it is matched again when they arrive.
     */
    void route(List<Matched> matched) {
        List<Matched> routed = matched.stream().filter(m -> m.outcome() != InvoiceStatus.EXCEPTION
                || !m.reasons().stream().allMatch(r -> "QUANTITY_NOT_RECEIVED".equals(r.code()))).toList();
        if (routed.isEmpty()) {
            return;
        }
        // an invoice has at most one task: open, or decided (an approver decides once; matched again, the decision stays)
        Map<UUID, Boolean> taskOpen = new HashMap<>();
        jdbc.query("select invoice_id, decided_at is null from invoice_approvals where invoice_id = any(?::uuid[])",
                rs -> {
                    taskOpen.put(rs.getObject(1, UUID.class), rs.getBoolean(2));
                }, (Object) routed.stream().map(m -> m.id().toString()).toArray(String[]::new));
        List<Object[]> statuses = new ArrayList<>();
        List<Object[]> closed = new ArrayList<>();
        List<Object[]> requested = new ArrayList<>();
        List<InvoiceEvents.Event> log = new ArrayList<>();
        for (Matched m : routed) {
            UUID id = m.id();
            BigDecimal payable = m.payable() == null ? BigDecimal.ZERO : m.payable();
            boolean open = Boolean.TRUE.equals(taskOpen.get(id));
            if (m.outcome() == InvoiceStatus.MATCHED && payable.compareTo(properties.autoApproveBelow()) < 0) {
                statuses.add(new Object[]{InvoiceStatus.APPROVED.name(), id});
                if (open) {
                    closed.add(new Object[]{InvoiceEvents.HUB, "matched after all", id});
                }
                log.add(new InvoiceEvents.Event(id, InvoiceEvents.HUB, "APPROVED", "clean match below " + properties.autoApproveBelow().toPlainString()));
                meters.counter("kontor.invoices.approved", "by", "hub").increment();
                continue;
            }
            if (m.outcome() == InvoiceStatus.MATCHED) {
                statuses.add(new Object[]{InvoiceStatus.AWAITING_APPROVAL.name(), id});
            }
            if (!taskOpen.containsKey(id)) {
                String role = properties.bands().get(properties.bandOf(payable)).role();
                requested.add(new Object[]{id, role, Timestamp.from(clock.instant().plus(properties.deadline()))});
                log.add(new InvoiceEvents.Event(id, InvoiceEvents.HUB, "APPROVAL_REQUESTED", "role " + role + " for " + payable.toPlainString()
                        + (m.outcome() == InvoiceStatus.EXCEPTION ? " (with match exceptions)" : "")));
            }
        }
        jdbc.batchUpdate("update invoices set status = ?, updated_at = now() where id = ?", statuses);
        jdbc.batchUpdate("update invoice_approvals set decided_at = now(), decided_by = ?, decision = 'APPROVED', comment = ? "
                + "where invoice_id = ? and decided_at is null", closed);
        jdbc.batchUpdate("insert into invoice_approvals (invoice_id, role, due_at) values (?, ?, ?)", requested);
        events.recordAll(log);
    }

    /**
     * A person's decision. The user must hold the task's role among {@code approvalRoles} (their own, of those they
     * stand in for, or all of them for an admin allowed to approve); rejecting, and approving an invoice that does
     * not match, need a comment.
     */
    @Transactional
    public InvoiceStatus decide(UUID id, String user, java.util.Set<String> approvalRoles, boolean approve, String comment) {
        Map<String, Object> task = jdbc.queryForList("""
                select a.role, i.status from invoice_approvals a join invoices i on i.id = a.invoice_id
                 where a.invoice_id = ? and a.decided_at is null for update of a""", id).stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("Invoice " + id + " waits for no approval"));
        String role = (String) task.get("role");
        String status = (String) task.get("status");
        if (!approvalRoles.contains(role)) {
            throw new SecurityException(user + " may not decide in role " + role + (approvalRoles.isEmpty() ? ""
                    : " (only in " + String.join(", ", new java.util.TreeSet<>(approvalRoles)) + ")"));
        }
        boolean blank = comment == null || comment.isBlank();
        if (blank && (!approve || InvoiceStatus.EXCEPTION.name().equals(status))) {
            throw new IllegalArgumentException(approve ? "approving an invoice that does not match its orders needs a comment"
                    : "rejecting an invoice needs a comment");
        }
        InvoiceStatus outcome = approve ? InvoiceStatus.APPROVED : InvoiceStatus.REJECTED;
        jdbc.update("update invoice_approvals set decided_at = now(), decided_by = ?, decision = ?, comment = ? where invoice_id = ?",
                user, outcome.name(), comment, id);
        jdbc.update("update invoices set status = ?, updated_at = now() where id = ?", outcome.name(), id);
        events.record(id, user, outcome.name(), "as " + role + (blank ? "" : ": " + comment.strip()));
        meters.counter("kontor.invoices.approved", "by", "person", "decision", outcome.name()).increment();
        log.info("Invoice {} {} by {} ({})", id, outcome, user, role);
        return outcome;
    }

    /** Tasks past their deadline go to the next band's role (the last band's stay, reminded by a new deadline). */
    @Transactional
    public int escalate() {
        List<Map<String, Object>> overdue = jdbc.queryForList("""
                select invoice_id, role from invoice_approvals where decided_at is null and due_at < ? for update skip locked""",
                Timestamp.from(clock.instant()));
        for (Map<String, Object> task : overdue) {
            String role = (String) task.get("role");
            String next = nextRole(role);
            UUID id = (UUID) task.get("invoice_id");
            jdbc.update("update invoice_approvals set role = ?, due_at = ?, escalations = escalations + 1 where invoice_id = ?",
                    next, Timestamp.from(clock.instant().plus(properties.deadline())), id);
            events.record(id, InvoiceEvents.HUB, "ESCALATED", role + " did not decide within " + properties.deadline() + "; now " + next);
        }
        if (!overdue.isEmpty()) {
            log.warn("Escalated {} invoice approvals past their deadline", overdue.size());
        }
        return overdue.size();
    }

    /** Open approval tasks, oldest deadline first, optionally of one role. */
    public List<Map<String, Object>> open(String role, int limit, long offset) {
        return jdbc.queryForList("""
                select a.invoice_id as "invoiceId", a.role, a.requested_at as "requestedAt", a.due_at as "dueAt", a.escalations,
                       i.status, i.number, i.supplier_name as "supplier", i.payable, i.currency
                  from invoice_approvals a join invoices i on i.id = a.invoice_id
                 where a.decided_at is null and (?::text is null or a.role = ?) order by a.due_at, a.invoice_id limit ? offset ?""",
                role, role, limit, offset);
    }

    public long countOpen(String role) {
        return jdbc.queryForObject("select count(*) from invoice_approvals where decided_at is null and (?::text is null or role = ?)",
                Long.class, role, role);
    }

    public Optional<Map<String, Object>> of(UUID id) {
        return jdbc.queryForList("""
                select role, requested_at as "requestedAt", due_at as "dueAt", escalations, decided_at as "decidedAt",
                       decided_by as "decidedBy", decision, comment
                  from invoice_approvals where invoice_id = ?""", id).stream().findFirst();
    }

    private String nextRole(String role) {
        List<ApprovalProperties.Band> bands = properties.bands();
        for (int i = 0; i < bands.size() - 1; i++) {
            if (bands.get(i).role().equals(role)) {
                return bands.get(i + 1).role();
            }
        }
        return role;
    }
}
