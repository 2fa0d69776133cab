package io.kontor.sandbox.wholesale;

import io.kontor.sandbox.SandboxSchedules;
import io.kontor.sandbox.SandboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The sandbox's wholesale partner: an SFTP drop under the data directory, and CSV and EDIFACT order files dropped on it. */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:io/kontor/sandbox/wholesale/sandbox-partner.properties")
@ConditionalOnProperty(prefix = "kontor.sandbox", name = "enabled", havingValue = "true")
public class WholesaleSandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WholesaleSandboxConfiguration.class);

    /** The wholesale partner's SFTP drop, under the embedded data directory. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "kontor.sandbox.wholesale", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSftpServer sandboxSftpServer(SandboxWholesaleProperties props, @Value("${kontor.embedded.data-dir:./data}") Path dataDir) {
        SandboxSftpServer server = SandboxSftpServer.start(dataDir.resolve("sftp"), props.port(), props.username(), props.password());
        log.info("Sandbox wholesale partner {}: SFTP on port {}, order files in {}", props.partner(), server.port(), server.ordersDir());
        return server;
    }

    /** Drops order files on the sandbox SFTP server at the configured rate. */
    @Bean
    @ConditionalOnProperty(prefix = "kontor.sandbox.wholesale", name = "enabled", havingValue = "true", matchIfMissing = true)
    SandboxSchedules.Job sandboxWholesaleTraffic(SandboxSftpServer server, SandboxWholesaleProperties props, SandboxSchedules schedules,
                                                 SandboxState state) {
        if (props.filesPerMinute() <= 0) {
            return new SandboxSchedules.Job("sandbox-wholesale (off)");
        }
        WholesaleOrderFileGenerator generator = new WholesaleOrderFileGenerator(server.ordersDir(), props.partner(), state.seed(props.seed()),
                Clock.systemUTC());
        long period = Math.max(1000, (long) (60_000 / props.filesPerMinute()));
        long[] files = {0};
        return schedules.withFixedDelay("sandbox-wholesale", Duration.ofSeconds(2), Duration.ofMillis(period), () -> {
            // every third drop is an EDIFACT interchange, the rest CSV
            if (++files[0] % 3 == 0) {
                generator.writeEdifact(server.edifactDir());
            } else {
                generator.writeFile();
            }
        });
    }
}
