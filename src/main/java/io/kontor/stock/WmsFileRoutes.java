package io.kontor.stock;

import io.kontor.platform.ProcessedMessageIds;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Map;

/**
 * One route per warehouse whose WMS drops stock files (kontor.stock.wms-files.&lt;warehouse&gt;), made from the
 * {@code wms-stock-files} template (routes/stock/wms-stock-files.yaml) once the routes are loaded: the warehouses are
 * configuration, not route files.
 */
@Configuration(proxyBeanMethods = false)
public class WmsFileRoutes {

    private static final Logger log = LoggerFactory.getLogger(WmsFileRoutes.class);

    /** The WMS files taken, by name and size (each warehouse's under its own name, wmsFilesTaken@&lt;warehouse&gt;). */
    @Bean
    JdbcMessageIdRepository wmsFilesTaken(DataSource dataSource, TransactionTemplate tx) {
        return ProcessedMessageIds.forProcessor(dataSource, tx, "wms-stock-files");
    }

    @Bean
    CamelContextConfiguration wmsFileDropRoutes(WmsFileDrops drops) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                for (Map.Entry<String, WmsFileDrops.Drop> e : drops.wmsFiles().entrySet()) {
                    WmsFileDrops.Drop drop = e.getValue();
                    if (!drop.enabled() || drop.host() == null || drop.host().isBlank()) {
                        continue;
                    }
                    String warehouse = e.getKey();
                    String routeId = TemplatedRouteBuilder.builder(camel, "wms-stock-files").routeId("wms-stock-files-" + warehouse)
                            .parameter("warehouse", warehouse).parameter("host", drop.host()).parameter("port", drop.port())
                            .parameter("username", drop.username()).parameter("password", drop.password())
                            .parameter("directory", drop.directory()).parameter("include", drop.include())
                            .parameter("pollDelay", drop.pollDelay()).parameter("strictHostKeyChecking", drop.strictHostKeyChecking())
                            .parameter("knownHostsFile", drop.knownHostsFile()).add();
                    log.info("WMS {}: stock files from sftp://{}:{}{} ({})", warehouse, drop.host(), drop.port(), drop.directory(), routeId);
                }
            }
        };
    }
}
