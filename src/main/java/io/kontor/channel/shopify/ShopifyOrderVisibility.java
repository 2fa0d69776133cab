package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the app sees every order of the shop: without the {@code read_all_orders} scope Shopify shows only orders
 * created in the last 60 days, so a poll reaching back further (a first poll with a long look-back, a hub down for
 * months) cannot read what lies before. Asked once per shop ({@code currentAppInstallation.accessScopes}).
 */
final class ShopifyOrderVisibility {

    private static final Logger log = LoggerFactory.getLogger(ShopifyOrderVisibility.class);
    static final Duration WITHOUT_READ_ALL_ORDERS = Duration.ofDays(60);
    static final String ACCESS_SCOPES = "query AccessScopes { currentAppInstallation { accessScopes { handle } } }";

    private final ObjectMapper json;
    private final ShopifyGraphqlCalls calls;
    private final Map<String, Boolean> seesAll = new ConcurrentHashMap<>();

    ShopifyOrderVisibility(ObjectMapper json, ShopifyGraphqlCalls calls) {
        this.json = json;
        this.calls = calls;
    }

    /** True when the app holds read_all_orders, or when Shopify could not be asked (the poll then reads what it can). */
    boolean seesAllOrders(ShopifyPollState s) {
        Boolean known = seesAll.get(s.shop);
        if (known != null) {
            return known;
        }
        try {
            JsonNode answer = calls.post(s, json.writeValueAsString(Map.of("query", ACCESS_SCOPES)));
            if (answer == null || ShopifyGraphqlCalls.isThrottled(answer) || answer.has("errors")) {
                return true;
            }
            boolean all = false;
            for (JsonNode scope : answer.path("data").path("currentAppInstallation").path("accessScopes")) {
                all |= "read_all_orders".equals(scope.path("handle").asText());
            }
            seesAll.put(s.shop, all);
            return all;
        } catch (IOException | HttpOperationFailedException | RuntimeException e) {
            log.debug("Shopify {}: access scopes not read ({}); the poll reads what it can", s.shop, e.getMessage());
            return true;
        }
    }
}
