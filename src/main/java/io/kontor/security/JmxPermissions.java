package io.kontor.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;

/**
 * What the caller on this thread may do over JMX: {@code admin} everything, anyone else reads attributes and calls
 * operations that only report. One rule for Jolokia's restrictor (which refuses) and Hawtio's access-control MBean
 * (which hides the buttons), so Hawtio never offers what Jolokia would refuse.
 */
final class JmxPermissions {

    /** Operation names that read and report only, by prefix (MBean operations rarely declare their impact). */
    private static final List<String> REPORTING = List.of("dump", "get", "is", "list", "browse", "count", "explain", "has", "find", "can");

    private JmxPermissions() {
    }

    static boolean admin() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch("ROLE_ADMIN"::equals);
    }

    /** @param operation a name, or a name with its signature as Jolokia and Hawtio write it: {@code list(java.lang.String)} */
    static boolean mayInvoke(String operation) {
        if (admin()) {
            return true;
        }
        String verb = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        return REPORTING.stream().anyMatch(prefix -> verb.equals(prefix)
                || verb.startsWith(prefix) && verb.length() > prefix.length() && Character.isUpperCase(verb.charAt(prefix.length())));
    }
}
