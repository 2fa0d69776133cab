package io.kontor.it;

import io.kontor.embedded.EmbeddedKafkaServer;
import io.kontor.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL and one real Kafka broker for all integration tests of this JVM, started once
 * (the same classes as the embedded default). Each test gets its own database and topic names.
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;
    private static final AtomicInteger databases = new AtomicInteger();

    public final Path dir;
    public final EmbeddedPostgresServer postgres;
    public final EmbeddedKafkaServer kafka;

    private TestInfrastructure() throws IOException {
        dir = Files.createTempDirectory("kontor-it");
        postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), freePort());
        kafka = EmbeddedKafkaServer.start(dir.resolve("kafka"), freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is going away
            }
        }));
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                instance = new TestInfrastructure();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** A fresh, empty database; returns its JDBC URL. */
    public String newDatabase(String prefix) {
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9]", "") + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.jdbcUrl().replace("/postgres", "/" + name);
    }

    public String kafkaBrokers() {
        return kafka.bootstrapServers();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
