package io.kontor.platform;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.kamelet.KameletEndpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Camel starts the route a source kamelet creates on its own, even when the route consuming it is not started
 * (a channel switched off with {@code autoStartup: false}); the kamelet would then poll a shop or an SFTP server
 * nobody reads from. Once Camel has started, such kamelet routes are stopped as well, and left out of the health
 * verdict (stopped on purpose is not down).
 */
@Component
public class DisabledChannelSources implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DisabledChannelSources.class);

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // nothing to prepare: the routes exist only once Camel has started
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof KameletEndpoint kamelet
                    && camel.getRouteController().getRouteStatus(route.getRouteId()) != ServiceStatus.Started
                    && camel.getRouteController().getRouteStatus(kamelet.getRouteId()) == ServiceStatus.Started) {
                try {
                    camel.getRouteController().stopRoute(kamelet.getRouteId());
                    excludeFromHealth(camel, kamelet.getRouteId());
                    log.info("Stopped {} ({}): route {} that consumes it is switched off", kamelet.getRouteId(),
                            kamelet.getTemplateId(), route.getRouteId());
                } catch (Exception e) {
                    throw new IllegalStateException("Could not stop kamelet route " + kamelet.getRouteId(), e);
                }
            }
        }
    }

    /** A source stopped on purpose is not a fault: its route and consumer checks leave the health verdict. */
    private static void excludeFromHealth(CamelContext camel, String routeId) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry == null) {
            return;
        }
        String pattern = "route:" + routeId + ",consumer:" + routeId;
        String current = registry.getExcludePattern();
        registry.setExcludePattern(current == null || current.isBlank() ? pattern : current + "," + pattern);
    }
}
