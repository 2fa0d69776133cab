package io.kontor.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.TransientChannelException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One HTTP call to a channel API through Camel's http component (its timeouts, metrics and tracing), answering with
 * the status, the JSON body and the headers whatever the status: the channel client decides what a 401, 429 or 5xx
 * means. An unreachable host is transient; a body that is not JSON on a success or client error is the channel's
 * fault and not retried.
 */
@Component
public class ChannelHttp {

    /** The answer; {@code body} is an empty object when there was none, or a non-JSON error page on a 429 or 5xx. */
    public record Answer(int status, JsonNode body, Map<String, Object> headers) {

        public String header(String name) {
            for (Map.Entry<String, Object> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue() == null ? null : e.getValue().toString();
                }
            }
            return null;
        }
    }

    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public ChannelHttp(ProducerTemplate producer, ObjectMapper json) {
        this.producer = producer;
        this.json = json;
    }

    /**
     * @param query   parameters, percent-encoded here (so brackets in eBay filters and commas in Amazon lists travel safely)
     * @param body    form-encoded or JSON text, or null
     */
    public Answer call(String url, String method, Map<String, String> query, Map<String, String> headers, String body) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
        Exchange answer = producer.request("http://channel-api?throwExceptionOnFailure=false", e -> {
            e.getMessage().setHeader(Exchange.HTTP_URI, url);
            e.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            if (q.length() > 0) {
                e.getMessage().setHeader(Exchange.HTTP_QUERY, q.toString());
            }
            headers.forEach((k, v) -> e.getMessage().setHeader(k, v));
            if (body != null) {
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
                e.getMessage().setBody(body);
            }
            e.getMessage().setHeader("User-Agent", "Kontor/0.1 (Language=Java/17)");
        });
        if (answer.getException() != null) {
            throw new TransientChannelException(method + " " + url + " unreachable: " + answer.getException().getMessage(), answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = answer.getMessage().getBody(String.class);
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            if (status >= 500 || status == 429) {
                node = json.createObjectNode();
            } else {
                throw new MappingException(method + " " + url + " answered " + status + " with a body that is not JSON: "
                        + text.substring(0, Math.min(200, text.length())));
            }
        }
        return new Answer(status, node, answer.getMessage().getHeaders());
    }

    /** The answer of a document store: status and bytes, whatever they are. */
    public record Transfer(int status, byte[] body) {
    }

    /**
     * A document up or down a presigned URL (Amazon's feed documents in S3): the bytes as they are, no token, the
     * query of the URL kept as signed. An unreachable host is transient.
     */
    public Transfer transfer(String url, String method, String contentType, byte[] body) {
        Exchange answer = producer.request("http://channel-documents?throwExceptionOnFailure=false", e -> {
            e.getMessage().setHeader(Exchange.HTTP_URI, url);
            e.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            if (body != null) {
                e.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
                e.getMessage().setBody(body);
            }
            e.getMessage().setHeader("User-Agent", "Kontor/0.1 (Language=Java/17)");
        });
        if (answer.getException() != null) {
            throw new TransientChannelException(method + " " + url.replaceAll("\\?.*", "") + " unreachable: " + answer.getException().getMessage(),
                    answer.getException());
        }
        byte[] bytes = answer.getMessage().getBody(byte[].class);
        return new Transfer(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), bytes == null ? new byte[0] : bytes);
    }

    public static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
