package io.kontor.security;

import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.management.ObjectName;
import java.util.List;

/**
 * Jolokia's own check of what a caller may do, by the caller's role. Hawtio sends every request — reads too — as a
 * JSON POST, so the HTTP method and path cannot tell a read from an operation: the security chain lets {@code ops}
 * post to Jolokia and this restrictor refuses, per request in the body, writes and operations that change things.
 * Operations that only report (Camel's {@code dumpRoutesAsXml}, {@code getStatus}, {@code browse…}) stay open to
 * {@code ops}, or Hawtio could not draw a route. Jolokia creates this class by name
 * ({@code management.endpoint.jolokia.config.restrictorClass}) and calls it on the request's thread.
 */
public class JolokiaRoleRestrictor extends AllowAllRestrictor {

    /** Operation names that read and report only, by prefix (MBean operations rarely declare their impact). */
    private static final List<String> REPORTING = List.of("dump", "get", "is", "list", "browse", "count", "explain", "has", "find", "can");

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type != RequestType.WRITE || admin();
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return admin();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        if (admin()) {
            return true;
        }
        // Jolokia names an overloaded operation with its signature: list(java.lang.String)
        String verb = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        return REPORTING.stream().anyMatch(prefix -> verb.equals(prefix)
                || verb.startsWith(prefix) && Character.isUpperCase(verb.charAt(prefix.length())));
    }

    private static boolean admin() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller != null && caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch("ROLE_ADMIN"::equals);
    }
}
