package io.kontor.shipping;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The carrier parcels are booked with ({@code kontor.shipping.carrier}). Only the sandbox carrier exists so far; with
 * none configured, shipments are created but wait unbooked — a fake tracking number must never reach a customer.
 */
@Configuration(proxyBeanMethods = false)
public class ShippingConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "kontor.shipping", name = "carrier", havingValue = "sandbox")
    Carrier sandboxCarrier() {
        // numbers continue across restarts: they start from the clock
        return new SandboxCarrier(System.currentTimeMillis() / 1000 * 1000);
    }
}
