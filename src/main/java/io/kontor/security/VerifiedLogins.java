package io.kontor.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP Basic sends the password with every request, and checking it against its bcrypt hash costs tens of
 * milliseconds of CPU each time (invoice uploads over the API measured 16–21/s against 100–223/s with a bearer
 * token). A login verified once is remembered for a short while, keyed by an HMAC of user and password under a key
 * made at start and held in memory only: the cache holds neither the password nor anything a stolen copy could be
 * checked against offline. A wrong password is never remembered, so it always costs the full check; a changed
 * password is taken at once (the old one's key no longer matches anything new), and the old one ends with the TTL.
 */
final class VerifiedLogins implements AuthenticationProvider {

    private record Verified(Authentication login, Instant until) {
    }

    private final AuthenticationProvider passwords;
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> verified;

    VerifiedLogins(AuthenticationProvider passwords, Duration ttl, int capacity, Clock clock) {
        this.passwords = passwords;
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > VerifiedLogins.this.capacity;
            }
        };
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        if (ttl.isZero() || !(attempt.getCredentials() instanceof String password)) {
            return passwords.authenticate(attempt);
        }
        String id = digest(attempt.getName(), password);
        Instant now = clock.instant();
        synchronized (verified) {
            Verified known = verified.get(id);
            if (known != null && now.isBefore(known.until())) {
                return known.login();
            }
            verified.remove(id);
        }
        Authentication login = passwords.authenticate(attempt);
        if (login != null && login.isAuthenticated()) {
            // what is kept carries no credentials (Spring erases them after authentication anyway)
            Authentication kept = UsernamePasswordAuthenticationToken.authenticated(login.getPrincipal(), null, login.getAuthorities());
            synchronized (verified) {
                verified.put(id, new Verified(kept, now.plus(ttl)));
            }
            return kept;
        }
        return login;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwords.supports(authentication);
    }

    int size() {
        synchronized (verified) {
            return verified.size();
        }
    }

    private String digest(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
