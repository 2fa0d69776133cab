package io.kontor.console;

import java.time.Instant;

/**
 * One thing waiting for a person, as the inbox lists it.
 *
 * @param workflow the workflow it belongs to (the inbox's filter)
 * @param kind     what kind of decision it needs ("held order", "review", "approval" …)
 * @param title    which item it is, in the words of the people who decide (order number, invoice number and supplier)
 * @param why      why it waits: the hold reasons, the rule, the match exception with its numbers, the band and deadline
 * @param since    since when it waits
 * @param due      when it must be decided by, if there is a deadline
 * @param link     the console page where it is decided
 */
public record InboxItem(String workflow, String kind, String title, String why, Instant since, Instant due, String link) {

    public boolean overdue(Instant now) {
        return due != null && due.isBefore(now);
    }
}
