package io.kontor.console;

import java.util.List;

/**
 * The console's extension point for a workflow's inbox: a Spring bean per workflow (or per kind of item) that lists
 * what waits for a person. The inbox merges all sources, so each must answer its items in the inbox's order —
 * those past their deadline first, then the newest — and from indexed queries: the inbox asks for the first
 * {@code limit} on every page view. See docs/console.md.
 */
public interface InboxSource {

    /** The workflow the items belong to, as the inbox's filter names it ("orders", "invoices" …). */
    String workflow();

    /** How many items wait now. */
    long waiting();

    /** The first {@code limit} items, overdue first, then newest first. */
    List<InboxItem> first(int limit);
}
