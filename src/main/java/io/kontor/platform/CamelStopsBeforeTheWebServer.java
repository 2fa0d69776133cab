package io.kontor.platform;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The order of a stop (Ctrl-C, SIGTERM): Camel's sources stop taking work and its in-flight exchanges drain
 * ({@code camel.main.shutdown-timeout}) while the web server still answers — routes call endpoints it serves (the
 * sandbox's channels, webhooks that are being answered) — and only then does the web server stop, then Kafka and
 * PostgreSQL. Camel's own lifecycle phase sits just below the web server's, so on its own it would stop after it.
 */
@Component
public class CamelStopsBeforeTheWebServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CamelStopsBeforeTheWebServer.class);

    /**
     * Camel is looked up when it stops, not injected: Spring starts a lifecycle bean's dependencies with it, and
     * Camel started that early would start before its routes are loaded.
     */
    private final org.springframework.beans.factory.BeanFactory beans;
    private volatile boolean running;

    public CamelStopsBeforeTheWebServer(org.springframework.beans.factory.BeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        log.info("Stopping Camel before the web server: sources stop, in-flight exchanges drain");
        beans.getBean(CamelContext.class).stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just above the web server's graceful shutdown: stopped before it. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}
