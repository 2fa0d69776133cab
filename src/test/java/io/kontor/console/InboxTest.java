package io.kontor.console;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox merges every workflow's items: overdue first, then the newest; pages without gaps or repeats; filters. */
class InboxTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** A source as the contract asks: its items overdue first, then newest first, the first {@code limit} of them. */
    private record Listed(String workflow, List<InboxItem> items) implements InboxSource {
        @Override
        public long waiting() {
            return items.size();
        }

        @Override
        public List<InboxItem> first(int limit) {
            return items.stream().sorted(Comparator.<InboxItem, Boolean>comparing(i -> !i.overdue(NOW))
                    .thenComparing(InboxItem::since, Comparator.reverseOrder())).limit(limit).toList();
        }
    }

    private static InboxItem item(String workflow, String title, int minutesAgo, Integer dueInMinutes) {
        return new InboxItem(workflow, "kind", title, "why", NOW.minusSeconds(minutesAgo * 60L),
                dueInMinutes == null ? null : NOW.plusSeconds(dueInMinutes * 60L), "/x");
    }

    private final Inbox inbox = new Inbox(List.of(
            new Listed("orders", List.of(item("orders", "o-new", 1, null), item("orders", "o-old", 90, null), item("orders", "o-mid", 30, null))),
            new Listed("invoices", List.of(item("invoices", "i-overdue", 300, -10), item("invoices", "i-due-later", 5, 60),
                    item("invoices", "i-old", 200, null)))),
            Optional.of(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void overdueFirstThenTheNewestAcrossWorkflows() {
        assertThat(inbox.page(null, 0, 10).items()).extracting(InboxItem::title)
                .containsExactly("i-overdue", "o-new", "i-due-later", "o-mid", "o-old", "i-old");
    }

    @Test
    void pagesHoldEveryItemOnceAndSayWhetherMoreFollow() {
        List<String> seen = new ArrayList<>();
        for (int page = 0; ; page++) {
            Inbox.Page p = inbox.page("", page, 4);
            assertThat(p.total()).isEqualTo(6);
            p.items().forEach(i -> seen.add(i.title()));
            if (!p.hasNext()) {
                break;
            }
        }
        assertThat(seen).containsExactly("i-overdue", "o-new", "i-due-later", "o-mid", "o-old", "i-old");
    }

    @Test
    void aWorkflowFilterShowsItsItemsAndItsTotalWhileTheCountsStayForAll() {
        Inbox.Page orders = inbox.page("orders", 0, 10);
        assertThat(orders.items()).extracting(InboxItem::workflow).containsOnly("orders");
        assertThat(orders.total()).isEqualTo(3);
        assertThat(orders.waitingByWorkflow()).containsEntry("orders", 3L).containsEntry("invoices", 3L);
        assertThat(orders.waitingAll()).isEqualTo(6);
        assertThat(inbox.page("nonsense", 0, 10).items()).isEmpty();
    }

    @Test
    void aPageBeyondTheDeepestIsTheDeepest() {
        assertThat(inbox.page(null, Integer.MAX_VALUE, 10).page()).isEqualTo(Inbox.MAX_PAGE);
        assertThat(inbox.page(null, -3, 10).page()).isZero();
    }
}
