package io.kontor.security;

import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A password is checked against its hash once, then remembered briefly — never the password, never a wrong one. */
class VerifiedLoginsTest {

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final AtomicInteger hashChecks = new AtomicInteger();
    private final VerifiedLogins logins = logins(Duration.ofMinutes(5));

    private VerifiedLogins logins(Duration ttl) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(encoder) {
            @Override
            public Authentication authenticate(Authentication authentication) {
                hashChecks.incrementAndGet();
                return super.authenticate(authentication);
            }
        };
        passwords.setUserDetailsService(new InMemoryUserDetailsManager(
                User.withUsername("ops").password(encoder.encode("right")).roles("OPS").build()));
        return new VerifiedLogins(passwords, ttl, 2, clock);
    }

    private static UsernamePasswordAuthenticationToken attempt(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    @Test
    void aVerifiedPasswordIsTakenWithoutAnotherHashCheckUntilItsTimeIsUp() {
        Authentication first = logins.authenticate(attempt("ops", "right"));
        assertThat(first.isAuthenticated()).isTrue();
        assertThat(first.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPS");
        assertThat(first.getCredentials()).as("nothing kept holds the password").isNull();

        for (int i = 0; i < 50; i++) {
            assertThat(logins.authenticate(attempt("ops", "right")).getName()).isEqualTo("ops");
        }
        assertThat(hashChecks).hasValue(1);

        clock.advance(Duration.ofMinutes(5));
        logins.authenticate(attempt("ops", "right"));
        assertThat(hashChecks).as("checked again once the time is up").hasValue(2);
    }

    @Test
    void aWrongPasswordIsCheckedEveryTimeAndNeverRemembered() {
        logins.authenticate(attempt("ops", "right"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> logins.authenticate(attempt("ops", "wrong"))).isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> logins.authenticate(attempt("nobody", "right"))).isInstanceOf(BadCredentialsException.class);
        assertThat(hashChecks).hasValue(5);
        assertThat(logins.size()).isEqualTo(1);
    }

    @Test
    void theMemoryIsBoundedAndZeroTurnsItOff() {
        VerifiedLogins off = logins(Duration.ZERO);
        off.authenticate(attempt("ops", "right"));
        off.authenticate(attempt("ops", "right"));
        assertThat(hashChecks).hasValue(2);
        assertThat(off.size()).isZero();
        // at most `capacity` (2 here) verified logins are kept, the least recently used goes first
        logins.authenticate(attempt("ops", "right"));
        assertThat(logins.size()).isEqualTo(1);
    }
}
