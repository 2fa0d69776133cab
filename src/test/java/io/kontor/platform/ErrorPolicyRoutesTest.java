package io.kontor.platform;

import io.kontor.testing.ParkedMessages;
import io.kontor.testing.RouteHarness;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/error-handling.yaml, the one error policy of every route: bad input quarantined at once, transient faults
 * (I/O, 5xx, 429, Kafka, the database) tried six more times then parked, anything else parked at once; and the
 * fail-fast policy of the webhook routes, whose caller retries: only bad input is taken, the rest goes back.
 */
class ErrorPolicyRoutesTest {

    private final ParkedMessages deadLetters = new ParkedMessages();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Supplier<Exception> failure;

    private RouteHarness harness() throws Exception {
        RouteHarness h = new RouteHarness(Map.of("kontor.retry.first-delay", "1", "kontor.retry.longest-delay", "4"),
                Map.of("deadLetters", deadLetters));
        for (String policy : List.of("kontor-error-handling", "kontor-fail-fast")) {
            h.camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:" + policy).routeConfigurationId(policy).process(e -> {
                        attempts.incrementAndGet();
                        throw failure.get();
                    });
                }
            });
        }
        return h.start();
    }

    private Exchange send(RouteHarness h, String policy, Supplier<Exception> fault) {
        attempts.set(0);
        deadLetters.parked.clear();
        failure = fault;
        return h.send(policy, "body", Map.of());
    }

    @Test
    void badInputIsQuarantinedAtOnceTransientFaultsAreTriedSixTimesMoreEverythingElseIsParked() throws Exception {
        try (RouteHarness h = harness()) {
            assertThat(send(h, "kontor-error-handling", () -> new BadInputException("not an order")).getException()).isNull();
            assertThat(attempts).hasValue(1);
            assertThat(deadLetters.parked).hasSize(1);
            assertThat(deadLetters.cause(0)).isInstanceOf(BadInputException.class);

            for (Supplier<Exception> transientFault : List.<Supplier<Exception>>of(() -> new IOException("connection reset"),
                    () -> new TransientChannelException("throttled"), () -> http(503), () -> http(429),
                    () -> new org.springframework.dao.RecoverableDataAccessException("database restarting"))) {
                assertThat(send(h, "kontor-error-handling", transientFault).getException()).isNull();
                assertThat(attempts).as("%s", transientFault.get()).hasValue(7);
                assertThat(deadLetters.parked).hasSize(1);
            }

            for (Supplier<Exception> refusal : List.<Supplier<Exception>>of(() -> http(404), () -> new IllegalStateException("a bug"))) {
                assertThat(send(h, "kontor-error-handling", refusal).getException()).isNull();
                assertThat(attempts).as("%s is not retried", refusal.get()).hasValue(1);
                assertThat(deadLetters.parked).hasSize(1);
            }
        }
    }

    @Test
    void underTheFailFastPolicyOnlyBadInputIsTakenTheRestGoesBackToTheCaller() throws Exception {
        try (RouteHarness h = harness()) {
            assertThat(send(h, "kontor-fail-fast", () -> new BadInputException("forged")).getException()).isNull();
            assertThat(deadLetters.parked).hasSize(1);

            Exchange failed = send(h, "kontor-fail-fast", () -> new IOException("Kafka is away"));
            assertThat(failed.getException()).isInstanceOf(IOException.class);
            assertThat(attempts).as("the channel delivers again; the hub does not wait").hasValue(1);
            assertThat(deadLetters.parked).isEmpty();
        }
    }

    private static HttpOperationFailedException http(int status) {
        return new HttpOperationFailedException("https://channel.example/api", status, "status " + status, null, Map.of(), "");
    }
}
