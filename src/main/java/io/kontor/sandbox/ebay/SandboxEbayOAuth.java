package io.kontor.sandbox.ebay;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * eBay's OAuth token endpoint as the Sell APIs need it (channel-contracts.md §3.1): {@code POST
 * /identity/v1/oauth2/token} with the app's credentials as HTTP Basic; the refresh-token grant returns a user access
 * token that lives two hours (the refresh token itself lives about 18 months and does not rotate).
 */
public final class SandboxEbayOAuth {

    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(2);
    static final String FULFILLMENT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment";
    static final String INVENTORY_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.inventory";
    /** What the seller consented to at install: a token may ask for these, or a part of them. */
    private static final java.util.Set<String> GRANTED = java.util.Set.of(FULFILLMENT_SCOPE, INVENTORY_SCOPE);

    public record Response(int status, Map<String, Object> body) {
    }

    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> scopes = new ConcurrentHashMap<>();

    public SandboxEbayOAuth(String clientId, String clientSecret, String refreshToken, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.clock = clock;
    }

    public Response token(String authorization, Map<String, String> form) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            return error(401, "invalid_client", "client authentication failed");
        }
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "grant type in request is not supported by the authorization server");
        }
        if (!refreshToken.equals(form.get("refresh_token"))) {
            return error(400, "invalid_grant", "the provided authorization refresh token is invalid or was issued to another client");
        }
        String scope = form.get("scope");
        java.util.Set<String> asked = scope == null || scope.isBlank() ? GRANTED : java.util.Set.of(scope.trim().split("\\s+"));
        if (!GRANTED.containsAll(asked)) {
            return error(400, "invalid_scope", "the requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client");
        }
        byte[] b = new byte[48];
        random.nextBytes(b);
        String token = "v^1.1#i^1#" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        tokens.put(token, clock.instant().plus(ACCESS_TOKEN_LIFETIME));
        scopes.put(token, asked);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("expires_in", ACCESS_TOKEN_LIFETIME.toSeconds());
        body.put("token_type", "User Access Token");
        return new Response(200, body);
    }

    /** True for a bearer token this endpoint issued with the Fulfillment API's scope and that has not expired. */
    boolean valid(String authorization) {
        return valid(authorization, FULFILLMENT_SCOPE);
    }

    /** True for a bearer token this endpoint issued with this scope and that has not expired. */
    boolean valid(String authorization, String scope) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String token = authorization.substring(7);
        Instant expires = tokens.get(token);
        return expires != null && clock.instant().isBefore(expires) && scopes.getOrDefault(token, java.util.Set.of()).contains(scope);
    }

    private static Response error(int status, String code, String description) {
        return new Response(status, Map.of("error", code, "error_description", description));
    }
}
