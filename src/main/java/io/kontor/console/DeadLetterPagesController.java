package io.kontor.console;

import io.kontor.platform.DeadLetter;
import io.kontor.platform.DeadLetters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/** A dead letter: why it was parked, the message as it was, and (admin) a replay to where it came from. */
@Controller
@RequestMapping("/console/dead-letters")
class DeadLetterPagesController {

    private final DeadLetters deadLetters;

    DeadLetterPagesController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/{id}")
    String deadLetter(@PathVariable UUID id, Model model) {
        DeadLetter letter = deadLetters.find(id).orElseThrow(() -> new NoSuchElementException("No dead letter " + id));
        model.addAttribute("letter", letter);
        model.addAttribute("payload", letter.payload() == null ? "" : new String(letter.payload(), StandardCharsets.UTF_8));
        return "console/dead-letter";
    }

    @PostMapping("/{id}/replay")
    String replay(@PathVariable UUID id, @RequestParam(defaultValue = "0") long seen, Principal user, RedirectAttributes flash) {
        Decisions.take(flash, user, seen, () -> deadLetters.replay(id, user.getName()), "Replayed to its source",
                () -> deadLetters.find(id).filter(d -> d.replayedBy() != null)
                        .map(d -> new Decisions.Decided(d.replayedBy(), d.replayedAt(), "replayed")).or(Optional::empty));
        return "redirect:/console/dead-letters/" + id;
    }
}
