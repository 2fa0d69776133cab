package io.kontor.payments;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The accounts suppliers ask to be paid to, as their invoices name them. Changed bank details are the classic
 * payment fraud ("we have a new bank"): an account that replaces a supplier's earlier one is held until a second
 * person — not the one who approved the invoice bringing it — confirms it, having checked with the supplier.
 */
@Repository
public class SupplierAccounts {

    private final JdbcTemplate jdbc;
    private final PaymentProperties properties;

    public SupplierAccounts(JdbcTemplate jdbc, PaymentProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public List<Map<String, Object>> held() {
        return jdbc.queryForList("""
                select n.supplier_key as "supplier", n.iban, n.first_seen_at as "firstSeenAt", n.first_invoice as "firstInvoice"
                  from supplier_bank_accounts n
                 where n.confirmed_at is null and n.first_seen_at > now() - make_interval(days => ?)
                   and exists (select 1 from supplier_bank_accounts o where o.supplier_key = n.supplier_key and o.iban <> n.iban
                                 and o.first_seen_at < n.first_seen_at)
                 order by n.first_seen_at""", properties.ibanChangeHoldDays());
    }

    public void confirm(String supplier, String iban, String user) {
        List<String> approvers = jdbc.queryForList("""
                select a.decided_by from supplier_bank_accounts s join invoice_approvals a on a.invoice_id = s.first_invoice
                 where s.supplier_key = ? and s.iban = ? and a.decided_by is not null""", String.class, supplier, iban);
        if (approvers.contains(user)) {
            throw new SecurityException(user + " approved the invoice that brought this account; a second person must confirm it");
        }
        if (jdbc.update("update supplier_bank_accounts set confirmed_by = ?, confirmed_at = now() where supplier_key = ? and iban = ?",
                user, supplier, iban) == 0) {
            throw new NoSuchElementException("No account " + iban + " of supplier " + supplier);
        }
    }
}
