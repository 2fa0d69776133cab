package io.kontor.api;

import io.kontor.platform.DeadLetter;
import io.kontor.platform.DeadLetters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Tag(name = "Dead letters", description = "Quarantined input and messages whose retries ran out; replayable")
@RestController
@RequestMapping("/api/dead-letters")
@Validated
public class DeadLettersController {

    private final DeadLetters deadLetters;

    public DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** A dead letter as the API shows it: the payload as text, since every Kontor message is JSON. */
    public record DeadLetterView(UUID id, DeadLetter.Kind kind, DeadLetter.Status status, String routeId, String source,
                                 String messageKey, String reason, String exceptionType, Map<String, String> headers,
                                 String payload, boolean replayable, Instant createdAt, Instant replayedAt, String replayedBy) {
        static DeadLetterView of(DeadLetter d) {
            return new DeadLetterView(d.id(), d.kind(), d.status(), d.routeId(), d.source(), d.messageKey(), d.reason(),
                    d.exceptionType(), d.headers(), d.payload() == null ? null : new String(d.payload(), StandardCharsets.UTF_8),
                    d.replayable(), d.createdAt(), d.replayedAt(), d.replayedBy());
        }
    }

    public record DeadLetterPage(List<DeadLetterView> items, long total) {
    }

    @Operation(summary = "List dead letters, newest first")
    @GetMapping
    public DeadLetterPage list(@RequestParam(required = false) DeadLetter.Status status,
                               @RequestParam(defaultValue = "0") @Min(0) int page,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return new DeadLetterPage(deadLetters.list(status, size, (long) page * size).stream().map(DeadLetterView::of).toList(),
                deadLetters.count(status));
    }

    @Operation(summary = "One dead letter with its original message")
    @GetMapping("/{id}")
    public ResponseEntity<DeadLetterView> get(@PathVariable UUID id) {
        return deadLetters.find(id).map(DeadLetterView::of).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @Operation(summary = "Send a parked message back to its source topic (admin)")
    @PostMapping("/{id}/replay")
    public DeadLetterView replay(@PathVariable UUID id, Principal user) {
        return DeadLetterView.of(deadLetters.replay(id, user.getName()));
    }
}
