package io.kontor.sandbox.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.invoices.InvoiceProperties;
import io.kontor.model.GoodsReceipt;
import io.kontor.sandbox.SandboxSchedules;
import io.kontor.sandbox.SandboxState;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kontor.sandbox.SandboxState.part;

/**
 * The retailer's purchasing at {@code kontor.sandbox.invoices.per-minute}: the ERP's purchase orders and the
 * warehouse's goods receipts on their topics (as the real ERP and WMS would publish them), the suppliers' invoices
 * into the hub's invoice inbox.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class SupplierSandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SupplierSandboxConfiguration.class);

    @Bean
    SandboxSchedules.Job sandboxSupplierInvoices(SandboxInvoiceProperties props, InvoiceProperties invoices, ProducerTemplate producer,
                                                 ObjectMapper json, Environment env, SandboxSchedules schedules, SandboxState state) {
        if (props.perMinute() <= 0 || !invoices.inboxEnabled()) {
            return new SandboxSchedules.Job("sandbox-invoices (off)");
        }
        String orders = "kafka:" + env.getRequiredProperty("kontor.topics.purchase-orders");
        String receipts = "kafka:" + env.getRequiredProperty("kontor.topics.goods-receipts");
        SupplierInvoiceTraffic traffic = new SupplierInvoiceTraffic(Path.of(invoices.inbox()),
                po -> publish(producer, json, orders, po.number(), po),
                receipt -> publish(producer, json, receipts, receipt.purchaseOrder(), receipt),
                state.seed(props.seed()), props.resendRate(), Clock.systemUTC());
        state.track("supplier-invoices", part(traffic::saved, (saved, mapper) -> traffic.restore(
                mapper.convertValue(saved.path("laterDeliveries"), new TypeReference<List<GoodsReceipt>>() {
                }),
                mapper.convertValue(saved.path("recentNets"), new TypeReference<Map<String, List<BigDecimal>>>() {
                }))));
        log.info("Sandbox suppliers send about {} invoices/min to {}", props.perMinute(), invoices.inbox());
        return schedules.withFixedDelay("sandbox-invoices", Duration.ofSeconds(3),
                Duration.ofMillis(Math.max(1000, (long) (60_000 / props.perMinute()))), traffic::send);
    }

    private static void publish(ProducerTemplate producer, ObjectMapper json, String endpoint, String key, Object document) {
        try {
            producer.sendBodyAndHeader(endpoint, json.writeValueAsString(document), KafkaConstants.KEY, key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
