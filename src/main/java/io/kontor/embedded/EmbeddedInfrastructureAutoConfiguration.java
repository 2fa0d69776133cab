package io.kontor.embedded;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;

/**
 * Starts the embedded PostgreSQL and Kafka broker of the default run and points Boot's DataSource and
 * Camel's Kafka component at them. Registered as an auto-configuration (not component-scanned) so that
 * {@code kontor.embedded.enabled=false} — the {@code prod} profile — really switches it off.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class,
        beforeName = "org.apache.camel.component.kafka.springboot.KafkaComponentAutoConfiguration")
@ConditionalOnProperty(prefix = "kontor.embedded", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EmbeddedProperties.class)
public class EmbeddedInfrastructureAutoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedProperties props) {
        return EmbeddedPostgresServer.start(Path.of(props.dataDir(), "postgres"), props.postgresPort());
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer postgres) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "postgres";
            }

            @Override
            public String getPassword() {
                return "postgres";
            }

            @Override
            public String getJdbcUrl() {
                return postgres.jdbcUrl();
            }
        };
    }

    @Bean(destroyMethod = "close")
    EmbeddedKafkaServer embeddedKafkaServer(EmbeddedProperties props) {
        return EmbeddedKafkaServer.start(Path.of(props.dataDir(), "kafka"), props.kafkaPort(), props.controllerPort());
    }

    @Bean
    ComponentCustomizer embeddedKafkaBrokers(EmbeddedKafkaServer kafka) {
        return ComponentCustomizer.forType(KafkaComponent.class,
                component -> component.getConfiguration().setBrokers(kafka.bootstrapServers()));
    }
}
