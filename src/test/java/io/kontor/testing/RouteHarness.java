package io.kontor.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A route file as the hub loads it (with the error policy and the kamelets), in a bare Camel context: no Spring, no
 * broker, no database. The beans a route calls are stand-ins bound by name; every {@code kafka:} endpoint is
 * replaced by {@code mock:kafka}; a route's {@code from} can be replaced by a {@code direct:} endpoint to drive it.
 * For the routing decisions and error paths of a route, in milliseconds; the end-to-end ITs keep the rest.
 */
public final class RouteHarness implements AutoCloseable {

    public final CamelContext camel = new DefaultCamelContext();
    public final ProducerTemplate producer;

    public RouteHarness(Map<String, String> properties, Map<String, Object> beans, String... routeFiles) throws Exception {
        Properties p = new Properties();
        p.putAll(properties);
        camel.getPropertiesComponent().setInitialProperties(p);
        beans.forEach((name, bean) -> camel.getRegistry().bind(name, bean));
        camel.getComponent("kamelet", KameletComponent.class).setLocation("file:connectors");
        // Kafka endpoints exist (the routes name them) but never connect: their sends are intercepted
        org.apache.camel.component.kafka.KafkaComponent kafka = camel.getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class);
        kafka.getConfiguration().setBrokers("localhost:1");
        kafka.setLazyStartProducer(true);
        List<Resource> resources = new ArrayList<>();
        resources.add(ResourceHelper.resolveMandatoryResource(camel, "file:routes/error-handling.yaml"));
        for (String file : routeFiles) {
            resources.add(ResourceHelper.resolveMandatoryResource(camel, "file:" + file));
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        producer = camel.createProducerTemplate();
    }

    /**
     * The hub's own settings (the channels' defaults files, application.yaml over them, flattened, their {@code ${...}}
     * placeholders resolved against themselves or their defaults) with the given ones over them: a route file then
     * sees what it sees in the hub without the sandbox.
     */
    public static Map<String, String> applicationProperties(Map<String, String> overrides) {
        org.springframework.beans.factory.config.YamlPropertiesFactoryBean yaml = new org.springframework.beans.factory.config.YamlPropertiesFactoryBean();
        yaml.setResources(new org.springframework.core.io.FileSystemResource("src/main/resources/application.yaml"));
        Map<String, String> out = new java.util.HashMap<>();
        Properties flat = new Properties();
        // each channel's defaults beside it, below application.yaml (as @PropertySource puts them in the hub)
        try (java.util.stream.Stream<java.nio.file.Path> defaults = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/io/kontor/channel"))) {
            for (java.nio.file.Path dir : defaults.toList()) {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
                    for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith("-defaults.properties")).toList()) {
                        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(file)) {
                            flat.load(in);
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        flat.putAll(yaml.getObject());
        flat.putAll(overrides);
        org.springframework.util.PropertyPlaceholderHelper placeholders = new org.springframework.util.PropertyPlaceholderHelper("${", "}", ":", null, true);
        flat.forEach((k, v) -> out.put(String.valueOf(k), placeholders.replacePlaceholders(String.valueOf(v), flat::getProperty)));
        return out;
    }

    /** Replaces the route's consumer with {@code direct:<routeId>} and its Kafka sends with {@code mock:kafka}. */
    public RouteHarness drive(String routeId) throws Exception {
        AdviceWith.adviceWith(camel, routeId, a -> {
            a.replaceFromWith("direct:" + routeId);
            // the driven route's send itself is replaced (not intercepted), so its own error policy covers it as it covers Kafka
            if (sendsToKafka(a.getOriginalRoute().getOutputs())) {
                a.weaveByToUri("kafka:*").replace().to("mock:kafka");
            }
            // and the sends of the routes it calls (an intercept acts on the endpoint, for every route)
            a.interceptSendToEndpoint("kafka:*").skipSendToOriginalEndpoint().to("mock:kafka");
        });
        return this;
    }

    private static boolean sendsToKafka(List<org.apache.camel.model.ProcessorDefinition<?>> outputs) {
        for (org.apache.camel.model.ProcessorDefinition<?> p : outputs) {
            if (p instanceof org.apache.camel.model.SendDefinition<?> send && send.getEndpointUri().startsWith("kafka:")
                    || p instanceof org.apache.camel.model.ToDynamicDefinition toD && toD.getUri().startsWith("kafka:")
                    || sendsToKafka(p.getOutputs())) {
                return true;
            }
        }
        return false;
    }

    public RouteHarness start(String... routeIds) throws Exception {
        camel.start();
        for (String id : routeIds) {
            camel.getRouteController().startRoute(id);
        }
        return this;
    }

    /** Sends the body with headers to the driven route, answering the exchange as it came back (with its exception, if any). */
    public Exchange send(String routeId, Object body, Map<String, Object> headers) {
        return producer.request("direct:" + routeId, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
    }

    /** What a stand-in source answers for a page of {@code n} orders: one Kafka record each. */
    public static List<org.apache.camel.Message> records(Exchange exchange, int n) {
        List<org.apache.camel.Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            org.apache.camel.Message m = new org.apache.camel.support.DefaultMessage(exchange);
            m.setBody("{\"order\":" + i + "}");
            out.add(m);
        }
        return out;
    }

    public MockEndpoint kafka() {
        return camel.getEndpoint("mock:kafka", MockEndpoint.class);
    }

    @Override
    public void close() throws Exception {
        camel.close();
    }
}
