package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import io.kontor.platform.TransientChannelException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * One GraphQL Admin request outside the order poll (shipment confirmations, stock): not sent while the shop's cost bucket,
 * as its answers report it, holds less than the request may cost plus half the bucket, which is left to the order poll
 * (a transient fault: the caller tries again later); the shop's token (refreshed once after a 401); THROTTLED, 429 and
 * 5xx as transient faults to be tried again later, any other error as a refusal.
 */
@Component
public class ShopifyAdminClient {

    private final ChannelHttp http;
    private final ShopifyAccessTokens tokens;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final ShopifyCostBuckets buckets;
    /**
     * What a request is reckoned to cost the first time it is sent (a mutation's 10 plus a small selection); from then
     * on, what Shopify's answer said it requested.
     */
    static final int REQUEST_COST = 50;
    /** The requested cost Shopify stated for each query the hub sends (idempotency keys taken out). */
    private final java.util.Map<String, Integer> requestedCost = new java.util.concurrent.ConcurrentHashMap<>();
    /** The share of the shop's bucket these requests leave to the order poll: orders come in first. */
    static final double LEFT_TO_THE_ORDER_POLL = 0.5;

    public ShopifyAdminClient(ChannelHttp http, ShopifyAccessTokens tokens, ObjectMapper json, MeterRegistry meters) {
        this(http, tokens, json, meters, new ShopifyCostBuckets());
    }

    @org.springframework.beans.factory.annotation.Autowired
    public ShopifyAdminClient(ChannelHttp http, ShopifyAccessTokens tokens, ObjectMapper json, MeterRegistry meters, ShopifyCostBuckets buckets) {
        this.buckets = buckets;
        this.http = http;
        this.tokens = tokens;
        // the hub's JSON leaves nulls out, but GraphQL input tells an explicit null (changeFromQuantity: null opts out of
        // compare-and-set) from an absent field (an error from 2026-04): requests are written with every null in them
        this.json = json.copy().setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS, com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS));
        this.meters = meters;
    }

    JsonNode graphql(ShopifyAccessTokens.Credentials credentials, String endpoint, String query, Map<String, Object> variables)
            throws Exception {
        return graphql(credentials, endpoint, query, variables, REQUEST_COST);
    }

    /** @param estimate what the query is reckoned to cost until Shopify's first answer says */
    JsonNode graphql(ShopifyAccessTokens.Credentials credentials, String endpoint, String query, Map<String, Object> variables, int estimate)
            throws Exception {
        String body = json.writeValueAsString(Map.of("query", query, "variables", variables));
        for (int attempt = 0; ; attempt++) {
            String token = tokens.tokenFor(credentials);
            String shape = query.replaceAll("@idempotent\\(key: \"[^\"]*\"\\)", "@idempotent");
            long pace = buckets.waitMillisFor(credentials.shop(), requestedCost.getOrDefault(shape, estimate), LEFT_TO_THE_ORDER_POLL);
            if (pace > 0) {
                // the shop's bucket (shared with the order poll, which keeps half of it) refills at its restore rate: not
                // sent now, the caller's back-off (stock sync, shipment confirmations) tries again later rather than
                // holding a thread
                throw TransientChannelException.paced("Shopify " + credentials.shop() + "'s cost bucket refills in " + pace + " ms", pace);
            }
            ChannelHttp.Answer a = http.call(endpoint, "POST", Map.of(), Map.of(ShopifyOrdersPoller.ACCESS_TOKEN_HEADER, token), body);
            if (a.body() != null) {
                buckets.observe(credentials.shop(), a.body());
                int requested = a.body().path("extensions").path("cost").path("requestedQueryCost").asInt(0);
                if (requested > 0) {
                    requestedCost.put(shape, requested);
                }
            }
            if (a.status() == 401 && attempt == 0) {
                tokens.rejected(credentials, token);
                meters.counter("kontor.channel.unauthorized", "channel", ShopifyChannel.SHOPIFY.name()).increment();
                continue;
            }
            boolean throttled = ShopifyGraphqlCalls.isThrottled(a.body());
            if (throttled || a.status() == 429 || a.status() >= 500) {
                if (throttled || a.status() == 429) {
                    meters.counter("kontor.channel.throttled", "channel", ShopifyChannel.SHOPIFY.name()).increment();
                }
                throw new TransientChannelException("Shopify " + credentials.shop() + " answered " + a.status() + (throttled ? " THROTTLED" : ""));
            }
            if (a.status() != 200 || a.body().has("errors")) {
                throw new ShopifyApiException("Shopify " + credentials.shop() + " answered " + a.status() + ": " + a.body().path("errors"));
            }
            return a.body();
        }
    }
}
