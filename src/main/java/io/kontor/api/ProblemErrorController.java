package io.kontor.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors that never reached a controller — a 401 or 403 from the security chain, a request the server refused —
 * answered as RFC 9457 {@code application/problem+json} instead of Boot's own error map (browsers still get its page).
 */
@Controller
public class ProblemErrorController extends BasicErrorController {

    private final ErrorAttributes attributes;

    public ProblemErrorController(ErrorAttributes attributes, ServerProperties server) {
        super(attributes, server.getError(), List.of());
        this.attributes = attributes;
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            return new ResponseEntity<>(status);
        }
        Map<String, Object> seen = attributes.getErrorAttributes(new org.springframework.web.context.request.ServletWebRequest(request),
                ErrorAttributeOptions.of(ErrorAttributeOptions.Include.PATH));
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail(status));
        problem.put("instance", seen.get("path"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "Log in: HTTP Basic with a user's password, a bearer token of a configured API client, or the form at /login";
            case FORBIDDEN -> "Your login's roles do not allow this request (ops reads, admin acts, approvers decide invoices); "
                    + "a browser session's POST also needs its CSRF token (X-XSRF-TOKEN)";
            case NOT_FOUND -> "No such resource";
            default -> status.getReasonPhrase();
        };
    }
}
