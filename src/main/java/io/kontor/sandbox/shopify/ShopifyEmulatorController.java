package io.kontor.sandbox.shopify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Serves the emulated shop: {@code /sandbox/shopify/admin/api/{version}/graphql.json}, its token endpoint and the result
 * files of bulk operations (signed URLs, as Shopify's storage serves them: no access token).
 */
@Hidden
@RestController
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class ShopifyEmulatorController {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ShopifyAdminApi api;
    private final SandboxShopifyOAuth oauth;
    private final ObjectMapper json;

    public ShopifyEmulatorController(ShopifyAdminApi api, SandboxShopifyOAuth oauth, ObjectMapper json) {
        this.api = api;
        this.oauth = oauth;
        this.json = json;
    }

    /** The token endpoint, form-encoded as OAuth clients send it. */
    @PostMapping(path = "/sandbox/shopify/admin/oauth/access_token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> tokenFromForm(@RequestParam Map<String, String> params) {
        SandboxShopifyOAuth.Response r = oauth.token(params);
        return ResponseEntity.status(r.status()).body(r.body());
    }

    /** The token endpoint with a JSON body, which Shopify accepts as well. */
    @PostMapping(path = "/sandbox/shopify/admin/oauth/access_token", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> tokenFromJson(@RequestBody Map<String, String> params) {
        SandboxShopifyOAuth.Response r = oauth.token(params);
        return ResponseEntity.status(r.status()).body(r.body());
    }

    /** The bulk operation result URLs point at this server once it knows its port. */
    @org.springframework.context.event.EventListener
    public void onServerStarted(org.springframework.boot.web.context.WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a management server on a port of its own
        }
        api.bulkOperations().serveFilesAt("http://localhost:" + event.getWebServer().getPort() + "/sandbox/shopify");
    }

    @org.springframework.web.bind.annotation.GetMapping(path = "/sandbox/shopify/bulk/{id}.jsonl")
    public ResponseEntity<byte[]> bulkFile(@PathVariable long id, @RequestParam(required = false) String signature) {
        return api.bulkOperations().file(id, signature)
                .map(file -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/jsonl")).body(file))
                .orElseGet(() -> ResponseEntity.status(403).contentType(MediaType.APPLICATION_XML)
                        .body("<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code><Message>Access denied.</Message></Error>"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @PostMapping(path = "/sandbox/shopify/admin/api/{version}/graphql.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> graphql(@PathVariable String version,
                                                       @RequestHeader(name = "X-Shopify-Access-Token", required = false) String token,
                                                       @RequestHeader(name = "Content-Type", required = false) String contentType,
                                                       @RequestBody(required = false) byte[] body) throws IOException {
        String query = null;
        Map<String, Object> variables = null;
        String operationName = null;
        if (body != null && body.length > 0) {
            if (contentType != null && contentType.startsWith("application/graphql")) {
                query = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            } else {
                JsonNode request;
                try {
                    request = json.readTree(body);
                } catch (IOException e) {
                    return ResponseEntity.badRequest().body(Map.of("errors", "Invalid JSON in request body"));
                }
                query = request.path("query").asText(null);
                operationName = request.path("operationName").asText(null);
                if (request.path("variables").isObject()) {
                    variables = json.convertValue(request.get("variables"), MAP);
                }
            }
        }
        ShopifyAdminApi.Response response = api.execute(version, token, query, variables, operationName);
        return ResponseEntity.status(response.status())
                .header("X-Shopify-API-Version", version)
                .header("X-Request-Id", UUID.randomUUID().toString())
                .body(response.body());
    }
}
