package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Channel;
import io.kontor.security.CredentialCipher;
import io.kontor.platform.Digests;
import io.kontor.platform.TransientChannelException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The X-Shopify-Access-Token for each shop. A custom app's non-expiring token is used as configured. With
 * Shopify's expiring offline tokens (required for public apps from 1 January 2027) the access token lives an
 * hour and every refresh returns a new refresh token, so the pair is kept in PostgreSQL, encrypted: refreshed a
 * few minutes before expiry or when Shopify answers 401, under a row lock so two hub instances never refresh
 * at once (a second refresh would revoke the first one's token), and stored before the new token is used.
 */
@Component
public class ShopifyAccessTokens {

    private static final Logger log = LoggerFactory.getLogger(ShopifyAccessTokens.class);
    /** Refresh this long before the access token expires, so no request travels with a dying token. */
    static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

    /** How one shop authenticates: a static token, or the app's client credentials and its install refresh token. */
    public record Credentials(String shop, String baseUrl, String accessToken, String clientId, String clientSecret,
                              String refreshToken) {

        boolean expiring() {
            return refreshToken != null && !refreshToken.isBlank();
        }

        @Override
        public String toString() {
            return "Credentials[shop=" + shop + ", expiring=" + expiring() + "]";
        }
    }

    private record Live(String token, Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CredentialCipher cipher;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    public ShopifyAccessTokens(JdbcTemplate jdbc, TransactionTemplate tx, CredentialCipher cipher, ProducerTemplate producer,
                               ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cipher = cipher;
        this.producer = producer;
        this.json = json;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** The token to send now. */
    public String tokenFor(Credentials c) {
        if (!c.expiring()) {
            if (c.accessToken() == null || c.accessToken().isBlank()) {
                throw new IllegalStateException("Shopify " + c.shop() + ": neither an access token nor a refresh token is configured");
            }
            return c.accessToken();
        }
        Live current = live.get(c.shop());
        if (current != null && fresh(current)) {
            return current.token();
        }
        Live refreshed = Optional.ofNullable(tx.execute(status -> refreshLocked(c, current)))
                .orElseThrow(() -> new IllegalStateException("no token for " + c.shop()));
        live.put(c.shop(), refreshed);
        return refreshed.token();
    }

    /** Shopify answered 401 to this token: it is not used again. */
    public void rejected(Credentials c, String token) {
        if (c.expiring()) {
            live.computeIfPresent(c.shop(), (shop, l) -> l.token().equals(token) ? null : l);
            jdbc.update("update channel_credentials set access_expires_at = now() where channel = ? and channel_account = ?",
                    ShopifyChannel.SHOPIFY.name(), c.shop());
        }
    }

    private boolean fresh(Live l) {
        return l.expiresAt().isAfter(clock.instant().plus(REFRESH_AHEAD));
    }

    private Live refreshLocked(Credentials c, Live known) {
        String owner = owner(c);
        String seed = Digests.sha256Hex(c.refreshToken());
        jdbc.update("""
                insert into channel_credentials (channel, channel_account, refresh_token, seed_sha256) values (?, ?, ?, ?)
                on conflict (channel, channel_account) do nothing""",
                ShopifyChannel.SHOPIFY.name(), c.shop(), cipher.encrypt(c.refreshToken(), owner), seed);
        Row row = jdbc.queryForObject("""
                        select access_token, access_expires_at, refresh_token, seed_sha256 from channel_credentials
                        where channel = ? and channel_account = ? for update""",
                (rs, i) -> new Row(rs.getBytes(1), instant(rs.getTimestamp(2)), rs.getBytes(3), rs.getString(4)),
                ShopifyChannel.SHOPIFY.name(), c.shop());
        // another instance may have refreshed while this one waited for the lock
        if (row.accessToken() != null && row.accessExpiresAt() != null) {
            Live stored = new Live(cipher.decrypt(row.accessToken(), owner), row.accessExpiresAt());
            if (fresh(stored) && (known == null || !stored.token().equals(known.token()))) {
                return stored;
            }
        }
        // a refresh token newly put into the configuration (a re-install) replaces the stored chain
        String refreshToken = seed.equals(row.seedSha256()) ? cipher.decrypt(row.refreshToken(), owner) : c.refreshToken();
        JsonNode answer;
        try {
            answer = requestToken(c, refreshToken);
        } catch (RefreshRefused refused) {
            if (refreshToken.equals(c.refreshToken())) {
                throw refused;
            }
            // the shop no longer knows the stored chain (a shop restored from backup, a sandbox restarted): the
            // configured token is the only other one there is; if it is retired too, this fails the same way
            log.warn("Shopify {} refused the stored refresh token ({}); trying the configured one", c.shop(), refused.getMessage());
            refreshToken = c.refreshToken();
            answer = requestToken(c, refreshToken);
        }
        Instant now = clock.instant();
        String access = answer.path("access_token").asText();
        String nextRefresh = answer.path("refresh_token").asText(refreshToken);
        Instant accessExpires = now.plusSeconds(answer.path("expires_in").asLong(3600));
        Instant refreshExpires = answer.has("refresh_token_expires_in")
                ? now.plusSeconds(answer.path("refresh_token_expires_in").asLong()) : null;
        jdbc.update("""
                        update channel_credentials set access_token = ?, access_expires_at = ?, refresh_token = ?,
                               refresh_expires_at = ?, seed_sha256 = ?, refreshed_at = now(), updated_at = now()
                        where channel = ? and channel_account = ?""",
                cipher.encrypt(access, owner), Timestamp.from(accessExpires), cipher.encrypt(nextRefresh, owner),
                refreshExpires == null ? null : Timestamp.from(refreshExpires), seed, ShopifyChannel.SHOPIFY.name(), c.shop());
        meters.counter("kontor.channel.token.refreshed", "channel", ShopifyChannel.SHOPIFY.name()).increment();
        log.info("Shopify {}: access token refreshed, valid until {}", c.shop(), accessExpires);
        return new Live(access, accessExpires);
    }

    private JsonNode requestToken(Credentials c, String refreshToken) {
        String form = "client_id=" + enc(c.clientId()) + "&client_secret=" + enc(c.clientSecret())
                + "&grant_type=refresh_token&refresh_token=" + enc(refreshToken);
        String uri = c.baseUrl() + "/admin/oauth/access_token";
        Exchange answer = producer.request(uri + "?throwExceptionOnFailure=false", e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            e.getMessage().setBody(form);
        });
        if (answer.getException() != null) {
            throw new TransientChannelException("Shopify token endpoint unreachable: " + answer.getException().getMessage(), answer.getException());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = answer.getMessage().getBody(String.class);
        if (status >= 500 || status == 429) {
            throw new TransientChannelException("Shopify token endpoint answered " + status + ": "
                    + (body == null ? "" : body.substring(0, Math.min(200, body.length()))));
        }
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new ShopifyApiException("Shopify token endpoint answered " + status + " with a body that is not JSON");
        }
        if (status != 200 || !node.hasNonNull("access_token")) {
            // not retried: a refused grant needs a person (re-install the app, or configure a new refresh token)
            throw new RefreshRefused("Shopify " + c.shop() + " refused the token refresh (" + status + "): "
                    + node.path("error").asText("?") + " - " + node.path("error_description").asText(""));
        }
        return node;
    }

    /** The token endpoint said no (invalid_grant, invalid_client): a person must act, retrying will not help. */
    static final class RefreshRefused extends ShopifyApiException {
        RefreshRefused(String message) {
            super(message);
        }
    }

    private record Row(byte[] accessToken, Instant accessExpiresAt, byte[] refreshToken, String seedSha256) {
    }

    private static String owner(Credentials c) {
        return ShopifyChannel.SHOPIFY.name() + "|" + c.shop();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
