package io.kontor.it.invoices;

import io.kontor.it.Hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Line;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Spec;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The 3-way match on real PostgreSQL and Kafka: purchase orders and goods receipts from the API and the ERP's topic,
 * invoices matched when they are validated and again when goods arrive; partial deliveries, a second invoice on the
 * same order, a credit note and a price variance; every decision in the invoice's log.
 */
class InvoiceMatchingIT {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_READER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);

    @TempDir
    Path dir;

    @Test
    void invoicesAreMatchedAgainstOrdersAndReceiptsAsTheGoodsArrive() throws Exception {
        try (Hub hub = new Hub("matching", null, dir).start()) {
            RestClient admin = client(hub, "admin", Hub.ADMIN_PASSWORD);
            // the VAT id as the ERP writes it, with spaces: the hub compares it without
            orderPo4711(admin, "DE 123 456 788");
            JsonNode first = post(admin, "/api/goods-receipts", receipt("GR-1", "PO-4711", 1, 12, 2, 50));
            assertThat(first.get("new").asBoolean()).isTrue();

            // billed 20 dividers, 12 arrived: waits
            String invoice = upload(admin, "RE-1.xml", SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RE-1", DAY, "PO-4711")));
            JsonNode waiting = awaitStatus(admin, invoice, "EXCEPTION");
            assertThat(waiting.get("matchReasons")).singleElement().satisfies(r -> {
                assertThat(r.get("code").asText()).isEqualTo("QUANTITY_NOT_RECEIVED");
                assertThat(r.get("message").asText()).contains("received 12");
            });

            // the rest arrives: matched; the same receipt reported again changes nothing
            post(admin, "/api/goods-receipts", receipt("GR-2", "PO-4711", 1, 8));
            assertThat(post(admin, "/api/goods-receipts", receipt("GR-2", "PO-4711", 1, 8)).get("new").asBoolean()).isFalse();
            // (a clean match below the approval limit is approved by the hub)
            JsonNode matched = awaitStatus(admin, invoice, "APPROVED");
            assertThat(matched.get("matchReasons")).isEmpty();
            assertThat(matched.get("events").findValuesAsText("action")).containsExactly("VALIDATED", "EXCEPTION", "MATCHED", "APPROVED");
            JsonNode po = admin.get().uri("/api/purchase-orders/PO-4711").retrieve().body(JsonNode.class);
            assertThat(po.get("lines").get(0).get("received").decimalValue()).isEqualByComparingTo("20");
            // what arrived is on hand where it arrived, once per receipt (the order line names the SKU)
            JsonNode dividers = admin.get().uri("/api/stock?sku=TB100A4").retrieve().body(JsonNode.class);
            assertThat(dividers).singleElement().satisfies(l -> {
                assertThat(l.get("warehouse").asText()).isEqualTo("DE-KOELN");
                assertThat(l.get("onHand").asInt()).isEqualTo(20);
            });
            assertThat(admin.get().uri("/api/stock/TB100A4/movements").retrieve().body(JsonNode.class).findValuesAsText("reference"))
                    .containsExactly("goods receipt GR-2 (PO-4711 line 1)", "goods receipt GR-1 (PO-4711 line 1)");
            // a return of more than is there is refused whole: neither the receipt nor any stock movement is stored
            InvoiceApi.Answer returned = InvoiceApi.post(admin, "/api/goods-receipts",
                    JSON_READER.readTree(receipt("GR-R", "PO-4711", 2, -10, 1, -25)));
            assertThat(returned.status()).isEqualTo(400);
            assertThat(returned.body().get("detail").asText()).contains("GR-R", "TB100A4", "fewer than none");
            assertThat(hub.jdbc().queryForObject("select count(*) from goods_receipts where id = 'GR-R'", Integer.class)).isZero();
            assertThat(hub.jdbc().queryForObject("select on_hand from stock_levels where sku = 'ARNR2'", Integer.class)).isEqualTo(50);
            assertThat(po.get("lines").get(0).get("invoiced").decimalValue()).isEqualByComparingTo("20");
            assertThat(po.get("lines").get(1).get("invoiced").decimalValue()).isEqualByComparingTo("50");

            // a second invoice for 5 more dividers than were ordered
            String over = upload(admin, "RE-2.xml", SupplierInvoiceFactory.xrechnungCii(spec("RE-2", "PO-4711", false, "TB100A4", "5", "9.90")));
            assertThat(awaitStatus(admin, over, "EXCEPTION").get("matchReasons").findValuesAsText("code")).containsExactly("QUANTITY_OVER_ORDER");
            // a credit note for 5 dividers gives them back: then the second invoice fits what was received
            String credit = upload(admin, "GS-1.xml", SupplierInvoiceFactory.xrechnungCii(spec("GS-1", "PO-4711", true, "TB100A4", "5", "9.90")));
            awaitStatus(admin, credit, "APPROVED");
            // the over-billing had asked for an approval; matched after all, it needs none
            JsonNode fits = awaitStatus(admin, over, "APPROVED");
            assertThat(fits.get("events").findValuesAsText("action"))
                    .containsExactly("VALIDATED", "EXCEPTION", "APPROVAL_REQUESTED", "MATCHED", "APPROVED");
            assertThat(fits.at("/approval/decidedBy").asText()).isEqualTo("kontor");
            assertThat(admin.get().uri("/api/purchase-orders/PO-4711").retrieve().body(JsonNode.class).get("lines").get(0)
                    .get("invoiced").decimalValue()).isEqualByComparingTo("20");

            // an order from the ERP's topic; an invoice above its price
            ProducerTemplate producer = hub.bean(ProducerTemplate.class);
            producer.sendBodyAndHeader("kafka:" + hub.purchaseOrdersTopic, """
                    {"number":"PO-4712","supplierVatId":"DE123456788","currency":"EUR","orderedAt":"2026-10-25",
                     "lines":[{"lineNo":1,"sku":"ARNR2","quantity":"10","unitPrice":"5.00"}]}""", "kafka.KEY", "PO-4712");
            producer.sendBodyAndHeader("kafka:" + hub.purchaseOrdersTopic, "{\"number\": ", "kafka.KEY", "broken");
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from purchase_orders where number = 'PO-4712'", Integer.class) == 1);
            post(admin, "/api/goods-receipts", receipt("GR-3", "PO-4712", 1, 10));
            String pricey = upload(admin, "RE-3.xml", SupplierInvoiceFactory.xrechnungCii(spec("RE-3", "PO-4712", false, "ARNR2", "10", "5.50")));
            JsonNode variance = awaitStatus(admin, pricey, "EXCEPTION");
            assertThat(variance.get("matchReasons").findValuesAsText("code")).containsExactly("PRICE_VARIANCE");
            assertThat(variance.get("matchReasons").get(0).get("message").asText()).contains("5.5", "ordered at 5");

            // the malformed order is quarantined with its reason, nothing else affected
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from dead_letters where kind = 'QUARANTINE'", Integer.class) == 1);
            // RE-1 on two order lines, the credit note and RE-2 on one each; the price variance holds RE-3 back
            assertThat(hub.jdbc().queryForObject("select count(*) from invoice_matches", Integer.class)).isEqualTo(4);
        }
    }

    @Test
    void invoicesMatchedInOneBatchShareTheOrderLinesWithoutBillingTwice() throws Exception {
        try (Hub hub = new Hub("matching-batch", null, dir).start()) {
            RestClient admin = client(hub, "admin", Hub.ADMIN_PASSWORD);
            post(admin, "/api/purchase-orders", """
                    {"number":"PO-5000","supplierVatId":"DE123456788","currency":"EUR","orderedAt":"2026-10-20",
                     "lines":[{"lineNo":1,"sku":"ARNR2","quantity":"50","unitPrice":"5.50"}]}""");
            post(admin, "/api/goods-receipts", receipt("GR-50", "PO-5000", 1, 50));
            // matching paused while six invoices of 10 reams each (at prices a cent apart: not suspected duplicates) and a record that names no invoice queue up: one poll
            CamelContext camel = hub.bean(CamelContext.class);
            camel.getRouteController().stopRoute("invoice-matching");
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                ids.add(upload(admin, "B-" + i + ".xml", SupplierInvoiceFactory.xrechnungCii(spec("B-" + i, "PO-5000", false, "ARNR2", "10", "5.5" + (i - 1)))));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from invoices where published_at is not null", Integer.class) == 6);
            hub.bean(ProducerTemplate.class).sendBodyAndHeader("kafka:" + hub.invoicesTopic, "{}", "kafka.KEY", "no-invoice");
            camel.getRouteController().startRoute("invoice-matching");

            // the first five (in the order received) fill the 50 reams; the sixth is over the order, and nothing is billed twice
            for (String id : ids.subList(0, 5)) {
                awaitStatus(admin, id, "APPROVED");
            }
            JsonNode over = awaitStatus(admin, ids.get(5), "EXCEPTION");
            assertThat(over.get("matchReasons").findValuesAsText("code")).containsExactly("QUANTITY_OVER_ORDER");
            assertThat(over.get("matchReasons").get(0).get("message").asText()).contains("billed 60", "ordered 50");
            JsonNode po = admin.get().uri("/api/purchase-orders/PO-5000").retrieve().body(JsonNode.class);
            assertThat(po.get("lines").get(0).get("invoiced").decimalValue()).isEqualByComparingTo("50");
            assertThat(hub.jdbc().queryForObject("select count(*) from invoice_matches", Integer.class)).isEqualTo(5);
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from dead_letters where kind = 'QUARANTINE' and reason like '%no-invoice%'", Integer.class) == 1);

            // a credit note for 10 reams gives room to the sixth; the batch after it matches it again
            String credit = upload(admin, "GS-50.xml", SupplierInvoiceFactory.xrechnungCii(spec("GS-50", "PO-5000", true, "ARNR2", "10", "5.50")));
            awaitStatus(admin, credit, "APPROVED");
            assertThat(awaitStatus(admin, ids.get(5), "APPROVED").get("events").findValuesAsText("action"))
                    .containsExactly("VALIDATED", "EXCEPTION", "APPROVAL_REQUESTED", "MATCHED", "APPROVED");
            assertThat(admin.get().uri("/api/purchase-orders/PO-5000").retrieve().body(JsonNode.class).get("lines").get(0)
                    .get("invoiced").decimalValue()).isEqualByComparingTo("50");
        }
    }

    /** Type codes as the standard means them: a prepayment, a booking aid, a correction before and after approval. */
    @Test
    void eachTypeCodeIsBookedAsTheStandardMeansIt() throws Exception {
        try (Hub hub = new Hub("type-codes", null, dir).start()) {
            RestClient admin = client(hub, "admin", Hub.ADMIN_PASSWORD);
            orderPo4711(admin, "DE123456788");

            // 386 before anything arrived (half the dividers ahead): checked against the order's value, approved, no order line claimed
            String prepayment = upload(admin, "AZ-1.xml", SupplierInvoicesFixture.retyped(SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("AZ-1", DAY, "PO-4711", 10)), "386", null, null));
            awaitStatus(admin, prepayment, "APPROVED");
            assertThat(invoiced(admin, 0)).isEqualByComparingTo("0");

            // 751 asks for no payment: kept apart, and the invoice it describes is no duplicate of it
            JsonNode aid = InvoiceApi.upload(admin, "RE-9-info.xml", SupplierInvoicesFixture.retyped(SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-9", DAY, "PO-4711")), "751", null, null));
            assertThat(aid.get("status").asText()).isEqualTo("INFORMATION_ONLY");
            assertThat(admin.get().uri("/api/invoices/" + aid.get("id").asText()).retrieve().body(JsonNode.class).get("kind").asText())
                    .isEqualTo("ACCOUNTING_INFORMATION");
            String first = upload(admin, "RE-9.xml", SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice("RE-9", DAY, "PO-4711")));
            awaitStatus(admin, first, "EXCEPTION");

            // 384 corrects RE-9 before it was approved: RE-9 is superseded, the correction takes its place
            String corrected = upload(admin, "RE-9K.xml", SupplierInvoicesFixture.retyped(SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-9K", DAY.plusDays(3), "PO-4711")), "384", "RE-9", DAY));
            JsonNode superseded = awaitStatus(admin, first, "SUPERSEDED");
            assertThat(superseded.get("events").findValuesAsText("detail")).anyMatch(d -> d.contains("corrected invoice RE-9K"));
            post(admin, "/api/goods-receipts", receipt("GR-9", "PO-4711", 1, 20, 2, 50));
            awaitStatus(admin, corrected, "APPROVED");
            assertThat(invoiced(admin, 0)).as("billed once, by the correction").isEqualByComparingTo("20");
            assertThat(admin.get().uri("/api/invoices/" + first).retrieve().body(JsonNode.class).get("status").asText()).isEqualTo("SUPERSEDED");

            // a correction of an invoice already approved: a person settles the difference, nothing is paid twice on its own
            JsonNode late = InvoiceApi.upload(admin, "RE-9K2.xml", SupplierInvoicesFixture.retyped(SupplierInvoiceFactory.xrechnungCii(
                    SupplierInvoicesFixture.invoice("RE-9K2", DAY.plusDays(6), "PO-4711")), "384", "RE-9K", DAY.plusDays(3)));
            assertThat(late.get("status").asText()).isEqualTo("DUPLICATE_SUSPECTED");
            assertThat(late.get("rule").asText()).isEqualTo("KONTOR-CORRECTS-APPROVED");
            assertThat(admin.get().uri("/api/invoices/" + corrected).retrieve().body(JsonNode.class).get("status").asText()).isEqualTo("APPROVED");
        }
    }

    /** PO-4711 of Papier Müller: 20 dividers TB100A4 at 9.90, 50 reams ARNR2 at 5.50. */
    private static void orderPo4711(RestClient client, String supplierVatId) {
        post(client, "/api/purchase-orders", """
                {"number":"PO-4711","supplierVatId":"%s","supplierName":"Papier Müller GmbH","currency":"EUR",
                 "orderedAt":"2026-10-20","lines":[
                   {"lineNo":1,"sku":"TB100A4","description":"Trennblätter","quantity":"20","unitPrice":"9.90"},
                   {"lineNo":2,"sku":"ARNR2","description":"Kopierpapier","quantity":"50","unitPrice":"5.50"}]}""".formatted(supplierVatId));
    }

    private static BigDecimal invoiced(RestClient client, int line) {
        return client.get().uri("/api/purchase-orders/PO-4711").retrieve().body(JsonNode.class).get("lines").get(line).get("invoiced").decimalValue();
    }

    private static Spec spec(String number, String po, boolean credit, String sku, String quantity, String price) {
        return new Spec(number, DAY.plusDays(number.hashCode() % 20 + 25), 30, SupplierInvoicesFixture.PAPER, "KONTOR-AP-1", po,
                List.of(new Line(sku, sku, new BigDecimal(quantity), new BigDecimal(price), new BigDecimal("19"))), credit);
    }

    private static String receipt(String id, String po, int... lineAndQuantity) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < lineAndQuantity.length; i += 2) {
            lines.append(i == 0 ? "" : ",").append("{\"purchaseOrderLine\":").append(lineAndQuantity[i])
                    .append(",\"quantity\":\"").append(lineAndQuantity[i + 1]).append("\"}");
        }
        return "{\"id\":\"" + id + "\",\"purchaseOrder\":\"" + po + "\",\"warehouse\":\"DE-KOELN\",\"receivedAt\":\"2026-10-30T10:00:00Z\",\"lines\":["
                + lines + "]}";
    }

    private static JsonNode awaitStatus(RestClient client, String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                status.equals(client.get().uri("/api/invoices/" + id).retrieve().body(JsonNode.class).get("status").asText()));
        return client.get().uri("/api/invoices/" + id).retrieve().body(JsonNode.class);
    }

    private static JsonNode post(RestClient client, String path, String json) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().body(JsonNode.class);
    }
    private static String upload(RestClient client, String name, byte[] content) {
        JsonNode answer = InvoiceApi.upload(client, name, content);
        assertThat(answer.get("status").asText()).as(name).isEqualTo("VALIDATED");
        return answer.get("id").asText();
    }
}
