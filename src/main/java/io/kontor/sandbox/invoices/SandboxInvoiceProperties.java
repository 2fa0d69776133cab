package io.kontor.sandbox.invoices;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox's suppliers, who send the retailer their invoices (kontor.sandbox.invoices.*).
 *
 * @param perMinute  invoices the suppliers send per minute, into the hub's invoice inbox (0: none)
 * @param resendRate share of invoices a supplier sends twice (the same file, or the same invoice as a PDF)
 * @param seed       random seed of the generator
 */
@ConfigurationProperties("kontor.sandbox.invoices")
public record SandboxInvoiceProperties(@DefaultValue("6") double perMinute, @DefaultValue("0.05") double resendRate,
                                       @DefaultValue("20261127") long seed) {
}
