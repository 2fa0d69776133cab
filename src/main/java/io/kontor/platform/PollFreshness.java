package io.kontor.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How current each poller's view of its channel is: the moment up to which its last complete poll read every change,
 * as the gauge {@code kontor.channel.poll.behind} (seconds behind now) per channel, account and stream. It grows
 * when polls fail, and when a channel changes faster than its rate limit lets a poll read (a Shopify backstop at a
 * sales peak); a poll that reads nothing new still moves it. The watermark cannot say this: it is the newest change
 * seen, which stands still in a quiet shop.
 */
@Component
public class PollFreshness {

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<List<String>, AtomicReference<Instant>> readUpTo = new ConcurrentHashMap<>();

    @Autowired
    public PollFreshness(MeterRegistry meters) {
        this(meters, Clock.systemUTC());
    }

    PollFreshness(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    /** The moment up to which this process's polls of the stream read every change, if one began. */
    public Optional<Instant> lastReadUpTo(String channel, String account, String stream) {
        return Optional.ofNullable(readUpTo.get(List.of(channel, account, stream))).map(AtomicReference::get);
    }

    /** Every change up to {@code upTo} has been read (it never moves back); the first call registers the gauge. */
    public void readUpTo(String channel, String account, String stream, Instant upTo) {
        readUpTo.computeIfAbsent(List.of(channel, account, stream), key -> {
            AtomicReference<Instant> known = new AtomicReference<>(upTo);
            Gauge.builder("kontor.channel.poll.behind", known, k -> Duration.between(k.get(), clock.instant()).toMillis() / 1000.0)
                    .description("Seconds between now and the moment up to which the last complete poll read every change")
                    .baseUnit("seconds")
                    .tags("channel", channel, "account", account, "stream", stream)
                    .register(meters);
            return known;
        }).accumulateAndGet(upTo, (a, b) -> a.isAfter(b) ? a : b);
    }
}
