package io.kontor.api;

import io.kontor.payments.PaymentRun;
import io.kontor.payments.SupplierAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

@Tag(name = "Payments", description = "Supplier payment runs (SEPA pain.001) and the guard on changed supplier accounts")
@RestController
@Validated
public class PaymentsController {

    private final PaymentRun run;
    private final SupplierAccounts accounts;
    private final JdbcTemplate jdbc;

    public PaymentsController(PaymentRun run, SupplierAccounts accounts, JdbcTemplate jdbc) {
        this.run = run;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @Operation(summary = "Runs a payment run now (admin): approved invoices due within the horizon become one pain.001 file")
    @PostMapping("/api/payment-runs")
    public Map<String, Object> runNow(Principal user) {
        return run.run(user.getName());
    }

    @Operation(summary = "Payment runs, newest first; paged (X-Total-Count, Link)")
    @GetMapping("/api/payment-runs")
    public ResponseEntity<List<Map<String, Object>>> runs(@RequestParam(defaultValue = "0") @Min(0) int page,
                                                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return Paging.answer(jdbc.queryForList("""
                select id, message_id as "messageId", created_at as "createdAt", created_by as "createdBy", transactions,
                       control_sum as "controlSum", file_name as "fileName", delivered_at as "deliveredAt"
                  from payment_runs order by created_at desc, id limit ? offset ?""", size, (long) page * size),
                jdbc.queryForObject("select count(*) from payment_runs", Long.class), page, size);
    }

    @Operation(summary = "The run's pain.001.001.09 file as sent to the bank")
    @GetMapping(value = "/api/payment-runs/{id}/file", produces = MediaType.APPLICATION_XML_VALUE)
    public ResponseEntity<byte[]> file(@PathVariable UUID id) {
        byte[] document = jdbc.query("select document from payment_runs where id = ?", (rs, n) -> rs.getBytes(1), id)
                .stream().findFirst().orElseThrow(() -> new NoSuchElementException("No payment run " + id));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(document);
    }

    @Operation(summary = "Supplier accounts held after a change, waiting for a second person's confirmation")
    @GetMapping("/api/supplier-accounts/held")
    public List<Map<String, Object>> held() {
        return accounts.held();
    }

    @Operation(summary = "Confirms a changed supplier account (admin or approver; not the person who approved the invoice that brought it)")
    @PostMapping("/api/supplier-accounts/{supplier}/{iban}/confirm")
    public Map<String, Object> confirm(@PathVariable String supplier, @PathVariable String iban, Principal user) {
        accounts.confirm(supplier, iban, user.getName());
        return Map.of("supplier", supplier, "iban", iban, "confirmedBy", user.getName());
    }
}
