package io.kontor.it.platform;

import io.kontor.it.Hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.testing.Browser;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production logins through an OIDC provider (here one started by the test: discovery, keys, authorize and token
 * endpoints): people sign in in the browser, machine clients send the provider's JWTs, and the roles claim decides
 * what each may do — the same roles local users have.
 */
class OidcLoginIT {

    private static final String ISSUER = "kontor-idp";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static MockOAuth2Server idp;
    private static MockOAuth2Server stranger;
    private static Hub hub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        idp = new MockOAuth2Server();
        idp.start();
        stranger = new MockOAuth2Server();
        stranger.start();
        String issuer = idp.issuerUrl(ISSUER).toString();
        hub = new Hub("oidc", null, dir)
                .with("camel.main.jmx-enabled", true).with("spring.jmx.enabled", true)
                .with("kontor.security.oidc.enabled", true)
                // the provider's group "kontor-finance" approves in the clerks' band
                .with("kontor.security.oidc.roles.kontor-finance", "APPROVER:ap-clerk")
                .with("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer)
                .with("spring.security.oauth2.resourceserver.jwt.audiences", "kontor")
                .with("spring.security.oauth2.client.registration.kontor.client-id", "kontor")
                .with("spring.security.oauth2.client.registration.kontor.client-secret", "kontor-secret")
                .with("spring.security.oauth2.client.registration.kontor.scope", "openid,profile")
                .with("spring.security.oauth2.client.provider.kontor.issuer-uri", issuer)
                .start();
    }

    @AfterAll
    static void stop() {
        hub.stop();
        idp.shutdown();
        stranger.shutdown();
    }

    private String token(MockOAuth2Server server, String audience, Map<String, Object> claims) {
        return server.issueToken(ISSUER, "subject-" + UUID.randomUUID(), audience, claims).serialize();
    }

    private int call(String method, String path, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"comment\":\"ok\"}")).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void machineClientsSendTheProvidersJwtsAndTheRolesClaimDecides() throws Exception {
        String ops = token(idp, "kontor", Map.of("roles", List.of("ops"), "preferred_username", "otto"));
        assertThat(call("GET", "/api/orders", ops)).isEqualTo(200);
        assertThat(call("POST", "/api/payment-runs", ops)).isEqualTo(403);

        String admin = token(idp, "kontor", Map.of("roles", List.of("admin")));
        assertThat(call("POST", "/api/payment-runs", admin)).isEqualTo(200);

        // a mapped group: an approver of the clerks' band passes the chain (no such task: 404); ops does not (403)
        String finance = token(idp, "kontor", Map.of("roles", List.of("kontor-finance"), "preferred_username", "fiona"));
        String unknownInvoice = "/api/invoices/" + UUID.randomUUID() + "/approve";
        assertThat(call("POST", unknownInvoice, finance)).isEqualTo(404);
        assertThat(call("POST", unknownInvoice, ops)).isEqualTo(403);

        // refused: another audience, another issuer's key, no roles at all
        assertThat(call("GET", "/api/orders", token(idp, "another-app", Map.of("roles", List.of("ops"))))).isEqualTo(401);
        assertThat(call("GET", "/api/orders", token(stranger, "kontor", Map.of("roles", List.of("admin"))))).isEqualTo(401);
        assertThat(call("GET", "/api/orders", token(idp, "kontor", Map.of()))).isEqualTo(403);
        // and the local users still log in
        HttpRequest basic = HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + "/api/orders"))
                .header("Authorization", Hub.basic("ops", Hub.OPS_PASSWORD)).build();
        assertThat(http.send(basic, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    @Test
    void peopleSignInAtTheProviderAndHawtioLoadsWithTheirRoles() throws Exception {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, "olivia-sub", "JWT", List.of("kontor"),
                Map.of("roles", List.of("ops"), "preferred_username", "olivia"), 3600));
        try (Browser browser = Browser.open()) {
            browser.driver.get("http://localhost:" + hub.port() + "/actuator/hawtio/");
            // the login page offers the provider beside the local form
            assertThat(browser.driver.getCurrentUrl()).endsWith("/login");
            browser.driver.findElement(By.partialLinkText("kontor")).click();
            browser.awaitText("order-intake", Duration.ofSeconds(60));
            assertThat(browser.driver.getCurrentUrl()).contains("/actuator/hawtio/");
            // olivia holds ops: Jolokia refuses her an operation
            String refused = browser.postFromPage("/actuator/hawtio/jolokia/",
                    "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}", true);
            assertThat(refused).contains("\"status\":403");
            // and the API: ops decides no invoice
            String me = browser.postFromPage("/api/invoices/" + UUID.randomUUID() + "/approve", "{}", true);
            assertThat(me).startsWith("403");
        }
    }
}
