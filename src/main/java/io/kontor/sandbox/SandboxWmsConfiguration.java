package io.kontor.sandbox;

import io.kontor.sandbox.wholesale.SandboxSftpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * The sandbox's Vienna warehouse, whose WMS hands over stock as files on an SFTP server of its own
 * (sandbox-wms.properties holds the server and the hub's column mapping for it).
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/sandbox/sandbox-wms.properties")
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class SandboxWmsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxWmsConfiguration.class);

    /** The file-writing WMS per warehouse, and its SFTP server (not a bean of its own: the wholesale partner's is the one). */
    public record WmsDrops(Map<String, SandboxWmsDrop> byWarehouse, SandboxSftpServer server) implements AutoCloseable {
        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    WmsDrops sandboxWmsDrops(@Value("${kontor.embedded.data-dir:./data}") Path dataDir, @Value("${kontor.sandbox.wms.warehouse}") String warehouse,
                             @Value("${kontor.sandbox.wms.port}") int port, @Value("${kontor.sandbox.wms.username}") String user,
                             @Value("${kontor.sandbox.wms.password}") String password, com.fasterxml.jackson.databind.ObjectMapper json) {
        SandboxSftpServer server = SandboxSftpServer.serve(dataDir.resolve("wms-sftp").resolve(warehouse), port, user, password, "outbound/stock");
        Path outbound = server.root().resolve("outbound/stock");
        log.info("Sandbox WMS of {}: SFTP on port {}, stock files in {}", warehouse, server.port(), outbound);
        return new WmsDrops(Map.of(warehouse, new SandboxWmsDrop(outbound, json)), server);
    }
}
