package io.kontor.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sandbox's channels and partners hold — a shop's orders and fulfilments, an OAuth grant's current refresh
 * token, a seller's orders — kept as JSON files under {@code <data-dir>/sandbox/}, so a restarted sandbox goes on where
 * it stopped, as the real channels do: orders the hub still confirms are still there, the refresh token the hub
 * stored is still the shop's. Saved every few seconds and at a stop (a kill -9 loses at most the last few seconds).
 * <p>
 * Each start is a new run: generators mix its number into their seeds, so a restart does not replay the first run's
 * order ids, invoice amounts and file names (a fresh data directory still starts from the configured seed).
 */
public final class SandboxState {

    private static final Logger log = LoggerFactory.getLogger(SandboxState.class);

    /** One part of the sandbox that keeps state: what it saves, and how it takes it back. */
    public interface Part {
        Object save();

        void restore(JsonNode saved, ObjectMapper json) throws IOException;
    }

    /** A part from what it saves and how it takes that back. */
    public static Part part(java.util.function.Supplier<Object> save, java.util.function.BiConsumer<JsonNode, ObjectMapper> restore) {
        return new Part() {
            @Override
            public Object save() {
                return save.get();
            }

            @Override
            public void restore(JsonNode saved, ObjectMapper json) {
                restore.accept(saved, json);
            }
        };
    }

    public static final com.fasterxml.jackson.core.type.TypeReference<java.util.List<Map<String, Object>>> LIST_OF_MAPS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
    public static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    /** The orders a generator still changes, saved with the sandbox. */
    public static Part openOrders(OrderTraffic generator) {
        return part(generator::openSince, (saved, json) -> generator.restoreOpen(json.convertValue(saved,
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, java.time.Instant>>() {
                })));
    }

    private final Path dir;
    // the channels' documents hold amounts as strings (as their APIs do) and rates as doubles: read back as written
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final int run;

    public SandboxState(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Path runs = dir.resolve("run.json");
            int previous = Files.exists(runs) ? json.readTree(runs.toFile()).path("run").asInt(0) : 0;
            run = previous + 1;
            write(runs, Map.of("run", run));
        } catch (IOException e) {
            throw new UncheckedIOException("Sandbox state in " + dir + " cannot be read or written", e);
        }
    }

    /** This start's number: 1 on a fresh data directory. */
    public int run() {
        return run;
    }

    /** A generator's seed for this run: the configured one on the first run, another on each restart. */
    public long seed(long configured) {
        return configured + 1_000_003L * (run - 1);
    }

    /** Keeps {@code part} from now on and gives it back what it saved before; true when there was something. */
    public synchronized boolean track(String name, Part part) {
        parts.put(name, part);
        Path file = dir.resolve(name + ".json");
        if (!Files.exists(file)) {
            return false;
        }
        try {
            part.restore(json.readTree(file.toFile()), json);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Sandbox {}: saved state in {} could not be read ({}); it starts empty", name, file, e.toString());
            return false;
        }
    }

    /** Writes every part, each whole or not at all (a temporary file, then renamed). */
    public synchronized void save() {
        for (Map.Entry<String, Part> part : parts.entrySet()) {
            try {
                write(dir.resolve(part.getKey() + ".json"), part.getValue().save());
            } catch (IOException | RuntimeException e) {
                log.warn("Sandbox {}: state not saved ({})", part.getKey(), e.toString());
            }
        }
    }

    private void write(Path file, Object value) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            json.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
