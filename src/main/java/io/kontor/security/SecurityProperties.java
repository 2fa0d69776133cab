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
 */
@ConfigurationProperties("kontor.security")
public record SecurityProperties(
        String opsPassword,
        String adminPassword,
        @DefaultValue("true") boolean generateMissing,
        String credentialsKey,
        java.util.Map<String, ApiClient> apiClients,
        @DefaultValue("PT5M") java.time.Duration loginCacheTtl) {

    public SecurityProperties {
        apiClients = apiClients == null ? java.util.Map.of() : java.util.Map.copyOf(apiClients);
    }

    /** One machine client: {@code tokenSha256} is the hex SHA-256 of the token it sends as {@code Authorization: Bearer}. */
    public record ApiClient(String tokenSha256, java.util.List<String> roles) {
    }

    @Override
    public String toString() {
        return "SecurityProperties[generateMissing=" + generateMissing + "]";
    }
}
