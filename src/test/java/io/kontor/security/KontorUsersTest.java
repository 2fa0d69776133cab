package io.kontor.security;

import io.kontor.invoices.ApprovalProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Who can approve invoices out of the box, and in production. */
@ExtendWith(OutputCaptureExtension.class)
class KontorUsersTest {

    private final SecurityConfiguration security = new SecurityConfiguration();
    private final PasswordEncoder encoder = security.passwordEncoder();
    private final List<ApprovalProperties.Band> bands = List.of(new ApprovalProperties.Band(new BigDecimal("5000"), "ap-clerk"),
            new ApprovalProperties.Band(new BigDecimal("25000"), "ap-lead"), new ApprovalProperties.Band(null, "cfo"));

    private static SecurityProperties embedded() {
        return new SecurityProperties(null, null, true, null, Map.of(), java.time.Duration.ofMinutes(5), null);
    }

    private static SecurityProperties prod() {
        return new SecurityProperties("ops-pw", "admin-pw", false, null, Map.of(), java.time.Duration.ofMinutes(5), null);
    }

    private ApprovalProperties approval(Map<String, ApprovalProperties.Approver> approvers, boolean adminApproves) {
        return new ApprovalProperties(new BigDecimal("1000"), bands, Duration.ofHours(48), 60000, approvers, adminApproves);
    }

    @Test
    void theEmbeddedDefaultHasALoginForEveryBandNobodyHoldsWithItsPasswordPrinted(CapturedOutput output) {
        UserDetailsService users = security.kontorUsers(embedded(),
                approval(Map.of("alice", new ApprovalProperties.Approver(null, Set.of("ap-lead"), Set.of())), true), encoder);

        for (String role : List.of("ap-clerk", "cfo")) {
            UserDetails user = users.loadUserByUsername(role);
            assertThat(encoder.matches(printedPassword(output, role), user.getPassword())).isTrue();
            assertThat(ApprovalAuthorities.of(login(user))).containsExactly(role);
        }
        // a configured approver without a password gets one generated, and holds the band, so no "ap-lead" user appears
        UserDetails alice = users.loadUserByUsername("alice");
        assertThat(encoder.matches(printedPassword(output, "alice"), alice.getPassword())).isTrue();
        assertThat(ApprovalAuthorities.of(login(alice))).containsExactly("ap-lead");
        assertThat(((org.springframework.security.provisioning.UserDetailsManager) users).userExists("ap-lead")).isFalse();
        // admin stands in for every band
        assertThat(ApprovalAuthorities.of(login(users.loadUserByUsername("admin")))).containsExactlyInAnyOrder("ap-clerk", "ap-lead", "cfo");
        assertThat(login(users.loadUserByUsername("admin")).getAuthorities().toString()).contains("ROLE_APPROVER", "ROLE_ADMIN");
    }

    @Test
    void productionGeneratesNoApproversAndSaysWhichBandHasNone(CapturedOutput output) {
        UserDetailsService users = security.kontorUsers(prod(),
                approval(Map.of("bob", new ApprovalProperties.Approver("bob-pw", Set.of("ap-clerk"), Set.of()),
                        "dave", new ApprovalProperties.Approver("dave-pw", Set.of("ap-lead"), Set.of("carol")),
                        "carol", new ApprovalProperties.Approver("carol-pw", Set.of("cfo"), Set.of())), false), encoder);

        assertThat(ApprovalAuthorities.of(login(users.loadUserByUsername("admin")))).isEmpty();
        assertThat(login(users.loadUserByUsername("admin")).getAuthorities().toString()).doesNotContain("ROLE_APPROVER");
        // a substitute holds the roles of the person stood in for
        assertThat(ApprovalAuthorities.of(login(users.loadUserByUsername("dave")))).containsExactlyInAnyOrder("ap-lead", "cfo");
        assertThat(output.getOut()).doesNotContain("Generated password");

        security.kontorUsers(prod(), approval(Map.of(), false), encoder);
        assertThat(output.getOut()).contains("No invoice approver holds role 'ap-clerk'", "No invoice approver holds role 'cfo'");
    }

    private static UsernamePasswordAuthenticationToken login(UserDetails user) {
        return UsernamePasswordAuthenticationToken.authenticated(user.getUsername(), null, user.getAuthorities());
    }

    private static String printedPassword(CapturedOutput output, String user) {
        Matcher m = Pattern.compile("Generated password for user '" + Pattern.quote(user) + "': (\\S+)").matcher(output.getOut());
        assertThat(m.find()).as("a password printed for " + user).isTrue();
        return m.group(1);
    }
}
