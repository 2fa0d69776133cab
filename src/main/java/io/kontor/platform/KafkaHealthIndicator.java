package io.kontor.platform;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Kafka is up when the brokers the Camel Kafka component uses answer a cluster description. */
@Component("kafka")
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final CamelContext camel;

    public KafkaHealthIndicator(CamelContext camel) {
        super("Kafka health check failed");
        this.camel = camel;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        String brokers = camel.getComponent("kafka", KafkaComponent.class).getConfiguration().getBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            DescribeClusterResult cluster = admin.describeCluster();
            builder.up().withDetail("brokers", brokers)
                    .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
                    .withDetail("nodes", cluster.nodes().get(3, TimeUnit.SECONDS).size());
        }
    }
}
