package io.kontor.payments;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers payment runs to the bank drop folder, where the banking software (an EBICS client) picks them up: written
 * under a temporary name and moved into place whole, then marked delivered. A crash in between writes the same file
 * again on the next pass — same name, same content — never a second file for one run.
 */
@Component("paymentFiles")
public class PaymentFiles {

    private static final Logger log = LoggerFactory.getLogger(PaymentFiles.class);

    private final JdbcTemplate jdbc;
    private final PaymentProperties properties;

    public PaymentFiles(JdbcTemplate jdbc, PaymentProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public int deliver() throws IOException {
        List<Map<String, Object>> pending = jdbc.queryForList(
                "select id, file_name, document from payment_runs where delivered_at is null order by created_at");
        if (pending.isEmpty()) {
            return 0;
        }
        Path drop = Files.createDirectories(Path.of(properties.bankDropDir()));
        for (Map<String, Object> run : pending) {
            String name = (String) run.get("file_name");
            Path partial = drop.resolve("." + name + ".part");
            Files.write(partial, (byte[]) run.get("document"));
            Files.move(partial, drop.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            jdbc.update("update payment_runs set delivered_at = now() where id = ?", (UUID) run.get("id"));
            log.info("Payment file {} delivered to {}", name, drop);
        }
        return pending.size();
    }
}
