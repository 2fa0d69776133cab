package io.kontor.sandbox.amazon;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login with Amazon as the SP-API sees it (channel-contracts.md §2.1): {@code POST /auth/o2/token} exchanges the
 * seller's refresh token for an access token that lives one hour; the refresh token does not rotate. Also the
 * issuer of Restricted Data Tokens, which stand in for the access token on PII operations, scoped to the
 * resources and data elements they were asked for.
 */
public final class SandboxLoginWithAmazon {

    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    /** What a token grants: plain LWA access, or restricted data for some operations' paths. */
    public record Grant(Instant expiresAt, Map<String, Set<String>> restrictedPaths) {

        boolean isRestricted() {
            return restrictedPaths != null;
        }

        /** The data elements this token unlocks for a request path ("/orders/v0/orders/{orderId}" matches any id). */
        Set<String> dataElementsFor(String path) {
            Map.Entry<String, Set<String>> e = resourceFor(path);
            return e == null ? Set.of() : e.getValue();
        }

        boolean covers(String path) {
            return resourceFor(path) != null;
        }

        private Map.Entry<String, Set<String>> resourceFor(String path) {
            if (restrictedPaths == null) {
                return null;
            }
            for (Map.Entry<String, Set<String>> e : restrictedPaths.entrySet()) {
                if (e.getKey().equals(path) || path.matches(e.getKey().replaceAll("\\{[^}]+}", "[^/]+"))) {
                    return e;
                }
            }
            return null;
        }
    }

    public record Response(int status, Map<String, Object> body) {
    }

    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    public SandboxLoginWithAmazon(String clientId, String clientSecret, String refreshToken, Duration lifetime, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The token endpoint: form parameters in, the LWA JSON answer out. */
    public Response token(Map<String, String> form) {
        String grantType = form.get("grant_type");
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            return error(401, "invalid_client", "Client authentication failed");
        }
        if (!"refresh_token".equals(grantType)) {
            return error(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server");
        }
        if (!refreshToken.equals(form.get("refresh_token"))) {
            return error(400, "invalid_grant", "The request has an invalid grant parameter : refresh_token");
        }
        String token = "Atza|" + randomHex(48);
        grants.put(token, new Grant(clock.instant().plus(lifetime), null));
        purgeExpired();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("refresh_token", refreshToken);
        body.put("token_type", "bearer");
        body.put("expires_in", lifetime.toSeconds());
        return new Response(200, body);
    }

    /** A Restricted Data Token for these paths → data elements, living as long as an access token. */
    String issueRestrictedDataToken(Map<String, Set<String>> paths) {
        String token = "Atz.sprdt|" + randomHex(48);
        grants.put(token, new Grant(clock.instant().plus(lifetime), Map.copyOf(paths)));
        return token;
    }

    long restrictedDataTokenSeconds() {
        return lifetime.toSeconds();
    }

    /** What the token grants; empty when unknown; a grant that has expired is reported as such by {@link #isExpired}. */
    Grant grant(String token) {
        return token == null ? null : grants.get(token);
    }

    boolean isExpired(Grant grant) {
        return !clock.instant().isBefore(grant.expiresAt());
    }

    /** Forgets every issued token, as if the seller revoked the app's authorisation and granted it again. */
    public void revokeAll() {
        grants.clear();
    }

    private void purgeExpired() {
        Instant horizon = clock.instant().minus(Duration.ofDays(1));
        grants.values().removeIf(g -> g.expiresAt().isBefore(horizon));
    }

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Response error(int status, String code, String description) {
        return new Response(status, Map.of("error", code, "error_description", description));
    }
}
