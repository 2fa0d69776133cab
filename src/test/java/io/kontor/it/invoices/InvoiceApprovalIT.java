package io.kontor.it.invoices;

import io.kontor.it.Hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Line;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static io.kontor.it.invoices.InvoiceApi.client;
import static io.kontor.it.invoices.InvoiceApi.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Approval routing as configured: a clean small match approved by the hub, larger ones by the role of their amount
 * band, an excepted one only with a comment, an overdue task escalated, a substitute deciding for an absent
 * approver — and nobody deciding outside their roles; every decision logged with its author.
 */
class InvoiceApprovalIT {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    @TempDir
    Path dir;

    @Test
    void invoicesAreApprovedByTheRoleOfTheirAmountBand() throws Exception {
        try (Hub hub = new Hub("approval", null, dir)
                .with("kontor.invoices.approval.auto-approve-below", 600)
                .with("kontor.invoices.approval.escalation-interval", 300)
                .with("kontor.invoices.approval.approvers.alice.password", "alice-pw")
                .with("kontor.invoices.approval.approvers.alice.roles", "ap-clerk")
                .with("kontor.invoices.approval.approvers.bob.password", "bob-pw")
                .with("kontor.invoices.approval.approvers.bob.roles", "ap-lead")
                .with("kontor.invoices.approval.approvers.carol.password", "carol-pw")
                .with("kontor.invoices.approval.approvers.carol.roles", "cfo")
                .with("kontor.invoices.approval.approvers.dave.password", "dave-pw")
                .with("kontor.invoices.approval.approvers.dave.roles", "ap-lead")
                .with("kontor.invoices.approval.approvers.dave.substitute", "carol")
                .start()) {
            RestClient admin = client(hub, "admin", Hub.ADMIN_PASSWORD);
            RestClient alice = client(hub, "alice", "alice-pw");
            RestClient bob = client(hub, "bob", "bob-pw");
            RestClient dave = client(hub, "dave", "dave-pw");
            post(admin, "/api/purchase-orders", """
                    {"number":"PO-100","supplierVatId":"DE123456788","currency":"EUR","orderedAt":"2026-10-20","lines":[
                      {"lineNo":1,"sku":"TB100A4","quantity":"10000","unitPrice":"9.90"},
                      {"lineNo":2,"sku":"ARNR2","quantity":"10000","unitPrice":"5.50"}]}""");
            post(admin, "/api/goods-receipts", """
                    {"id":"GR-100","purchaseOrder":"PO-100","receivedAt":"2026-10-28T08:00:00Z",
                     "lines":[{"purchaseOrderLine":1,"quantity":"10000"},{"purchaseOrderLine":2,"quantity":"10000"}]}""");

            // 529.87: a clean match below 600, approved by the hub
            String small = upload(admin, SupplierInvoicesFixture.invoice("A-1", DAY, "PO-100", 20));
            assertThat(awaitStatus(admin, small, "APPROVED").get("events").findValuesAsText("actor")).containsOnly("kontor");

            // 1,472.35 (100 dividers): the clerk's band; the lead may not, the clerk may
            String clerks = upload(admin, SupplierInvoicesFixture.invoice("A-2", DAY.plusDays(1), "PO-100", 100));
            assertThat(awaitStatus(admin, clerks, "AWAITING_APPROVAL").at("/approval/role").asText()).isEqualTo("ap-clerk");
            assertThat(decide(bob, clerks, "approve", "looks fine")).isEqualTo(403);
            assertThat(decide(client(hub, "ops", Hub.OPS_PASSWORD), clerks, "approve", "ops is no approver")).isEqualTo(403);
            assertThat(decide(alice, clerks, "approve", null)).isEqualTo(200);
            JsonNode approved = get(admin, "/api/invoices/" + clerks);
            assertThat(approved.get("status").asText()).isEqualTo("APPROVED");
            assertThat(approved.at("/approval/decidedBy").asText()).isEqualTo("alice");

            // above the ordered price: an exception, approved only with a comment
            String variance = upload(admin, new Spec("A-3", DAY.plusDays(2), 30, SupplierInvoicesFixture.PAPER, "KONTOR-AP-1", "PO-100",
                    List.of(new Line("TB100A4", "Trennblätter", new BigDecimal("100"), new BigDecimal("10.90"), new BigDecimal("19"))), false));
            assertThat(awaitStatus(admin, variance, "EXCEPTION").at("/approval/role").asText()).isEqualTo("ap-clerk");
            assertThat(decide(alice, variance, "approve", "")).isEqualTo(400);
            assertThat(decide(alice, variance, "approve", "new price list from 1 Nov agreed by phone")).isEqualTo(200);
            assertThat(get(admin, "/api/invoices/" + variance).get("status").asText()).isEqualTo("APPROVED");

            // 35,637.25 (3,000 dividers + 50 reams): the CFO's band; carol is away, dave stands in for her
            String big = upload(admin, SupplierInvoicesFixture.invoice("A-4", DAY.plusDays(3), "PO-100", 3000));
            assertThat(awaitStatus(admin, big, "AWAITING_APPROVAL").at("/approval/role").asText()).isEqualTo("cfo");
            assertThat(decide(bob, big, "approve", "not mine")).isEqualTo(403);
            assertThat(decide(dave, big, "approve", "for carol, on holiday")).isEqualTo(200);
            assertThat(get(admin, "/api/invoices/" + big).get("events").findValuesAsText("detail")).anyMatch(d -> d.startsWith("as cfo"));

            // undecided past its deadline: escalated from the clerk to the lead, who rejects it (with a reason)
            hub.jdbc().update("update invoice_approvals set due_at = now() - interval '1 hour' where decided_at is null");
            String late = upload(admin, SupplierInvoicesFixture.invoice("A-5", DAY.plusDays(4), "PO-100", 110));
            awaitStatus(admin, late, "AWAITING_APPROVAL");
            hub.jdbc().update("update invoice_approvals set due_at = now() - interval '1 hour' where invoice_id = ?::uuid", late);
            await().atMost(Duration.ofSeconds(20)).until(() -> "ap-lead".equals(get(admin, "/api/invoices/" + late).at("/approval/role").asText()));
            assertThat(decide(alice, late, "approve", "too late")).isEqualTo(403);
            assertThat(decide(bob, late, "reject", " ")).isEqualTo(400);
            assertThat(decide(bob, late, "reject", "delivery note disputed")).isEqualTo(200);
            JsonNode rejected = get(admin, "/api/invoices/" + late);
            assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
            assertThat(rejected.get("events").findValuesAsText("action")).contains("APPROVAL_REQUESTED", "ESCALATED", "REJECTED");
            assertThat(decide(bob, late, "approve", "changed my mind")).isEqualTo(404);

            // admin decides in any band's role where allowed (kontor.invoices.approval.admin-approves, the embedded default)
            String byAdmin = upload(admin, SupplierInvoicesFixture.invoice("A-6", DAY.plusDays(5), "PO-100", 120));
            await().atMost(Duration.ofSeconds(30)).until(() -> get(admin, "/api/invoices/" + byAdmin).at("/approval/role").isTextual());
            assertThat(decide(admin, byAdmin, "approve", "approved by the owner")).isEqualTo(200);
            assertThat(get(admin, "/api/invoices/" + byAdmin).at("/approval/decidedBy").asText()).isEqualTo("admin");
            assertThat(admin.get().uri("/api/approvals").retrieve().body(JsonNode.class)).isEmpty();
        }
    }

    private static String upload(RestClient client, Spec spec) {
        return InvoiceApi.upload(client, spec.number() + ".xml", SupplierInvoiceFactory.xrechnungCii(spec)).get("id").asText();
    }

    private static int decide(RestClient approver, String id, String decision, String comment) {
        return approver.post().uri("/api/invoices/" + id + "/" + decision).contentType(MediaType.APPLICATION_JSON)
                .body(comment == null ? "{}" : "{\"comment\":\"" + comment + "\"}")
                .exchange((req, res) -> res.getStatusCode().value());
    }

    private static JsonNode awaitStatus(RestClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(get(client, "/api/invoices/" + id).get("status").asText()));
        return get(client, "/api/invoices/" + id);
    }

    private static void post(RestClient client, String path, String json) {
        client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toBodilessEntity();
    }
}
