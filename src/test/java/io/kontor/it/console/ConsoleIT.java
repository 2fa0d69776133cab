package io.kontor.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.it.Hub;
import io.kontor.model.Address;
import io.kontor.model.Channel;
import io.kontor.model.FulfillmentStatus;
import io.kontor.model.Money;
import io.kontor.model.MoneySet;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import io.kontor.model.OrderStatus;
import io.kontor.model.Party;
import io.kontor.model.PartyRole;
import io.kontor.model.PaymentStatus;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import io.kontor.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.kontor.it.invoices.InvoiceApi.client;
import static io.kontor.it.invoices.InvoiceApi.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations console in Debian's headless Chromium over a running hub with real PostgreSQL and Kafka: the
 * journeys of the people who clear holds, reviews, approvals, duplicates and dead letters, each checked on the
 * screen and in the database; ops sees and may not act; a second click on a decided item is told who decided it;
 * anonymous visitors meet the login; forms need their CSRF token; a supplier's HTML is shown as text.
 * Screenshots land in target/console-screenshots ({@code -Dconsole.screenshots=docs/images} refreshes those of docs/console.md).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);
    private static final String ANNA_PASSWORD = "anna-secret";
    private static final Path SCREENSHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));

    @TempDir
    static Path dir;
    private static Hub hub;
    private static JdbcTemplate db;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        hub = new Hub("console", null, dir)
                .with("kontor.invoices.approval.admin-approves", true)
                // an accounts-payable clerk who decides in the first amount band
                .with("kontor.invoices.approval.approvers.anna.password", ANNA_PASSWORD)
                .with("kontor.invoices.approval.approvers.anna.roles", "ap-clerk")
                .start();
        db = hub.jdbc();
    }

    @AfterAll
    static void stop() {
        hub.stop();
    }

    private static String url(String path) {
        return "http://localhost:" + hub.port() + path;
    }

    @Test
    void everyConsolePageSendsAnonymousVisitorsToTheLogin() throws Exception {
        UUID any = UUID.randomUUID();
        for (String page : List.of("/", "/?workflow=orders", "/console/orders/" + any, "/console/invoices/" + any,
                "/console/invoices/" + any + "/pages/0.png", "/console/invoices/" + any + "/document", "/console/dead-letters/" + any,
                "/console/shipments/" + any, "/console/search?q=1", "/console/dashboards/orders", "/console/dashboards/invoices.csv",
                "/console/channels", "/console/stock/CUP-03")) {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(url(page))).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(page).hasValue(url("/login"));
        }
        // a decision without a session is refused before any controller
        HttpResponse<Void> post = http.send(HttpRequest.newBuilder(URI.create(url("/console/orders/" + any + "/release")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("comment=x")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminReleasesAHeldOrderOpsMayNotAndASecondClickIsToldItIsDecided() throws Exception {
        UUID id = publishOrder("CONSOLE-1", "5066");
        await().atMost(Duration.ofSeconds(30)).until(() -> "ON_HOLD".equals(status("orders", id)));
        String page = url("/console/orders/" + id);

        opsSeesButMayNotAct(page, "SHIP_TO_POSTCODE_INVALID", "Release", "/console/orders/" + id + "/release",
                "codes=SHIP_TO_POSTCODE_INVALID&comment=mine");
        try (Browser first = Browser.open(); Browser second = Browser.open()) {
            first.openAs(page, "admin", Hub.ADMIN_PASSWORD);
            second.openAs(page, "admin", Hub.ADMIN_PASSWORD);
            first.awaitText("SHIP_TO_POSTCODE_INVALID", Duration.ofSeconds(20));
            second.awaitText("SHIP_TO_POSTCODE_INVALID", Duration.ofSeconds(20));
            // the session's form needs its CSRF token
            assertThat(postForm(first, "/console/orders/" + id + "/release", "codes=SHIP_TO_POSTCODE_INVALID&comment=x", false)).startsWith("403");

            first.driver.findElement(By.name("comment")).sendKeys("Köln 5066x confirmed by phone: 50667");
            first.driver.findElement(By.xpath("//button[normalize-space()='Release']")).click();
            first.awaitText("Released SHIP_TO_POSTCODE_INVALID", Duration.ofSeconds(20));
            assertThat(first.driver.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("OPEN");
            assertThat(status("orders", id)).isEqualTo("OPEN");
            assertThat(db.queryForMap("select released_by, comment from order_hold_releases where order_id = ?", id))
                    .containsEntry("released_by", "admin").containsEntry("comment", "Köln 5066x confirmed by phone: 50667");

            second.driver.findElement(By.name("comment")).sendKeys("looks fine to me");
            second.driver.findElement(By.xpath("//button[normalize-space()='Release']")).click();
            second.awaitText("Already decided by", Duration.ofSeconds(20));
            assertThat(second.driver.findElement(By.cssSelector(".flash.refused")).getText())
                    .contains("released SHIP_TO_POSTCODE_INVALID", "Köln 5066x confirmed by phone").contains("Nothing was changed");
            assertThat(db.queryForObject("select count(*) from order_hold_releases where order_id = ?", Integer.class, id)).isEqualTo(1);
        }
    }

    @Test
    void aReviewedPlainPdfTeachesTheSupplierAndTheNextOneIsReadRight() throws Exception {
        RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
        String first = upload(ops, "RE-2026-0101.pdf", plainPdf("RE-2026-0101", MARCH_2, "PO-1001", 20)).get("id").asText();
        assertThat(status("invoices", UUID.fromString(first))).isEqualTo("NEEDS_REVIEW");

        try (Browser admin = Browser.open()) {
            admin.openAs(url("/console/invoices/" + first), "admin", Hub.ADMIN_PASSWORD);
            admin.awaitText("Check what was read", Duration.ofSeconds(20));
            // the PDF is on the page beside the fields, as an image every browser shows
            WebElement page = admin.driver.findElement(By.cssSelector("img.page"));
            assertThat(((Number) admin.driver.executeScript("return arguments[0].complete && arguments[0].naturalWidth", page)).intValue())
                    .isGreaterThan(500);
            // what the hub is unsure of is marked
            assertThat(admin.driver.findElements(By.cssSelector(".field.low label"))).extracting(WebElement::getText)
                    .contains("sellerName", "issueDate");
            assertThat(admin.driver.findElement(By.id("field.sellerName")).getAttribute("value")).isEqualTo("Papier Müller GmbH");
            type(admin, "field.issueDate", "2026-03-02");
            type(admin, "field.currency", "EUR");
            admin.driver.findElement(By.cssSelector("#review input[name=comment]")).sendKeys("first one from them");
            admin.driver.findElement(By.xpath("//button[normalize-space()='Save review']")).click();
            admin.awaitText("Review saved", Duration.ofSeconds(20));
            assertThat(status("invoices", UUID.fromString(first))).isIn("VALIDATED", "EXCEPTION");
            assertThat(db.queryForObject("select issue_date::text from invoices where id = ?::uuid", String.class, first)).isEqualTo("2026-03-02");
            assertThat(db.queryForObject("select detail from invoice_events where invoice_id = ?::uuid and actor = 'admin'", String.class, first))
                    .contains("reviewed: corrected", "issueDate", "first one from them");
            assertThat(db.queryForObject("select count(*) from invoice_templates where supplier_key = 'DE123456788'", Integer.class)).isEqualTo(1);

            // the supplier's next invoice: read by what the review taught, shown for confirmation
            String second = upload(ops, "RE-2026-0188.pdf", plainPdf("RE-2026-0188", MARCH_2.plusDays(44), "PO-1077", 31)).get("id").asText();
            admin.driver.get(url("/console/invoices/" + second));
            admin.awaitText("Check what was read", Duration.ofSeconds(20));
            assertThat(admin.driver.findElement(By.id("field.number")).getAttribute("value")).isEqualTo("RE-2026-0188");
            assertThat(admin.driver.findElement(By.id("field.issueDate")).getAttribute("value")).isEqualTo("2026-04-15");
            assertThat(admin.driver.findElement(By.xpath("//input[@id='field.number']/following-sibling::span")).getText()).contains("LEARNED");
            screenshot(admin, "console-invoice-review.png");
        }
    }

    @Test
    void anApproverApprovesAnExceptionAndTheSecondApproverIsToldWhoDidOpsIsRefused() throws Exception {
        RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
        String id = upload(ops, "RE-2026-0500.xml", SupplierInvoiceFactory.xrechnungCii(
                SupplierInvoicesFixture.invoice("RE-2026-0500", LocalDate.of(2026, 6, 1), "PO-9999", 25))).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject(
                "select count(*) from invoice_approvals where invoice_id = ?::uuid and decided_at is null", Integer.class, id) == 1);
        assertThat(status("invoices", UUID.fromString(id))).isEqualTo("EXCEPTION");
        String page = url("/console/invoices/" + id);

        opsSeesButMayNotAct(page, "Waits for role ap-clerk", "Approve", "/console/invoices/" + id + "/approve", "comment=ok");
        try (Browser anna = Browser.open(); Browser admin = Browser.open()) {
            anna.openAs(page, "anna", ANNA_PASSWORD);
            admin.openAs(page, "admin", Hub.ADMIN_PASSWORD);
            anna.awaitText("Waits for role ap-clerk", Duration.ofSeconds(20));
            admin.awaitText("Waits for role ap-clerk", Duration.ofSeconds(20));
            // why it waits, with its numbers, and who may decide
            assertThat(admin.driver.findElement(By.cssSelector("ul.variances")).getText()).isNotBlank();
            assertThat(admin.driver.findElement(By.tagName("main")).getText()).contains("May decide: anna, admin");

            admin.driver.findElement(By.cssSelector("form.decision input[name=comment]")).sendKeys("PO-9999 is the ERP's typo for PO-4711");
            admin.driver.findElement(By.xpath("//button[normalize-space()='Approve']")).click();
            admin.awaitText("Approved for payment", Duration.ofSeconds(20));
            assertThat(status("invoices", UUID.fromString(id))).isEqualTo("APPROVED");
            assertThat(db.queryForMap("select decided_by, decision, comment from invoice_approvals where invoice_id = ?::uuid", id))
                    .containsEntry("decided_by", "admin").containsEntry("decision", "APPROVED")
                    .containsEntry("comment", "PO-9999 is the ERP's typo for PO-4711");

            anna.driver.findElement(By.cssSelector("form.decision input[name=comment]")).sendKeys("rejecting: no such order");
            anna.driver.findElement(By.xpath("//button[normalize-space()='Reject']")).click();
            anna.awaitText("Already decided by admin", Duration.ofSeconds(20));
            assertThat(status("invoices", UUID.fromString(id))).isEqualTo("APPROVED");
        }
    }

    @Test
    void aSuspectedDuplicateIsShownBesideItsOriginalAndRejected() throws Exception {
        RestClient ops = client(hub, "ops", Hub.OPS_PASSWORD);
        LocalDate november = LocalDate.of(2026, 11, 2);
        String original = upload(ops, "RE-2026-0147.xml", SupplierInvoiceFactory.xrechnungCii(
                SupplierInvoicesFixture.invoice("RE-2026-0147", november, "PO-4711"))).get("id").asText();
        JsonNode suspect = upload(ops, "RE-2026-0201.xml", SupplierInvoiceFactory.xrechnungCii(
                SupplierInvoicesFixture.invoice("RE-2026-0201", november.plusDays(5), "PO-4713")));
        assertThat(suspect.get("status").asText()).isEqualTo("DUPLICATE_SUSPECTED");
        String id = suspect.get("id").asText();

        try (Browser admin = Browser.open()) {
            admin.openAs(url("/console/invoices/" + id), "admin", Hub.ADMIN_PASSWORD);
            admin.awaitText("Suspected duplicate", Duration.ofSeconds(20));
            String sideBySide = admin.driver.findElement(By.id("duplicate")).getText();
            assertThat(sideBySide).contains("RE-2026-0201", "RE-2026-0147", "529.87 EUR");
            assertThat(admin.driver.findElement(By.linkText("RE-2026-0147")).getAttribute("href")).endsWith("/console/invoices/" + original);

            admin.driver.findElement(By.cssSelector("form.decision input[name=comment]")).sendKeys("the supplier sent it twice");
            admin.driver.findElement(By.xpath("//button[normalize-space()='Duplicate — reject']")).click();
            admin.awaitText("Kept as a duplicate", Duration.ofSeconds(20));
            assertThat(admin.driver.findElement(By.id("status")).getText()).isEqualTo("DUPLICATE");
        }
        assertThat(db.queryForMap("select status, rejection_rule from invoices where id = ?::uuid", id))
                .containsEntry("status", "DUPLICATE").containsEntry("rejection_rule", "KONTOR-DUPLICATE-CONFIRMED");
        assertThat(db.queryForObject("select detail from invoice_events where invoice_id = ?::uuid and actor = 'admin'", String.class, id))
                .contains("a duplicate of " + original, "the supplier sent it twice");
    }

    @Test
    void anAdminReplaysADeadLetterOpsSeesItWithoutTheButton() throws Exception {
        String key = "SHOPIFY:console:" + UUID.randomUUID();
        send(hub.ordersTopic, key, "{not json");
        await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject(
                "select count(*) from dead_letters where message_key = ?", Integer.class, key) == 1);
        String id = db.queryForObject("select id::text from dead_letters where message_key = ?", String.class, key);
        String page = url("/console/dead-letters/" + id);

        opsSeesButMayNotAct(page, "{not json", "Replay to its source", "/console/dead-letters/" + id + "/replay", "");
        try (Browser admin = Browser.open()) {
            admin.openAs(page, "admin", Hub.ADMIN_PASSWORD);
            admin.awaitText("{not json", Duration.ofSeconds(20));
            assertThat(admin.driver.findElement(By.tagName("main")).getText()).contains("order-intake");
            admin.driver.findElement(By.xpath("//button[normalize-space()='Replay to its source']")).click();
            admin.awaitText("Replayed to its source", Duration.ofSeconds(20));
            assertThat(admin.driver.findElement(By.id("status")).getText()).isEqualTo("REPLAYED");
        }
        assertThat(db.queryForMap("select status, replayed_by from dead_letters where id = ?::uuid", id))
                .containsEntry("status", "REPLAYED").containsEntry("replayed_by", "admin");
        // the replayed garbage is quarantined again: a new letter, the first stays replayed
        await().atMost(Duration.ofSeconds(30)).until(() -> db.queryForObject(
                "select count(*) from dead_letters where message_key = ?", Integer.class, key) == 2);
    }

    @Test
    void aParcelItsChannelNeverConfirmedIsMarkedConfirmedByHand() throws Exception {
        UUID order = publishOrder("CONSOLE-3", "50667");
        await().atMost(Duration.ofSeconds(30)).until(() -> status("orders", order) != null);
        // a parcel as shipping leaves it when its channel refused the confirmation for two days
        UUID pickList = UUID.randomUUID();
        UUID parcel = UUID.randomUUID();
        db.update("insert into pick_lists (id, warehouse, wave, orders, units, document) values (?, 'DE-KOELN', 9001, 1, 1, '{}')", pickList);
        db.update("""
                insert into shipments (id, order_id, pick_list_id, warehouse, tote, lines, status, carrier, tracking_number, shipped_at,
                                       confirm_attempts, confirm_error)
                values (?, ?, ?, 'DE-KOELN', 1, '[]', 'SHIPPED', 'DHL', '00340434161094015902', now() - interval '2 days', 7,
                        'the channel refused: order is archived')""", parcel, order, pickList);
        String page = url("/console/shipments/" + parcel);
        opsSeesButMayNotAct(page, "order is archived", "Mark confirmed by hand", "/console/shipments/" + parcel + "/channel-confirmed",
                "comment=x");
        try (Browser admin = Browser.open()) {
            admin.openAs(url("/?workflow=fulfilment"), "admin", Hub.ADMIN_PASSWORD);
            admin.awaitText("00340434161094015902", Duration.ofSeconds(20));
            admin.driver.findElement(By.partialLinkText("00340434161094015902")).click();
            admin.awaitText("Not confirmed after 7 attempts", Duration.ofSeconds(20));
            admin.driver.findElement(By.name("comment")).sendKeys("confirmed in Shopify's admin by hand");
            admin.driver.findElement(By.xpath("//button[normalize-space()='Mark confirmed by hand']")).click();
            admin.awaitText("Marked as confirmed on its channel", Duration.ofSeconds(20));
        }
        assertThat(db.queryForObject("select channel_references -> 0 ->> 'confirmedBy' from shipments where id = ?", String.class, parcel))
                .isEqualTo("admin");
        assertThat(db.queryForObject("select channel_confirmed_at is not null from shipments where id = ?", Boolean.class, parcel)).isTrue();
    }

    @Test
    void aStockDiscrepancyWaitsInTheInboxAndAnAdminAcceptsTheCountOnce() throws Exception {
        io.kontor.stock.StockLedger ledger = hub.bean(io.kontor.stock.StockLedger.class);
        ledger.setOnHand("CONSOLE-COUNT", "DE-KOELN", 12, "STOCK_COUNT", "console test");
        io.kontor.stock.StockReconciliation reconciliation = hub.bean(io.kontor.stock.StockReconciliation.class);
        reconciliation.report("WMS DE-KOELN", java.time.Instant.now(),
                List.of(new io.kontor.stock.StockReconciliation.ReportLine("CONSOLE-COUNT", "DE-KOELN", 9)));
        reconciliation.run("console test");
        long id = db.queryForObject("select id from stock_discrepancies where sku = 'CONSOLE-COUNT'", Long.class);
        String page = url("/console/stock/CONSOLE-COUNT");
        opsSeesButMayNotAct(page, "WMS DE-KOELN counted 9", "Resolve", "/console/stock/discrepancies/" + id + "/resolution",
                "action=ACCEPT_COUNT&comment=x");
        try (Browser admin = Browser.open()) {
            admin.openAs(url("/console/reports/stock-variance"), "admin", Hub.ADMIN_PASSWORD);
            admin.awaitText("Stock variance", Duration.ofSeconds(20));
            assertThat(admin.driver.findElement(By.id("variance")).getText()).contains("CONSOLE-COUNT DE-KOELN WMS DE-KOELN 12 9 -3");
            assertThat(admin.driver.executeScript("return Chart.getChart('trend').data.labels.length")).isEqualTo(30L);
            admin.driver.get(url("/?workflow=stock"));
            admin.awaitText("CONSOLE-COUNT", Duration.ofSeconds(20));
            admin.driver.findElement(By.partialLinkText("CONSOLE-COUNT")).click();
            admin.awaitText("Suggested: ACCEPT_COUNT", Duration.ofSeconds(20));
            String seen = admin.driver.findElement(By.name("seen")).getAttribute("value");
            admin.driver.findElement(By.name("comment")).sendKeys("recounted: three broken");
            admin.driver.findElement(By.xpath("//button[normalize-space()='Resolve']")).click();
            admin.awaitText("Discrepancy resolved: ACCEPT_COUNT", Duration.ofSeconds(20));
            assertThat(admin.driver.findElement(By.id("discrepancy-" + id)).getText()).contains("Resolved by admin", "recounted: three broken");
            // the same form again, as a second tab would send it: refused, and told who did it
            String again = String.valueOf(admin.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const token = document.querySelector('input[name=_csrf]').value;
                    fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                      body: 'action=ACCEPT_COUNT&comment=again&seen=' + arguments[1] + '&_csrf=' + token}).then(r => r.text()).then(done);""",
                    "/console/stock/discrepancies/" + id + "/resolution", seen));
            assertThat(again).contains("Already decided by you");
        }
        assertThat(db.queryForObject("select on_hand from stock_levels where sku = 'CONSOLE-COUNT'", Integer.class)).isEqualTo(9);
        assertThat(db.queryForMap("select status, resolved_by from stock_discrepancies where id = ?", id))
                .containsEntry("status", "RESOLVED").containsEntry("resolved_by", "admin");
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: its screenshots show what the journeys left behind
    void theInboxDashboardsAndSearchShowWhatIsStoredAndASuppliersHtmlStaysText() throws Exception {
        String script = "<script>document.title='owned'</script> Bürobedarf";
        SupplierInvoiceFactory.Supplier hostile = new SupplierInvoiceFactory.Supplier(script, "DE811234565", "Allee 1", "10115", "Berlin",
                "DE", "DE89370400440532013000", "COBADEFFXXX", "x@example.com");
        var spec = SupplierInvoicesFixture.invoice("RE-X-1", MARCH_2, "PO-7777");
        String id = upload(client(hub, "ops", Hub.OPS_PASSWORD), "RE-X-1.xml", SupplierInvoiceFactory.xrechnungCii(
                new SupplierInvoiceFactory.Spec(spec.number(), spec.issueDate(), spec.paymentDays(), hostile, spec.buyerReference(),
                        spec.purchaseOrder(), spec.lines(), false))).get("id").asText();
        UUID held = publishOrder("CONSOLE-2", "5066");
        await().atMost(Duration.ofSeconds(30)).until(() -> "ON_HOLD".equals(status("orders", held)) && db.queryForObject(
                "select count(*) from invoice_approvals where invoice_id = ?::uuid", Integer.class, id) == 1);

        try (Browser ops = Browser.open()) {
            ops.openAs(url("/"), "ops", Hub.OPS_PASSWORD);
            ops.awaitText("Inbox", Duration.ofSeconds(20));
            assertThat(ops.driver.findElement(By.id("inbox")).getText())
                    .contains("held order", "SHIP_TO_POSTCODE_INVALID", "match exception", script);
            assertThat(ops.driver.getTitle()).as("the supplier's script did not run").isEqualTo("Inbox · Kontor");
            // the count is the database's (read again until other tests' invoices have settled in matching)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                long waiting = db.queryForObject("select count(*) from orders where status = 'ON_HOLD'", Long.class)
                        + db.queryForObject("select count(*) from invoices where status in ('NEEDS_REVIEW', 'DUPLICATE_SUSPECTED')", Long.class)
                        + db.queryForObject("select count(*) from invoice_approvals where decided_at is null", Long.class)
                        + db.queryForObject("select count(*) from dead_letters where status = 'PARKED'", Long.class);
                ops.driver.navigate().refresh();
                assertThat(ops.driver.findElement(By.id("inbox")).getText()).contains(waiting + " waiting");
            });
            // the filter narrows the list in place (htmx) and the address says which
            ops.driver.findElement(By.xpath("//nav[@class='filters']/a[starts-with(normalize-space(), 'orders')]")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(ops.driver, Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().contains("workflow=orders"));
            ops.awaitText(db.queryForObject("select count(*) from orders where status = 'ON_HOLD'", Long.class) + " waiting", Duration.ofSeconds(10));
            assertThat(ops.driver.findElement(By.id("inbox")).getText()).doesNotContain("match exception");
            assertThat(ops.driver.findElements(By.id("inbox"))).as("swapped, not nested").hasSize(1);
            assertThat(ops.driver.findElement(By.cssSelector("nav.filters a.on")).getText()).startsWith("orders");
            ops.driver.get(url("/"));
            screenshot(ops, "console-inbox.png");

            ops.driver.get(url("/console/invoices/" + id));
            ops.awaitText("Bürobedarf", Duration.ofSeconds(20));
            assertThat(ops.driver.findElement(By.id("supplier")).getText()).isEqualTo(script);
            assertThat(ops.driver.getTitle()).isEqualTo("Invoice · Kontor");

            ops.driver.get(url("/console/search?q=RE-X-1"));
            assertThat(ops.driver.findElement(By.id("invoice-results")).getText()).contains("RE-X-1", script);
            // a SKU's stock: per warehouse, and the movements that explain it
            hub.bean(io.kontor.stock.StockLedger.class).setOnHand("CONSOLE-SKU", "DE-KOELN", 7, "STOCK_COUNT", "console test");
            ops.driver.get(url("/console/search?q=CONSOLE-SKU"));
            ops.driver.findElement(By.id("stock-result")).click();
            ops.awaitText("Stock of CONSOLE-SKU", Duration.ofSeconds(20));
            assertThat(ops.driver.findElement(By.id("levels")).getText()).contains("DE-KOELN 7 0 0 7");
            assertThat(ops.driver.findElement(By.id("movements")).getText()).contains("COUNT", "console test");
            ops.driver.get(url("/console/search?q=CONSOLE-2"));
            assertThat(ops.driver.findElement(By.id("order-results")).getText()).contains("CONSOLE-2", "ON_HOLD");

            ops.driver.get(url("/console/dashboards/invoices?days=7"));
            ops.awaitText("What the hub saved", Duration.ofSeconds(20));
            long received = db.queryForObject("select count(*) from invoices where received_at > now() - interval '7 days'", Long.class);
            assertThat(ops.driver.findElement(By.id("kpis")).getText()).contains("Volume\n" + received);
            assertThat(ops.driver.findElements(By.cssSelector("#figures tbody tr"))).hasSizeGreaterThanOrEqualTo(7);
            // the charts are drawn from the same figures as the table
            assertThat(ops.driver.executeScript("return Chart.getChart('volume').data.datasets[0].data.reduce((a, b) => a + b, 0)"))
                    .isEqualTo(received);
            assertThat(ops.driver.findElement(By.id("roi")).getText()).contains("20.0 minutes", "12.00–30.00 USD");
            screenshot(ops, "console-dashboard.png");
            String csv = String.valueOf(ops.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('/console/dashboards/invoices.csv?days=7').then(r => r.text()).then(done);"""));
            assertThat(csv).startsWith("start,volume,touchless,touchless_rate,errors,exceptions,p50_seconds,p95_seconds\n");
            assertThat(csv.lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[1])).sum()).isEqualTo(received);

            // the stock dashboard: the sync lag in seconds, and per channel below the charts
            db.update("""
                    insert into stock_sync_outcomes (channel, account, outcome, lag_ms) values ('SHOPIFY', 'console.myshopify.com', 'ACKNOWLEDGED', 120),
                      ('SHOPIFY', 'console.myshopify.com', 'ACKNOWLEDGED', 380), ('EBAY', 'console_store', 'REFUSED', null)""");
            ops.driver.get(url("/console/dashboards/stock?days=1"));
            ops.awaitText("Sync lag per channel", Duration.ofSeconds(20));
            assertThat(ops.driver.findElement(By.id("latency-unit")).getText()).isEqualTo("seconds");
            assertThat(ops.driver.findElement(By.id("breakdown")).getText()).contains("EBAY console_store 0 1", "SHOPIFY console.myshopify.com 2 0 250 ms");
            assertThat(ops.driver.findElement(By.id("kpis")).getText()).contains("Volume\n3");

            // on a tablet the page stacks instead of scrolling sideways
            ops.driver.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
            for (String narrow : List.of("/", "/console/invoices/" + id, "/console/dashboards/orders")) {
                ops.driver.get(url(narrow));
                assertThat((Boolean) ops.driver.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as(narrow).isTrue();
            }
            ops.driver.get(url("/console/channels"));
            assertThat(ops.driver.findElements(By.cssSelector("#channels tbody tr"))).isNotEmpty();
            // this hub sends no stock to any channel: the sync table says so (the stock ITs check the figures behind it)
            assertThat(ops.driver.findElement(By.id("stock-sync")).getText()).contains("Lag p99", "No channel shows stock.");
        }
    }

    /** A Shopify order as the channel adapters publish it, for the postcode given (5066 is no German postcode: a hold). */
    private static UUID publishOrder(String number, String postcode) throws Exception {
        Address address = new Address(List.of("Hauptstraße 5"), "Köln", null, null, null, postcode, "DE", null);
        Party shipTo = new Party(PartyRole.SHIP_TO, null, "Jörg Müller", "Jörg", "Müller", null, null, null, null, null, address, false);
        Party buyer = new Party(PartyRole.BUYER, null, "Jörg Müller", "Jörg", "Müller", null, "joerg@example.de", null, null, null, null, false);
        MoneySet price = MoneySet.single(Money.of("45.00", "EUR"));
        Instant now = Instant.now();
        Channel shopify = Channel.of("SHOPIFY");
        OrderLine line = new OrderLine("1", "TSHIRT-BLK-M", Map.of(), "T-Shirt schwarz M", 1, 0, 0, 0, price, price, null, null, price, null, Map.of());
        ObjectMapper json = hub.bean(ObjectMapper.class);
        Order order = new Order(Order.SCHEMA_VERSION, Order.idFor(shopify, "console.myshopify.com", number), shopify, "console.myshopify.com", null,
                number, number, now, now, null, OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.UNFULFILLED, Map.of(), null, "EUR", "EUR",
                price, null, null, null, price, null, buyer, shipTo, null, List.of(line), "test", Map.of(),
                json.readTree("{\"name\":\"" + number + "\"}"));
        send(hub.ordersTopic, order.kafkaKey(), json.writeValueAsString(order));
        return UUID.fromString(order.id());
    }

    private static void send(String topic, String key, String value) throws Exception {
        io.kontor.it.TopicWriter.send(topic, key, value);
    }

    private static String status(String table, UUID id) {
        return db.queryForList("select status from " + table + " where id = ?", String.class, id).stream().findFirst().orElse(null);
    }

    /** Ops reads the page but is offered no button, and the POST its session could forge (with the token) is refused. */
    private static void opsSeesButMayNotAct(String page, String shows, String button, String action, String form) throws Exception {
        try (Browser ops = Browser.open()) {
            ops.openAs(page, "ops", Hub.OPS_PASSWORD);
            ops.awaitText(shows, Duration.ofSeconds(20));
            assertThat(ops.driver.findElements(By.xpath("//button[normalize-space()='" + button + "']"))).as("no button for ops").isEmpty();
            assertThat(postForm(ops, action, form, true)).startsWith("403");
        }
    }

    /**
     * A form POST from the page's own session, as a forged or scripted click would send it: with the page's CSRF
     * token when {@code withToken}. Answers "status body".
     */
    private static String postForm(Browser browser, String path, String form, boolean withToken) {
        return String.valueOf(browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const body = new URLSearchParams(arguments[1]);
                const token = document.querySelector('input[name=_csrf]');
                if (arguments[2] && token) { body.append('_csrf', token.value); }
                fetch(arguments[0], {method: 'POST', body: body, redirect: 'manual'})
                    .then(r => r.text().then(t => done(r.status + ' ' + t))).catch(e => done('failed ' + e));""", path, form, withToken));
    }

    private static void type(Browser browser, String id, String value) {
        WebElement field = browser.driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void screenshot(Browser browser, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.driver.getScreenshotAs(OutputType.BYTES));
    }

    private static byte[] plainPdf(String number, LocalDate issued, String order, int dividers) {
        return SupplierInvoiceFactory.plainPdf(SupplierInvoicesFixture.invoice(number, issued, order, dividers));
    }
}
