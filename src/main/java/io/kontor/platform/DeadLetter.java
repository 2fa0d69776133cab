package io.kontor.platform;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A parked message: quarantined bad input or a message whose retries ran out. */
public record DeadLetter(UUID id, Kind kind, String routeId, String source, String messageKey, String reason,
                         String exceptionType, Map<String, String> headers, byte[] payload, String replayEndpoint,
                         Status status, Instant createdAt, Instant replayedAt, String replayedBy) {

    public enum Kind { QUARANTINE, DEAD_LETTER }

    public enum Status { PARKED, REPLAYED, DISCARDED }

    public boolean replayable() {
        return replayEndpoint != null && payload != null && status == Status.PARKED;
    }
}
