package io.kontor.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Logins of the hub (API, Hawtio, Jolokia, metrics). Secrets: never logged, except a password this run
 * generated itself, printed once so a newcomer can log in.
 *
 * @param opsPassword     password of user {@code ops} (read-only role); env KONTOR_SECURITY_OPS_PASSWORD
 * @param adminPassword   password of user {@code admin} (all operations); env KONTOR_SECURITY_ADMIN_PASSWORD
 * @param generateMissing generate and print a password that is not set (embedded default); false in prod,
 *                        where a missing password stops the start
 * @param credentialsKey  base64 of the 32-byte key that encrypts stored channel tokens; env
 *                        KONTOR_SECURITY_CREDENTIALS_KEY (generated into the data directory when generateMissing)
 * @param apiClients      machine clients (a scanner, the ERP) by name: the SHA-256 (hex) of their bearer token and
 *                        their roles; the token itself is never configured, only its hash
 * @param loginCacheTtl   how long a password login verified once (HTTP Basic, the form) is taken without checking its
 *                        bcrypt hash again; 0 checks every request
 * @param oidc            logins through an OIDC provider (kontor.security.oidc.*), off by default
 */
@ConfigurationProperties("kontor.security")
public record SecurityProperties(
        String opsPassword,
        String adminPassword,
        @DefaultValue("true") boolean generateMissing,
        String credentialsKey,
        java.util.Map<String, ApiClient> apiClients,
        @DefaultValue("PT5M") java.time.Duration loginCacheTtl,
        Oidc oidc) {

    public SecurityProperties {
        apiClients = apiClients == null ? java.util.Map.of() : java.util.Map.copyOf(apiClients);
        oidc = oidc == null ? new Oidc(false, null, null, null) : oidc;
    }

    /**
     * Sign-in through the company's OIDC provider (Keycloak, Microsoft Entra ID …) beside the local users: people log
     * in in the browser ({@code spring.security.oauth2.client.registration.kontor.*}), machine clients send the
     * provider's JWTs ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}).
     *
     * @param enabled       whether the provider is used
     * @param rolesClaim    the claim that carries a user's roles; a dotted path reaches into objects (Keycloak's
     *                      {@code realm_access.roles}; Entra ID's app roles are {@code roles})
     * @param userNameClaim the claim that names the user in decisions and logs ({@code preferred_username}; else {@code sub})
     * @param roles         a role value of the claim → Kontor's roles for it: {@code OPS}, {@code ADMIN},
     *                      {@code APPROVER:<band role>}; unmapped values {@code ops}, {@code admin} and
     *                      {@code approver:<band role>} mean themselves
     */
    public record Oidc(boolean enabled, String rolesClaim, String userNameClaim, java.util.Map<String, java.util.List<String>> roles) {
        public Oidc {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            userNameClaim = userNameClaim == null || userNameClaim.isBlank() ? "preferred_username" : userNameClaim;
            roles = roles == null ? java.util.Map.of() : java.util.Map.copyOf(roles);
        }
    }

    /** One machine client: {@code tokenSha256} is the hex SHA-256 of the token it sends as {@code Authorization: Bearer}. */
    public record ApiClient(String tokenSha256, java.util.List<String> roles) {
    }

    @Override
    public String toString() {
        return "SecurityProperties[generateMissing=" + generateMissing + "]";
    }
}
