package io.kontor.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The invoice-approval roles a login holds (the amount bands' {@code ap-clerk}, {@code ap-lead}, {@code cfo} …), as
 * authorities {@code APPROVAL_<role>} beside {@code ROLE_APPROVER}. The login decides them — a configured approver,
 * a generated one, admin standing in for all, later a token's claims — and the approval service only reads them.
 */
public final class ApprovalAuthorities {

    private static final String PREFIX = "APPROVAL_";

    private ApprovalAuthorities() {
    }

    /** {@code ROLE_APPROVER} and one authority per approval role. */
    static List<GrantedAuthority> granting(Collection<String> approvalRoles) {
        return Stream.concat(Stream.of("ROLE_APPROVER"), approvalRoles.stream().sorted().map(r -> PREFIX + r))
                .<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
    }

    /** The approval roles of the caller. */
    public static Set<String> of(Authentication caller) {
        return caller == null ? Set.of() : caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(PREFIX)).map(a -> a.substring(PREFIX.length())).collect(Collectors.toUnmodifiableSet());
    }
}
