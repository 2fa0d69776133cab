package io.kontor.it.invoices;

import io.kontor.it.Hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import static io.kontor.it.invoices.InvoiceApi.client;
import static io.kontor.it.invoices.InvoiceApi.get;
import static io.kontor.it.invoices.InvoiceApi.post;
import static io.kontor.it.invoices.InvoiceApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain-PDF invoices of a supplier the hub has no template for, on real PostgreSQL and Kafka: the first waits for a
 * person with what the hub could read pre-filled; their review books it and teaches the supplier's template; the
 * second is read by that template and confirmed; the third is booked without anybody. Reviews are refused for
 * invoices not waiting for one, and values that are no values.
 */
class PlainPdfInvoiceReviewIT {

    private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);

    @TempDir
    Path dir;

    @Test
    void reviewsOfPlainPdfsTeachTheSuppliersTemplate() {
        try (Hub hub = new Hub("plain-pdf", null, dir).start()) {
            RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
            JdbcTemplate db = hub.jdbc();

            JsonNode first = upload(ops, "RE-2026-0101.pdf", plainPdf("RE-2026-0101", MARCH_2, "PO-1001", 20));
            assertThat(first.get("status").asText()).isEqualTo("NEEDS_REVIEW");
            assertThat(first.get("rule").asText()).isEqualTo("KONTOR-CONFIRM-FIELDS");
            String firstId = first.get("id").asText();
            JsonNode waiting = get(ops, "/api/invoices/" + firstId);
            assertThat(waiting.get("format").asText()).isEqualTo("PDF_TEXT");
            assertThat(waiting.at("/extraction/fields/number/value").asText()).isEqualTo("RE-2026-0101");
            assertThat(waiting.at("/extraction/fields/number/source").asText()).isEqualTo("LABEL");
            assertThat(waiting.at("/extraction/fields/payable/value").asText()).isEqualTo("529.87");
            assertThat(waiting.at("/extraction/toConfirm").toString()).contains("sellerName", "issueDate");

            // values that are none are refused, and nothing changes
            assertThat(post(ops, "/api/invoices/" + firstId + "/corrections", Map.of("fields", Map.of("iban", "DE00370400440532013000"))).status())
                    .isEqualTo(400);
            assertThat(post(ops, "/api/invoices/" + firstId + "/corrections", Map.of("fields", Map.of("colour", "blue"))).status())
                    .isEqualTo(400);
            // the letterhead's company name is offered, below the threshold; a review that clears it lacks the seller
            assertThat(waiting.at("/extraction/fields/sellerName/value").asText()).isEqualTo("Papier Müller GmbH");
            assertThat(post(ops, "/api/invoices/" + firstId + "/corrections", Map.of("fields", Map.of("issueDate", "2026-03-02",
                    "sellerName", ""))).body().get("detail").asText()).contains("sellerName");
            assertThat(get(ops, "/api/invoices/" + firstId).get("status").asText()).isEqualTo("NEEDS_REVIEW");

            InvoiceApi.Answer reviewed = post(ops, "/api/invoices/" + firstId + "/corrections", Map.of("fields", Map.of(
                    "sellerName", "Papier Müller GmbH", "issueDate", "2026-03-02", "currency", "EUR"), "comment", "first one from them"));
            assertThat(reviewed.status()).isEqualTo(200);
            assertThat(reviewed.body().get("status").asText()).isEqualTo("VALIDATED");
            // the seller's name was offered as printed: confirmed, not corrected
            assertThat(reviewed.body().get("corrected").toString()).contains("issueDate").doesNotContain("sellerName");
            assertThat(reviewed.body().at("/template/saved").asBoolean()).isTrue();
            assertThat(reviewed.body().at("/template/learned").toString()).contains("number", "payable", "iban");
            JsonNode booked = get(ops, "/api/invoices/" + firstId);
            assertThat(booked.at("/seller/name").asText()).isEqualTo("Papier Müller GmbH");
            assertThat(booked.at("/seller/vatId").asText()).isEqualTo("DE123456788");
            assertThat(booked.get("dueDate").asText()).isEqualTo("2026-04-01");
            assertThat(booked.findValues("detail").toString()).contains("reviewed: corrected", "first one from them");
            assertThat(post(ops, "/api/invoices/" + firstId + "/corrections", Map.of("fields", Map.of())).status())
                    .as("reviewed once").isEqualTo(409);

            JsonNode second = upload(ops, "RE-2026-0188.pdf", plainPdf("RE-2026-0188", MARCH_2.plusDays(44), "PO-1077", 31));
            assertThat(second.get("status").asText()).isEqualTo("NEEDS_REVIEW");
            JsonNode prefilled = get(ops, "/api/invoices/" + second.get("id").asText());
            assertThat(prefilled.at("/extraction/template").asText()).isEqualTo("Papier Müller GmbH");
            assertThat(prefilled.at("/extraction/fields/number/source").asText()).isEqualTo("LEARNED");
            assertThat(prefilled.get("issueDate").asText()).isEqualTo("2026-04-15");
            assertThat(post(ops, "/api/invoices/" + second.get("id").asText() + "/corrections", Map.of("fields", Map.of())).body()
                    .get("status").asText()).isEqualTo("VALIDATED");

            JsonNode third = upload(ops, "RE-2026-0240.pdf", plainPdf("RE-2026-0240", MARCH_2.plusDays(88), "PO-1102", 7));
            assertThat(third.get("status").asText()).as("read by a template two reviews agreed with").isEqualTo("VALIDATED");
            JsonNode auto = get(ops, "/api/invoices/" + third.get("id").asText());
            assertThat(auto.get("number").asText()).isEqualTo("RE-2026-0240");
            assertThat(auto.at("/totals/payable").asText()).isEqualTo("376.72");
            assertThat(auto.get("purchaseOrderReference").asText()).isEqualTo("PO-1102");

            // the same invoice printed again: known by supplier, number and year, never booked twice
            JsonNode reprint = upload(ops, "RE-2026-0240-copy.pdf", plainPdf("RE-2026-0240", MARCH_2.plusDays(88), "PO-1102", 8));
            assertThat(reprint.get("status").asText()).isEqualTo("DUPLICATE");

            // structured invoices are the supplier's to correct
            JsonNode xml = upload(ops, "x.xml", SupplierInvoicesFixture.xml("RE-2026-0999", MARCH_2));
            assertThat(post(ops, "/api/invoices/" + xml.get("id").asText() + "/corrections", Map.of("fields", Map.of())).status())
                    .isEqualTo(409);
            // Mustang's second opinion on the original XML; a plain PDF has no XML for it
            JsonNode conformance = get(ops, "/api/invoices/" + xml.get("id").asText() + "/conformance");
            assertThat(conformance.get("validator").asText()).contains("Mustang");
            assertThat(conformance.has("valid")).isTrue();
            int plain = ops.get().uri("/api/invoices/" + firstId + "/conformance").exchange((req, res) -> res.getStatusCode().value());
            assertThat(plain).isEqualTo(409);

            JsonNode templates = get(ops, "/api/invoices/templates");
            assertThat(templates.findValuesAsText("issuer")).contains("Papier Müller GmbH", "Coolblue B.V.", "Amazon Web Services");
            assertThat(db.queryForObject("select template->'confirmations'->>'number' from invoice_templates where supplier_key = 'DE123456788'",
                    String.class)).isEqualTo("2");

            // the booked ones go on to matching like any other invoice (no purchase orders here: exceptions)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForObject(
                    "select count(*) from invoices where format = 'PDF_TEXT' and status = 'EXCEPTION'", Integer.class)).isEqualTo(3));
        }
    }

    private static byte[] plainPdf(String number, LocalDate issued, String order, int dividers) {
        return SupplierInvoiceFactory.plainPdf(SupplierInvoicesFixture.invoice(number, issued, order, dividers));
    }
}
