package io.kontor.security;

import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.jolokia.server.core.util.RequestType;

import javax.management.ObjectName;

/**
 * Jolokia's own check of what a caller may do, by the caller's role. Hawtio sends every request — reads too — as a
 * JSON POST, so the HTTP method and path cannot tell a read from an operation: the security chain lets {@code ops}
 * post to Jolokia and this restrictor refuses, per request in the body, writes and operations that change things.
 * Operations that only report (Camel's {@code dumpRoutesAsXml}, {@code getStatus}, {@code browse…}) stay open to
 * {@code ops}, or Hawtio could not draw a route. Jolokia creates this class by name
 * ({@code management.endpoint.jolokia.config.restrictorClass}) and calls it on the request's thread.
 */
public class JolokiaRoleRestrictor extends AllowAllRestrictor {

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type != RequestType.WRITE || JmxPermissions.admin();
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return JmxPermissions.admin();
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return JmxPermissions.mayInvoke(operation);
    }
}
