package io.kontor.sandbox.shopify;

import io.kontor.platform.Digests;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token side of the emulated shop, after Shopify's expiring offline access tokens: an access token lives
 * one hour, a refresh token 90 days, and every refresh returns a new refresh token. The one used stays valid
 * until the app first calls the API with the access token it got for it (so a lost refresh answer can be
 * retried), and only one expiring access token is live per app and shop. A custom app's non-expiring token,
 * if configured, is accepted as well.
 */
public final class SandboxShopifyOAuth {

    public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(90);
    static final String SCOPES = "read_orders,write_orders,read_all_orders,read_inventory,write_inventory,"
            + "write_merchant_managed_fulfillment_orders,read_customers";

    private final String clientId;
    private final String clientSecret;
    private final String nonExpiringToken;
    private final Duration accessLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private String accessToken;
    private Instant accessExpires;
    private String refreshToken;
    private Instant refreshExpires;
    /** The refresh token just used: still good until {@link #accessToken} is first used. */
    private String previousRefreshToken;
    private int refreshes;

    public SandboxShopifyOAuth(String clientId, String clientSecret, String installRefreshToken, String nonExpiringToken,
                               Duration accessLifetime, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.nonExpiringToken = nonExpiringToken;
        this.accessLifetime = accessLifetime;
        this.clock = clock;
        this.refreshToken = installRefreshToken;
        this.refreshExpires = clock.instant().plus(REFRESH_TOKEN_LIFETIME);
    }

    /** An answer of the token endpoint. */
    public record Response(int status, Map<String, Object> body) {
    }

    /** {@code POST /admin/oauth/access_token} with grant_type=refresh_token. */
    public synchronized Response token(Map<String, String> params) {
        String grantType = params.get("grant_type");
        String presented = params.get("refresh_token");
        if (isBlank(params.get("client_id")) || isBlank(params.get("client_secret")) || isBlank(grantType)) {
            return error(400, "invalid_request", "client_id, client_secret and grant_type are required");
        }
        if (!Digests.sameSecret(params.get("client_id"), clientId) || !Digests.sameSecret(params.get("client_secret"), clientSecret)) {
            return error(401, "invalid_client", "Client authentication failed");
        }
        if (!"refresh_token".equals(grantType)) {
            return error(400, "unsupported_grant_type", "Only the refresh_token grant is offered here");
        }
        Instant now = clock.instant();
        boolean current = refreshToken != null && Digests.sameSecret(presented, refreshToken) && now.isBefore(refreshExpires);
        boolean retry = previousRefreshToken != null && Digests.sameSecret(presented, previousRefreshToken);
        if (!current && !retry) {
            return error(400, "invalid_grant", "The refresh token is invalid, expired or was replaced");
        }
        if (current) {
            previousRefreshToken = refreshToken;
        }
        // a new expiring token revokes the one before it
        accessToken = "shpat_" + secret();
        accessExpires = now.plus(accessLifetime);
        refreshToken = "shprt_" + secret();
        refreshExpires = now.plus(REFRESH_TOKEN_LIFETIME);
        refreshes++;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("scope", SCOPES);
        body.put("expires_in", accessLifetime.toSeconds());
        body.put("refresh_token", refreshToken);
        body.put("refresh_token_expires_in", REFRESH_TOKEN_LIFETIME.toSeconds());
        return new Response(200, body);
    }

    /** Whether the API accepts this X-Shopify-Access-Token now; the first use retires the previous refresh token. */
    public synchronized boolean accepts(String presented) {
        if (presented == null) {
            return false;
        }
        if (!isBlank(nonExpiringToken) && Digests.sameSecret(presented, nonExpiringToken)) {
            return true;
        }
        if (accessToken != null && Digests.sameSecret(presented, accessToken) && clock.instant().isBefore(accessExpires)) {
            previousRefreshToken = null;
            return true;
        }
        return false;
    }

    /** The merchant re-installed the app: every token is revoked and the install hands over this refresh token. */
    public synchronized void reinstall(String installRefreshToken) {
        accessToken = null;
        previousRefreshToken = null;
        refreshToken = installRefreshToken;
        refreshExpires = clock.instant().plus(REFRESH_TOKEN_LIFETIME);
    }

    /** The grant as it stands, for the sandbox's saved state (sandbox secrets only). */
    public synchronized Map<String, Object> saved() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("accessToken", accessToken);
        state.put("accessExpires", accessExpires == null ? null : accessExpires.toString());
        state.put("refreshToken", refreshToken);
        state.put("refreshExpires", refreshExpires == null ? null : refreshExpires.toString());
        state.put("previousRefreshToken", previousRefreshToken);
        return state;
    }

    /** Takes back a saved grant: the refresh token the hub holds stays good across a restart of the shop. */
    public synchronized void restore(Map<String, Object> state) {
        accessToken = (String) state.get("accessToken");
        accessExpires = state.get("accessExpires") == null ? null : Instant.parse((String) state.get("accessExpires"));
        refreshToken = (String) state.get("refreshToken");
        refreshExpires = state.get("refreshExpires") == null ? null : Instant.parse((String) state.get("refreshExpires"));
        previousRefreshToken = (String) state.get("previousRefreshToken");
    }

    /** How many refreshes the shop has answered: a test's view of how often a client refreshed. */
    public synchronized int refreshes() {
        return refreshes;
    }

    private String secret() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Response error(int status, String error, String description) {
        return new Response(status, Map.of("error", error, "error_description", description));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
