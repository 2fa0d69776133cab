package io.kontor.it.platform;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;

import io.kontor.KontorApplication;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The {@code prod} profile as docker-compose starts it, against a real PostgreSQL and Kafka: healthy, no sandbox,
 * no channel switched on by default — and a switched-off channel polls nothing. Without passwords it refuses to start.
 */
class ProdProfileIT {

    private static List<String> prodArgs(boolean withPasswords) {
        TestInfrastructure infra = TestInfrastructure.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=prod",
                "--spring.datasource.url=" + infra.newDatabase("prod"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--camel.component.kafka.brokers=" + infra.kafkaBrokers(),
                "--kontor.topics.orders=orders-prod-" + suffix,
                "--kontor.topics.erp-orders=erp-prod-" + suffix,
                "--kontor.topics.dead-letters=dlt-prod-" + suffix,
                "--kontor.instance=prod-" + suffix,
                "--kontor.erp.feed-dir=" + System.getProperty("java.io.tmpdir") + "/kontor-prod-" + suffix,
                "--kontor.embedded.data-dir=" + System.getProperty("java.io.tmpdir") + "/kontor-prod-data-" + suffix,
                // the example configuration docker-compose mounts as config/application-prod.yaml
                "--spring.config.additional-location=optional:file:deploy/",
                "--server.port=0",
                "--camel.main.jmx-enabled=false",
                "--spring.jmx.enabled=false"));
        if (withPasswords) {
            args.add("--kontor.security.ops-password=" + Hub.OPS_PASSWORD);
            args.add("--kontor.security.admin-password=" + Hub.ADMIN_PASSWORD);
        }
        return args;
    }

    @Test
    void productionShapeStartsHealthyAndSwitchedOffChannelsPollNothing() throws Exception {
        List<String> args = prodArgs(true);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KontorApplication.class).run(args.toArray(String[]::new))) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            assertThat(app.containsBean("sandboxShop")).as("no sandbox in prod").isFalse();
            // the example configuration gives a fresh start a warehouse to route orders to, and no invented carrier
            io.kontor.fulfilment.FulfilmentProperties fulfilment = app.getBean(io.kontor.fulfilment.FulfilmentProperties.class);
            assertThat(fulfilment.warehouses()).extracting(io.kontor.fulfilment.FulfilmentProperties.Warehouse::code).containsExactly("MAIN");
            assertThat(fulfilment.warehouses().get(0).zones()).contains("AT", "FR");
            assertThat(app.containsBean("sandboxCarrier")).isFalse();
            // the hub's files under the data directory, not the working directory
            assertThat(app.getBean(io.kontor.invoices.InvoiceProperties.class).inbox()).startsWith(System.getProperty("java.io.tmpdir"));
            // approvals are finance's business in prod: admin holds no approval role
            assertThat(app.getBean(io.kontor.invoices.ApprovalProperties.class).adminApproves()).isFalse();

            CamelContext camel = app.getBean(CamelContext.class);
            // each channel route and the route its source kamelet made (named after it): both stopped
            for (String channel : List.of("shopify-orders", "wholesale-csv-orders", "wholesale-edifact-orders")) {
                assertThat(camel.getRouteController().getRouteStatus(channel).isStopped()).as(channel).isTrue();
                assertThat(camel.getRouteController().getRouteStatus(channel + "-source")).as(channel + "-source").isNotNull()
                        .matches(org.apache.camel.ServiceStatus::isStopped);
            }

            // for a few seconds nothing tries a channel: no incident is recorded
            JdbcTemplate db = app.getBean(JdbcTemplate.class);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> db.queryForObject("select count(*) from dead_letters", Integer.class) == 0);
        }
    }

    @Test
    void productionShapeRefusesToStartWithoutPasswords() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(KontorApplication.class).run(prodArgs(false).toArray(String[]::new)).close())
                .hasStackTraceContaining("No password for user 'ops': set KONTOR_SECURITY_OPS_PASSWORD");
    }
}
