package io.kontor.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the emulator controllers hand a servlet request to an emulated API and its answer back. */
public final class EmulatorHttp {

    private EmulatorHttp() {
    }

    /** The request's headers, the first value of each. */
    public static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        return headers;
    }

    /** The path below the emulator's prefix, as the emulated API names it. */
    public static String path(HttpServletRequest request, String prefix) {
        return request.getRequestURI().substring(request.getContextPath().length() + prefix.length());
    }

    /** The emulated API's answer with its own headers (rate limits, request ids, Location); the body is JSON. */
    public static ResponseEntity<Object> answer(int status, Map<String, String> headers, Object body) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        headers.forEach((k, v) -> {
            if (!"Content-Type".equalsIgnoreCase(k)) {
                answer.header(k, v);
            }
        });
        return answer.body(body);
    }
}
