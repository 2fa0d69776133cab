package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.io.IOException;
import java.util.Map;

/**
 * Reading the Admin API's GraphQL answers, and the follow-up requests a poll sends outside the kamelet's own request
 * (the rest of an order's lines, cancelling a bulk operation).
 */
final class ShopifyGraphqlCalls {

    static final String ACCESS_TOKEN_HEADER = "X-Shopify-Access-Token";

    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final ShopifyAccessTokens tokens;
    private final ShopifyRetryPolicy retry;

    ShopifyGraphqlCalls(ObjectMapper json, ProducerTemplate producer, ShopifyAccessTokens tokens, ShopifyRetryPolicy retry) {
        this.json = json;
        this.producer = producer;
        this.tokens = tokens;
        this.retry = retry;
    }

    /** One follow-up query: the answer, or null after a 401 or a server error (to be asked again). */
    JsonNode post(ShopifyPollState s, String request) throws IOException, HttpOperationFailedException {
        String token = tokens.tokenFor(s.credentials);
        Exchange answer = producer.request(s.endpoint + "?throwExceptionOnFailure=false", e -> {
            e.getMessage().setHeader(ACCESS_TOKEN_HEADER, token);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setBody(request);
        });
        if (answer.getException() != null) {
            throw new IOException("Shopify " + s.shop + " unreachable: " + answer.getException().getMessage(), answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = answer.getMessage().getBody(String.class);
        s.token = token;
        if (retry.unauthorized(s, status, body) || retry.serverError(s, status, body)) {
            return null;
        }
        JsonNode response = read(s, status, body);
        if (status >= 300 && !isThrottled(response)) {
            throw failed(s, status, body);
        }
        return response;
    }

    /** The JSON answer; a server error page that is not JSON goes to the error policy as the HTTP failure it is. */
    JsonNode read(ShopifyPollState s, int status, String body) throws IOException, HttpOperationFailedException {
        try {
            return json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            if (status >= 300) {
                throw failed(s, status, body);
            }
            throw e;
        }
    }

    static HttpOperationFailedException failed(ShopifyPollState s, int status, String body) {
        return new HttpOperationFailedException(s.endpoint, status, "Shopify answered " + status, null, Map.of(), body);
    }

    static boolean isThrottled(JsonNode response) {
        for (JsonNode e : response.path("errors")) {
            if ("THROTTLED".equals(e.path("extensions").path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    static void throwOnErrors(JsonNode response) {
        JsonNode errors = response.path("errors");
        if (!errors.isMissingNode() && !errors.isNull() && !(errors.isArray() && errors.isEmpty())) {
            throw new ShopifyApiException("Shopify answered with errors: " + errors);
        }
    }
}
