package io.kontor.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A token's roles claim as Kontor's authorities: the same {@code ROLE_OPS}, {@code ROLE_ADMIN} and approval roles a
 * local login has, so the security chain, Jolokia's restrictor and the approval service treat both alike.
 */
final class OidcRoles {

    private final SecurityProperties.Oidc oidc;

    OidcRoles(SecurityProperties.Oidc oidc) {
        this.oidc = oidc;
    }

    Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
        Set<GrantedAuthority> granted = new LinkedHashSet<>();
        List<String> approvals = new ArrayList<>();
        for (String value : values(claims)) {
            List<String> roles = oidc.roles().getOrDefault(value, List.of(value));
            for (String role : roles) {
                String r = role.strip();
                if (r.equalsIgnoreCase("ops")) {
                    granted.add(new SimpleGrantedAuthority("ROLE_OPS"));
                } else if (r.equalsIgnoreCase("admin")) {
                    granted.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
                    granted.add(new SimpleGrantedAuthority("ROLE_OPS"));
                } else if (r.toLowerCase(Locale.ROOT).startsWith("approver:") && r.length() > 9) {
                    approvals.add(r.substring(9));
                }
            }
        }
        if (!approvals.isEmpty()) {
            granted.addAll(ApprovalAuthorities.granting(approvals));
        }
        return List.copyOf(granted);
    }

    /** The claim that names the user, where the token has it; else the subject. */
    String nameClaim(Map<String, Object> claims) {
        return claims.get(oidc.userNameClaim()) instanceof String ? oidc.userNameClaim() : "sub";
    }

    private List<String> values(Map<String, Object> claims) {
        Object at = claims;
        for (String step : oidc.rolesClaim().split("\\.")) {
            at = at instanceof Map<?, ?> map ? map.get(step) : null;
        }
        List<String> values = new ArrayList<>();
        if (at instanceof Collection<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (at instanceof String one) {
            values.addAll(List.of(one.split("[ ,]+")));
        }
        return values;
    }
}
