package io.kontor.it.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.it.Hub;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;
import java.time.LocalDate;

import static io.kontor.it.invoices.InvoiceApi.client;
import static io.kontor.it.invoices.InvoiceApi.get;
import static io.kontor.it.invoices.InvoiceApi.upload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A supplier's invoice scanned to an image-only PDF, handed in like any other: read by OCR where Tesseract is
 * installed, waiting for a person with the reason where it is not.
 */
class ScannedInvoiceIT {

    @TempDir
    Path dir;

    @Test
    void aScannedInvoiceIsReadByOcrOrWaitsSayingWhy() throws Exception {
        byte[] scan = io.kontor.testing.ScannedPdfs.of(SupplierInvoiceFactory.plainPdf(
                SupplierInvoicesFixture.invoice("RE-2026-0777", LocalDate.of(2026, 3, 9), "PO-1001")));
        try (Hub hub = new Hub("scan-no-ocr", null, dir.resolve("a")).with("kontor.invoices.ocr.command", "/nonexistent/tesseract").start()) {
            RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
            JsonNode waiting = upload(ops, "scan.pdf", scan);
            assertThat(waiting.get("status").asText()).isEqualTo("NEEDS_REVIEW");
            assertThat(waiting.get("rule").asText()).isEqualTo("KONTOR-NO-OCR");
            assertThat(get(ops, "/api/invoices/" + waiting.get("id").asText()).at("/extraction/toConfirm").toString())
                    .contains("sellerName", "number", "payable");
        }
        try (Hub hub = new Hub("scan-ocr", null, dir.resolve("b")).start()) {
            Assumptions.assumeTrue(hub.bean(io.kontor.invoices.ScannedPdfReader.class).available(),
                    "tesseract is not installed (.ci/run installs tesseract-ocr and its deu/eng/fra/nld data)");
            RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
            JsonNode read = upload(ops, "scan.pdf", scan);
            JsonNode invoice = get(ops, "/api/invoices/" + read.get("id").asText());
            assertThat(invoice.at("/extraction/fields/number/value").asText()).isEqualTo("RE-2026-0777");
            assertThat(invoice.at("/extraction/fields/payable/value").asText()).isEqualTo("529.87");
            assertThat(invoice.at("/extraction/fields/sellerVatId/value").asText()).isEqualTo("DE123456788");
            assertThat(invoice.at("/extraction/fields/iban/value").asText()).isEqualTo("DE89370400440532013000");
        }
    }
}
