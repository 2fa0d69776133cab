package io.kontor.console;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A person's decision taken from a console page, through the workflow's own service. The page's form says when the
 * page was shown ({@code seen}); when the service refuses because the item has moved on, and the item's last
 * decision came after that, the person is told who decided it and when — the optimistic check a second click meets.
 */
final class Decisions {

    /** Who decided what on an item, and when. */
    record Decided(String who, Instant at, String what) {
    }

    private Decisions() {
    }

    static void take(RedirectAttributes flash, Principal user, long seen, Runnable decision, String done, Supplier<Optional<Decided>> last) {
        try {
            decision.run();
            flash.addFlashAttribute("notice", done);
        } catch (IllegalStateException | NoSuchElementException | IllegalArgumentException | SecurityException e) {
            Optional<Decided> decided = last.get().filter(d -> d.at() != null && d.at().toEpochMilli() > seen);
            flash.addFlashAttribute("refused", decided.map(d -> "Already decided by " + (d.who().equals(user.getName()) ? "you" : d.who())
                    + " at " + ConsoleFormat.time(d.at()) + ": " + d.what() + ". Nothing was changed.").orElse(e.getMessage()));
        }
    }
}
