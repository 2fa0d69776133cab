package io.kontor.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in KRaft mode (broker + controller in one process). The broker-internal
 * classes it needs ({@link KafkaRaftServer}, {@link Formatter}) are not a public API, so they stay in this class.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafkaServer(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedKafkaServer start(Path logDir, int port, int controllerPort) {
        try {
            Files.createDirectories(logDir);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
            props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toAbsolutePath().toString());
            props.put("num.partitions", "6");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "6");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            // a broker restarted after kill -9 is refused until its old session expires
            props.put("broker.session.timeout.ms", "3000");
            props.put("broker.heartbeat.interval.ms", "1000");
            props.put("auto.create.topics.enable", "true");
            // a broker inside the hub's JVM, for one client: few threads, and a log cleaner (it compacts the
            // consumer offsets) that does not take the default 128 MB of heap for its dedupe buffer
            props.put("num.network.threads", "2");
            props.put("num.io.threads", "2");
            props.put("background.threads", "2");
            props.put("num.recovery.threads.per.data.dir", "1");
            props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
            props.put("log.cleaner.io.buffer.size", String.valueOf(256 * 1024));
            KafkaConfig config = KafkaConfig.fromProps(props, false);

            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                        .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                        .setControllerListenerName("CONTROLLER")
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                        .setIgnoreFormatted(true)
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitPort(port, Duration.ofSeconds(60));
            log.info("Embedded Kafka (KRaft) listening on localhost:{}, data in {}", port, logDir.toAbsolutePath());
            return new EmbeddedKafkaServer(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Embedded Kafka failed to start in " + logDir.toAbsolutePath(), e);
        }
    }

    private static void awaitPort(int port, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 200);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("Kafka did not open port " + port + " within " + timeout);
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka stopped");
    }
}
