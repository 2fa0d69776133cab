package io.kontor.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Roles claims as Keycloak and Entra ID send them, mapped to Kontor's roles. */
class OidcRolesTest {

    private static List<String> names(java.util.Collection<GrantedAuthority> granted) {
        return granted.stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void keycloaksRealmRolesAreReachedByADottedPathAndMapped() {
        OidcRoles roles = new OidcRoles(new SecurityProperties.Oidc(true, "realm_access.roles", null,
                Map.of("finance-leads", List.of("APPROVER:ap-lead", "APPROVER:cfo"), "it-ops", List.of("OPS"))));
        Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("finance-leads", "it-ops", "offline_access")),
                "preferred_username", "lena", "sub", "f3a1");
        assertThat(names(roles.authorities(claims))).containsExactlyInAnyOrder("ROLE_OPS", "ROLE_APPROVER", "APPROVAL_ap-lead", "APPROVAL_cfo");
        assertThat(roles.nameClaim(claims)).isEqualTo("preferred_username");
    }

    @Test
    void entraIdsAppRolesMeanThemselvesAndAnUnknownRoleNothing() {
        OidcRoles roles = new OidcRoles(new SecurityProperties.Oidc(true, null, null, null));
        assertThat(names(roles.authorities(Map.of("roles", List.of("Admin", "approver:ap-clerk", "Reader")))))
                .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_OPS", "ROLE_APPROVER", "APPROVAL_ap-clerk");
        assertThat(roles.authorities(Map.of("roles", List.of("Reader")))).isEmpty();
        assertThat(roles.authorities(Map.of())).isEmpty();
        // a space-separated string claim too; no username claim: the subject names the user
        assertThat(names(roles.authorities(Map.of("roles", "ops admin")))).contains("ROLE_OPS", "ROLE_ADMIN");
        assertThat(roles.nameClaim(Map.of("sub", "x"))).isEqualTo("sub");
    }
}
