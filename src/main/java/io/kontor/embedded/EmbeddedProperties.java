package io.kontor.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded default: a real PostgreSQL and a real Kafka broker started inside the JVM.
 *
 * @param enabled        start both (true by default; the {@code prod} profile turns it off)
 * @param dataDir        parent folder of {@code postgres/} and {@code kafka/}; kept across restarts
 * @param postgresPort   fixed port of the embedded PostgreSQL (spring.datasource.url points at it)
 * @param kafkaPort      broker listener port (camel.component.kafka.brokers points at it)
 * @param controllerPort KRaft controller listener port
 */
@ConfigurationProperties("kontor.embedded")
public record EmbeddedProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("./data") String dataDir,
        @DefaultValue("54329") int postgresPort,
        @DefaultValue("29092") int kafkaPort,
        @DefaultValue("29093") int controllerPort) {
}
