package io.kontor.sandbox.amazon;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the emulated Amazon endpoints under {@code /sandbox/amazon}: the LWA token endpoint ({@code /auth/o2/token})
 * and the Selling Partner API paths as Amazon names them ({@code /orders/v0/...}, {@code /tokens/2021-03-01/...}).
 */
@Hidden
@RestController
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class AmazonEmulatorController {

    static final String PREFIX = "/sandbox/amazon";

    private final SellingPartnerApi api;
    private final SandboxLoginWithAmazon lwa;
    private final SandboxSqsQueue queue;

    public AmazonEmulatorController(SellingPartnerApi api, SandboxLoginWithAmazon lwa, SandboxSqsQueue queue) {
        this.api = api;
        this.lwa = lwa;
        this.queue = queue;
    }

    /** The SQS queue of the seller's notifications (AWS JSON 1.0 protocol: the operation in X-Amz-Target). */
    @PostMapping(path = {"/sandbox/sqs", "/sandbox/sqs/**"})
    public ResponseEntity<byte[]> sqs(@org.springframework.web.bind.annotation.RequestHeader(name = "X-Amz-Target", required = false) String target,
                                      @RequestBody(required = false) String body) throws java.io.IOException {
        SandboxSqsQueue.Response r = queue.handle(target, body);
        // the AWS JSON protocol's own media type, which no JSON converter claims: written here
        return ResponseEntity.status(r.status()).header("Content-Type", "application/x-amz-json-1.0")
                .header("x-amzn-RequestId", java.util.UUID.randomUUID().toString()).body(JSON.writeValueAsBytes(r.body()));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @PostMapping(path = PREFIX + "/auth/o2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> token(@RequestParam Map<String, String> form) {
        SandboxLoginWithAmazon.Response r = lwa.token(form);
        return ResponseEntity.status(r.status()).body(r.body());
    }

    /** A feed document's presigned URL: its content PUT by the seller, a result document read. */
    @RequestMapping(path = PREFIX + SandboxFeeds.STORAGE + "{documentId}", method = {RequestMethod.PUT, RequestMethod.GET})
    public ResponseEntity<byte[]> feedDocument(HttpServletRequest request, @org.springframework.web.bind.annotation.PathVariable String documentId,
                                               @RequestParam(name = "X-Amz-Signature", required = false) String signature,
                                               @RequestBody(required = false) byte[] body) {
        SandboxFeeds.StorageAnswer r = "PUT".equals(request.getMethod())
                ? api.feeds().upload(documentId, signature, request.getContentType(), body == null ? new byte[0] : body)
                : api.feeds().download(documentId, signature);
        return ResponseEntity.status(r.status()).header("Content-Type", r.contentType()).body(r.body());
    }

    @RequestMapping(path = {PREFIX + "/orders/**", PREFIX + "/tokens/**", PREFIX + "/listings/**", PREFIX + "/fba/**", PREFIX + "/feeds/**"},
            method = {RequestMethod.GET, RequestMethod.POST, RequestMethod.PATCH, RequestMethod.DELETE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> sellingPartnerApi(HttpServletRequest request, @RequestBody(required = false) String body) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> query.put(k, Arrays.asList(v)));
        SellingPartnerApi.Response r = api.handle(new SellingPartnerApi.Request(request.getMethod(),
                io.kontor.sandbox.EmulatorHttp.path(request, PREFIX), query, io.kontor.sandbox.EmulatorHttp.headers(request), body));
        return io.kontor.sandbox.EmulatorHttp.answer(r.status(), r.headers(), r.body());
    }
}
