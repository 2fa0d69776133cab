package io.kontor.console;

import io.kontor.platform.DeadLetter;
import io.kontor.platform.DeadLetters;
import org.springframework.stereotype.Component;

import java.util.List;

/** Input quarantined or messages whose retries ran out, until replayed. */
@Component
class DeadLettersInbox implements InboxSource {

    private final DeadLetters deadLetters;

    DeadLettersInbox(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public String workflow() {
        return "integration";
    }

    @Override
    public long waiting() {
        return deadLetters.count(DeadLetter.Status.PARKED);
    }

    @Override
    public List<InboxItem> first(int limit) {
        return deadLetters.list(DeadLetter.Status.PARKED, limit, 0).stream().map(d -> new InboxItem(workflow(), "dead letter",
                d.routeId() + (d.messageKey() == null ? "" : " · " + d.messageKey()), d.reason(), d.createdAt(), null,
                "/console/dead-letters/" + d.id())).toList();
    }
}
