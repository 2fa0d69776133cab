package io.kontor.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The plumbing the test emulator servers share: form and query decoding, JSON answers. */
public final class EmulatorHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmulatorHttp() {
    }

    /** {@code a=1&b=2} decoded; an empty map for null. */
    public static Map<String, String> form(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded != null) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    public static Map<String, String> body(HttpExchange exchange) throws IOException {
        return form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A JSON answer; no body at all when {@code body} is null (a 201 or 204 that only carries headers). */
    public static void sendJson(HttpExchange exchange, int status, Map<String, String> headers, Object body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] out = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }
}
