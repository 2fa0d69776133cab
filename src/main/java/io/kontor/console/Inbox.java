package io.kontor.console;

import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything waiting for a person, from every workflow's {@link InboxSource}: overdue first, then the newest. */
@Service
public class Inbox {

    /** The deepest page the inbox merges (each source is asked for its first page × size items). */
    static final int MAX_PAGE = 100;

    private final List<InboxSource> sources;
    private final Clock clock;

    public Inbox(List<InboxSource> sources, java.util.Optional<Clock> clock) {
        this.sources = sources;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** One page of the inbox, of one workflow or all, with how many wait in each workflow. */
    public record Page(List<InboxItem> items, long total, int page, int size, Map<String, Long> waitingByWorkflow) {

        public long waitingAll() {
            return waitingByWorkflow.values().stream().mapToLong(Long::longValue).sum();
        }

        public boolean hasNext() {
            return (long) (page + 1) * size < total && page < MAX_PAGE;
        }
    }

    public Page page(String workflow, int page, int size) {
        int at = Math.min(Math.max(page, 0), MAX_PAGE);
        Map<String, Long> waiting = new TreeMap<>();
        sources.forEach(s -> waiting.merge(s.workflow(), s.waiting(), Long::sum));
        List<InboxSource> chosen = sources.stream().filter(s -> workflow == null || workflow.isBlank() || s.workflow().equals(workflow)).toList();
        Instant now = clock.instant();
        Comparator<InboxItem> order = Comparator.<InboxItem, Boolean>comparing(i -> !i.overdue(now))
                .thenComparing(InboxItem::since, Comparator.reverseOrder());
        int wanted = (at + 1) * size;
        List<InboxItem> items = chosen.stream().flatMap(s -> s.first(wanted).stream()).sorted(order)
                .skip((long) at * size).limit(size).toList();
        long total = waiting.entrySet().stream().filter(e -> workflow == null || workflow.isBlank() || e.getKey().equals(workflow))
                .mapToLong(Map.Entry::getValue).sum();
        return new Page(items, total, at, size, waiting);
    }
}
