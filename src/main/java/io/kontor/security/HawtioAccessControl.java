package io.kontor.security;

import io.hawt.jmx.JMXSecurity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import java.util.List;
import java.util.Map;

/**
 * Tells Hawtio what the logged-in user may do, so that {@code ops} sees a padlock instead of a button for an
 * operation that Jolokia would refuse (stop a route, write an attribute). Hawtio asks the MBean it finds under
 * {@code *:type=security,area=jmx,*} and prefers any to its own allow-everything one; the answer comes from the same
 * rule as {@link JolokiaRoleRestrictor}. Jolokia calls it on the request's thread, where the login is known.
 */
@Component
public class HawtioAccessControl extends JMXSecurity {

    static final String OBJECT_NAME = "io.kontor:type=security,area=jmx,name=KontorAccessControl";

    @PostConstruct
    @Override
    public void init() throws Exception {
        super.init();
    }

    @PreDestroy
    @Override
    public void destroy() throws Exception {
        super.destroy();
    }

    /** Whether the user may look at the MBean at all: everyone who reaches Jolokia may read. */
    @Override
    public boolean canInvoke(String objectName) {
        return true;
    }

    @Override
    public boolean canInvoke(String objectName, String methodSignature) {
        return JmxPermissions.mayInvoke(methodSignature);
    }

    /** Hawtio asks this one for an attribute's setter before it offers to edit the attribute. */
    @Override
    public boolean canInvoke(String objectName, String methodName, String[] argumentTypes) {
        return JmxPermissions.mayInvoke(methodName);
    }

    @Override
    public TabularData canInvoke(Map<String, List<String>> operationsByMBean) throws OpenDataException {
        TabularDataSupport answer = new TabularDataSupport(CAN_INVOKE_TABULAR_TYPE);
        for (Map.Entry<String, List<String>> mbean : operationsByMBean.entrySet()) {
            if (mbean.getValue().isEmpty()) {
                answer.put(row(mbean.getKey(), "", canInvoke(mbean.getKey())));
            }
            for (String operation : mbean.getValue()) {
                answer.put(row(mbean.getKey(), operation, canInvoke(mbean.getKey(), operation)));
            }
        }
        return answer;
    }

    private static CompositeDataSupport row(String objectName, String method, boolean allowed) throws OpenDataException {
        return new CompositeDataSupport(CAN_INVOKE_RESULT_ROW_TYPE, CAN_INVOKE_RESULT_COLUMNS, new Object[] {objectName, method, allowed});
    }

    @Override
    protected String getDefaultObjectName() {
        return OBJECT_NAME;
    }
}
