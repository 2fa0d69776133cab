package io.kontor.security;

import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Jolokia's restrictor and Hawtio's access-control MBean give the same answer for the same caller. */
class JmxPermissionsTest {

    private static final String ROUTE = "org.apache.camel:context=kontor,type=routes,name=\"order-intake\"";

    private final JolokiaRoleRestrictor restrictor = new JolokiaRoleRestrictor();
    private final HawtioAccessControl hawtio = new HawtioAccessControl();

    @AfterEach
    void logout() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void opsReadsAndCallsReportingOperationsOnly() throws Exception {
        loginAs("ROLE_OPS");
        for (String reporting : List.of("dumpRouteAsXml()", "getState()", "isTracing", "listTypeConverters", "browseMessageAsXml(java.lang.Integer)", "canSendToEndpoint(java.lang.String)")) {
            assertThat(restrictor.isOperationAllowed(new ObjectName(ROUTE), reporting)).as(reporting).isTrue();
            assertThat(hawtio.canInvoke(ROUTE, reporting)).as(reporting).isTrue();
        }
        for (String changing : List.of("stop()", "start()", "remove()", "reset(boolean)", "getaway()", "dumpster", "setTracing", "updateRouteFromXml(java.lang.String)")) {
            assertThat(restrictor.isOperationAllowed(new ObjectName(ROUTE), changing)).as(changing).isFalse();
            assertThat(hawtio.canInvoke(ROUTE, changing)).as(changing).isFalse();
        }
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.READ)).isTrue();
        assertThat(restrictor.isAttributeWriteAllowed(new ObjectName(ROUTE), "Tracing")).isFalse();
        // the attribute editor asks for the setter
        assertThat(hawtio.canInvoke(ROUTE, "setTracing", new String[] {"boolean"})).isFalse();
        // the tree shows every MBean without a padlock: reading is allowed
        assertThat(hawtio.canInvoke(ROUTE)).isTrue();
    }

    @Test
    void adminMayDoEverything() throws Exception {
        loginAs("ROLE_ADMIN", "ROLE_OPS");
        assertThat(restrictor.isOperationAllowed(new ObjectName(ROUTE), "stop()")).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isTrue();
        assertThat(hawtio.canInvoke(ROUTE, "setTracing", new String[] {"boolean"})).isTrue();
        assertThat(hawtio.canInvoke(ROUTE, "stop()")).isTrue();
    }

    @Test
    void nobodyLoggedInMayOnlyReport() {
        assertThat(hawtio.canInvoke(ROUTE, "stop()")).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isFalse();
    }

    @Test
    void theBatchAnswerHawtioDecoratesItsTreeWithHasOneRowPerOperation() throws Exception {
        loginAs("ROLE_OPS");
        TabularData answer = hawtio.canInvoke(Map.of(ROUTE, List.of("stop()", "dumpRouteAsXml()"), "java.lang:type=Memory", List.of()));
        assertThat(answer.size()).isEqualTo(3);
        assertThat(row(answer, ROUTE, "stop()").get("CanInvoke")).isEqualTo(false);
        assertThat(row(answer, ROUTE, "dumpRouteAsXml()").get("CanInvoke")).isEqualTo(true);
        assertThat(row(answer, "java.lang:type=Memory", "").get("CanInvoke")).isEqualTo(true);
    }

    private static CompositeData row(TabularData table, String objectName, String method) {
        return table.get(new Object[] {objectName, method});
    }

    private static void loginAs(String... roles) {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated("someone", "n/a", AuthorityUtils.createAuthorityList(roles)));
    }
}
