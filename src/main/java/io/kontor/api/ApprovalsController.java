package io.kontor.api;

import io.kontor.invoices.InvoiceApprovals;
import io.kontor.model.InvoiceStatus;
import io.kontor.security.ApprovalAuthorities;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@Tag(name = "Invoice approvals", description = "Approval tasks of supplier invoices and the approvers' decisions")
@RestController
@Validated
public class ApprovalsController {

    /** An approver's comment (needed to reject, and to approve an invoice that does not match its orders). */
    public record Decision(String comment) {
    }

    private final InvoiceApprovals approvals;

    public ApprovalsController(InvoiceApprovals approvals) {
        this.approvals = approvals;
    }

    @Operation(summary = "Open approval tasks, oldest deadline first, of one role or all; paged (X-Total-Count, Link)")
    @GetMapping("/api/approvals")
    public ResponseEntity<List<Map<String, Object>>> open(@RequestParam(required = false) String role,
                                                          @RequestParam(defaultValue = "0") @Min(0) int page,
                                                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return Paging.answer(approvals.open(role, size, (long) page * size), approvals.countOpen(role), page, size);
    }

    @Operation(summary = "Approves the invoice for payment as the logged-in approver")
    @PostMapping("/api/invoices/{id}/approve")
    public Map<String, Object> approve(@PathVariable UUID id, @RequestBody(required = false) Decision decision, Authentication user) {
        return answer(id, approvals.decide(id, user.getName(), ApprovalAuthorities.of(user), true, decision == null ? null : decision.comment()));
    }

    @Operation(summary = "Rejects the invoice as the logged-in approver (a comment is required)")
    @PostMapping("/api/invoices/{id}/reject")
    public Map<String, Object> reject(@PathVariable UUID id, @RequestBody(required = false) Decision decision, Authentication user) {
        return answer(id, approvals.decide(id, user.getName(), ApprovalAuthorities.of(user), false, decision == null ? null : decision.comment()));
    }

    private Map<String, Object> answer(UUID id, InvoiceStatus status) {
        return Map.of("id", id, "status", status, "approval", approvals.of(id).orElse(Map.of()));
    }
}
