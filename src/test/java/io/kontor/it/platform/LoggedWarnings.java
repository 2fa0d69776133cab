package io.kontor.it.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The kinds of WARN and ERROR a hub run in this JVM logged: logger and message with ids and numbers taken out, each
 * with its first example. Spring Boot resets logging at every start, so the recorder joins once logging is set up
 * ({@link #listener()} on the application builder) and sees the whole start.
 */
public final class LoggedWarnings extends AppenderBase<ILoggingEvent> {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Map<String, String> kinds = new ConcurrentHashMap<>();

    /** Attaches this recorder to the root logger when an application's logging is ready. */
    public ApplicationListener<ApplicationPreparedEvent> listener() {
        return event -> {
            LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(logging);
            setName("logged-warnings");
            start();
            logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this);
        };
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            kinds.putIfAbsent(kind(event), event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage());
        }
    }

    public static String kind(ILoggingEvent event) {
        String message = String.valueOf(event.getMessage());
        return event.getLevel() + " " + event.getLoggerName() + ": " + NUMBER.matcher(UUID.matcher(message).replaceAll("<id>")).replaceAll("#");
    }

    /** The kinds logged so far, each with its first example. */
    public Map<String, String> kinds() {
        return new TreeMap<>(kinds);
    }

    /** The kinds logged here and not in {@code before}, each with its first example. */
    public Map<String, String> newSince(Map<String, String> before) {
        Map<String, String> added = kinds();
        added.keySet().removeAll(before.keySet());
        return added;
    }
}
