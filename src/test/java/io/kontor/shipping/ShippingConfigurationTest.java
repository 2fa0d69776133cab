package io.kontor.shipping;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Who books parcels is one of two known answers; a typo stops the start instead of leaving parcels unbooked. */
class ShippingConfigurationTest {

    private final ApplicationContextRunner hub = new ApplicationContextRunner().withUserConfiguration(ShippingConfiguration.class);

    @Test
    void theSandboxCarrierBooksOnlyWhenAskedFor() {
        hub.withPropertyValues("kontor.shipping.carrier=sandbox").run(context -> assertThat(context).hasSingleBean(Carrier.class));
        hub.withPropertyValues("kontor.shipping.carrier=warehouse").run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Carrier.class));
        hub.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Carrier.class));
    }

    @Test
    void anUnknownCarrierStopsTheStart() {
        hub.withPropertyValues("kontor.shipping.carrier=sandox").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("kontor.shipping.carrier is 'sandox'").hasStackTraceContaining("warehouse"));
        hub.withPropertyValues("kontor.shipping.carrier=none").run(context -> assertThat(context).hasFailed());
    }
}
