package io.kontor.shipping;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Set;

/**
 * Who books parcels ({@code kontor.shipping.carrier}): {@code sandbox}, the emulated carrier the hub books with for
 * labels, or {@code warehouse}, a warehouse that books with its own carrier account and names carrier and tracking
 * number in its shipped report. No real carrier API is connected yet; a fake tracking number must never reach a
 * customer, so an unknown value (a typo) stops the start instead of leaving parcels unbooked unseen.
 */
@Configuration(proxyBeanMethods = false)
public class ShippingConfiguration {

    static final Set<String> CARRIERS = Set.of("sandbox", "warehouse");

    public ShippingConfiguration(Environment environment) {
        String carrier = environment.getProperty("kontor.shipping.carrier", "warehouse");
        if (!CARRIERS.contains(carrier)) {
            throw new IllegalStateException("kontor.shipping.carrier is '" + carrier + "': it must be one of " + CARRIERS);
        }
    }

    @Bean
    @ConditionalOnProperty(prefix = "kontor.shipping", name = "carrier", havingValue = "sandbox")
    Carrier sandboxCarrier() {
        // numbers continue across restarts: they start from the clock
        return new SandboxCarrier(System.currentTimeMillis() / 1000 * 1000);
    }
}
