package io.kontor.it.platform;

import io.kontor.it.Hub;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator meets in the first hour, in a real browser where a browser is what they use: Hawtio after the
 * login form (ops reads, admin operates), the start page, Swagger UI, and health that tells strangers only UP or DOWN.
 */
class OperabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STOP_A_ROUTE = """
            {"type":"exec","mbean":"org.apache.camel:context=kontor,type=routes,name=\\"dedup-retention\\"","operation":"stop()"}""";
    private static final String START_THE_ROUTE = STOP_A_ROUTE.replace("stop()", "start()");
    private static final String DUMP_THE_ROUTES = """
            {"type":"exec","mbean":"org.apache.camel:context=kontor,type=context,name=\\"kontor\\"","operation":"dumpRoutesAsXml(boolean)","arguments":[true]}""";

    @TempDir
    static Path dir;
    private static Hub hub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        // Hawtio and Jolokia read the platform MBean server, which the other tests leave off
        hub = new Hub("operability", null, dir).with("camel.main.jmx-enabled", true).with("spring.jmx.enabled", true).start();
    }

    @AfterAll
    static void stop() {
        hub.stop();
    }

    private String url(String path) {
        return "http://localhost:" + hub.port() + path;
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (user != null) {
            request.header("Authorization", Hub.basic(user, password));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthTellsAnonymousCallersOnlyUpOrDownAndOrchestratorsLivenessAndReadiness() throws Exception {
        JsonNode anonymous = JSON.readTree(get("/actuator/health", null, null).body());
        assertThat(anonymous.get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.has("components")).as("no components, paths, brokers or endpoints for strangers").isFalse();
        assertThat(anonymous.toString()).doesNotContain("kafka", "db", "diskSpace", "camel");

        JsonNode ops = JSON.readTree(get("/actuator/health", "ops", Hub.OPS_PASSWORD).body());
        assertThat(ops.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(ops.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(ops.at("/components/camelHealth/status").asText()).isEqualTo("UP");

        HttpResponse<String> liveness = get("/actuator/health/liveness", null, null);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> readiness = get("/actuator/health/readiness", null, null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).doesNotContain("components");
        // the readiness group asks the database and Kafka: ops sees both in it
        JsonNode readinessForOps = JSON.readTree(get("/actuator/health/readiness", "ops", Hub.OPS_PASSWORD).body());
        assertThat(readinessForOps.get("components").fieldNames()).toIterable().contains("db", "kafka", "readinessState");
    }

    @Test
    void everyErrorIsAProblemDetailWithAReasonAPersonCanAct() throws Exception {
        assertProblem(get("/api/orders", null, null), 401, "Log in");
        assertProblem(send("POST", "/api/payment-runs", "ops", Hub.OPS_PASSWORD, HttpRequest.BodyPublishers.noBody(), null), 403, "roles");
        assertProblem(get("/api/no-such-thing", "ops", Hub.OPS_PASSWORD), 404, null);
        assertProblem(get("/api/orders?status=NOPE", "ops", Hub.OPS_PASSWORD), 400, null);

        // 30 MB against a 21 MB limit: refused while the request is read, before any controller
        byte[] large = new byte[30 * 1024 * 1024];
        HttpResponse<String> tooLarge = send("POST", "/api/invoices", "admin", Hub.ADMIN_PASSWORD,
                HttpRequest.BodyPublishers.ofByteArray(multipart("big.pdf", large)), "multipart/form-data; boundary=" + BOUNDARY);
        assertProblem(tooLarge, 413, "at most 21 MB per file");

        // a refused invoice says what is wrong with it, not only the rule's code
        HttpResponse<String> refused = send("POST", "/api/invoices", "admin", Hub.ADMIN_PASSWORD,
                HttpRequest.BodyPublishers.ofByteArray(multipart("not-an-invoice.xml", "<order><id>1</id></order>".getBytes())),
                "multipart/form-data; boundary=" + BOUNDARY);
        assertThat(refused.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(refused.body());
        assertThat(answer.get("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.get("rule").asText()).isNotBlank();
        assertThat(answer.get("message").asText()).isNotBlank().isNotEqualTo(answer.get("rule").asText());
    }

    @Test
    void listsThatGrowArePagedWithTheTotalAndLinksToTheNextPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] junk = ("<junk n=\"" + i + "\"/>").getBytes();
            assertThat(send("POST", "/api/invoices", "admin", Hub.ADMIN_PASSWORD, HttpRequest.BodyPublishers.ofByteArray(
                    multipart("junk-" + i + ".xml", junk)), "multipart/form-data; boundary=" + BOUNDARY).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> first = get("/api/invoices?supplier=&status=REJECTED&size=2", "ops", Hub.OPS_PASSWORD);
        long total = Long.parseLong(first.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(total).isGreaterThanOrEqualTo(5);
        assertThat(JSON.readTree(first.body())).hasSize(2);
        java.util.Set<String> seen = new java.util.HashSet<>(JSON.readTree(first.body()).findValuesAsText("id"));
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).contains("rel=\"next\"").doesNotContain("rel=\"prev\"");
        // follow next to the end: every invoice once
        while (link != null && link.contains("rel=\"next\"")) {
            String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(next))
                    .header("Authorization", Hub.basic("ops", Hub.OPS_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("Link").orElseThrow()).contains("rel=\"prev\"");
            for (String id : JSON.readTree(page.body()).findValuesAsText("id")) {
                assertThat(seen.add(id)).as("each invoice on one page only").isTrue();
            }
            link = page.headers().firstValue("Link").filter(l -> l.contains("rel=\"next\"")).orElse(null);
        }
        assertThat(seen).hasSize((int) total);
        // the older limit parameter still sets the page size
        assertThat(JSON.readTree(get("/api/invoices?status=REJECTED&limit=3", "ops", Hub.OPS_PASSWORD).body())).hasSize(3);
        // every growing list says its total
        for (String list : java.util.List.of("/api/shipments", "/api/shipments/unconfirmed", "/api/picklists", "/api/approvals", "/api/payment-runs")) {
            HttpResponse<String> empty = get(list + "?page=0&size=10", "ops", Hub.OPS_PASSWORD);
            assertThat(empty.statusCode()).as(list).isEqualTo(200);
            assertThat(empty.headers().firstValue("X-Total-Count")).as(list).hasValue("0");
        }
        assertThat(get("/api/invoices?size=0", "ops", Hub.OPS_PASSWORD).statusCode()).isEqualTo(400);
    }

    private static final String BOUNDARY = "kontor-test-boundary";

    private static byte[] multipart(String fileName, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes());
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes());
        return out.toByteArray();
    }

    private HttpResponse<String> send(String method, String path, String user, String password, HttpRequest.BodyPublisher body,
                                      String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).method(method, body)
                .header("Authorization", Hub.basic(user, password));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detailContains) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        if (detailContains != null) {
            assertThat(problem.get("detail").asText()).contains(detailContains);
        }
    }

    @Test
    void hawtioLoadsAfterTheLoginFormForOpsWhoReadsButCannotOperate() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.openAs(url("/actuator/hawtio/"), "ops", Hub.OPS_PASSWORD);
            // Hawtio's Camel tree is built from Jolokia reads and reporting operations (dumpRoutesAsXml)
            browser.awaitText("order-intake", Duration.ofSeconds(60));
            assertThat(browser.driver.getCurrentUrl()).contains("/actuator/hawtio/");
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("Camel", "kontor");
            // Hawtio asks the hub's access-control MBean and offers ops no button Jolokia would refuse
            assertThat(stopButtonForAStartedRoute(browser).isEnabled()).as("Stop offered to ops").isFalse();

            // an operation that changes things, sent as Hawtio sends it: refused by Jolokia for ops
            String refused = browser.postFromPage("/actuator/hawtio/jolokia/", STOP_A_ROUTE, true);
            assertThat(refused).startsWith("200 ").contains("\"status\":403").contains("forbidden");
            assertThat(hub.routeStatus().get("dedup-retention")).isEqualTo("Started");
            // and the session's POSTs need the CSRF token at all
            assertThat(browser.postFromPage("/actuator/hawtio/jolokia/", "{\"type\":\"version\"}", false)).startsWith("403");
        }
    }

    @Test
    void adminOperatesThroughHawtio() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.openAs(url("/actuator/hawtio/"), "admin", Hub.ADMIN_PASSWORD);
            browser.awaitText("order-intake", Duration.ofSeconds(60));
            WebElement stop = stopButtonForAStartedRoute(browser);
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> stop.isEnabled());
            assertThat(browser.postFromPage("/actuator/hawtio/jolokia/", STOP_A_ROUTE, true)).startsWith("200 ").contains("\"status\":200");
            assertThat(hub.routeStatus().get("dedup-retention")).isEqualTo("Stopped");
            assertThat(browser.postFromPage("/actuator/hawtio/jolokia/", START_THE_ROUTE, true)).contains("\"status\":200");
            assertThat(hub.routeStatus().get("dedup-retention")).isEqualTo("Started");
            // the routes as Hawtio shows them, placeholders resolved: the channels' secrets are not in them
            String routes = browser.postFromPage("/actuator/hawtio/jolokia/", DUMP_THE_ROUTES, true);
            assertThat(routes).startsWith("200 ").contains("shopify-orders-source", ShopifyEmulatorServer.SHOP)
                    .doesNotContain(ShopifyEmulatorServer.TOKEN);
        }
    }

    /**
     * Camel's route table in Hawtio with the started dedup-retention route ticked: the toolbar's Stop button. Before
     * Hawtio has asked the access-control MBean every button is offered, so a disabled one shows that it asked.
     */
    private static WebElement stopButtonForAStartedRoute(Browser browser) {
        browser.driver.findElement(By.xpath("//*[text()='routes']")).click();
        WebElement row = new WebDriverWait(browser.driver, Duration.ofSeconds(30))
                .until(d -> d.findElement(By.xpath("//table//tbody//tr[.//td[normalize-space()='dedup-retention']]")));
        assertThat(row.getText()).contains("Started");
        row.findElement(By.xpath(".//input[@type='checkbox']")).click();
        return browser.driver.findElement(By.xpath("//button[normalize-space()='Stop']"));
    }

    @Test
    void theStartPageAndSwaggerUiOpenAfterTheLogin() throws Exception {
        assertThat(get("/", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/swagger-ui/index.html", null, null).statusCode()).isEqualTo(401);
        try (Browser browser = Browser.open()) {
            // a login straight at the form lands on the start page, which links what there is to see
            browser.openAs(url("/login"), "ops", Hub.OPS_PASSWORD);
            browser.awaitText("Hawtio", Duration.ofSeconds(20));
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(url("/"));
            assertThat(browser.driver.findElement(By.linkText("REST API")).getAttribute("href")).endsWith("/swagger-ui/index.html");

            browser.driver.findElement(By.linkText("REST API")).click();
            // Swagger UI lists the API's operations from its OpenAPI document
            browser.awaitText("/api/orders", Duration.ofSeconds(30));
            assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains("Invoice approvals");
        }
    }
}
