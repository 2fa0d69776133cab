package io.kontor.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The start page: everything waiting for a person, filterable by workflow; htmx refreshes the rows in place. */
@Controller
class InboxController {

    private final Inbox inbox;
    private final ConsoleProperties properties;

    InboxController(Inbox inbox, ConsoleProperties properties) {
        this.inbox = inbox;
        this.properties = properties;
    }

    @GetMapping("/")
    String inbox(@RequestParam(required = false) String workflow, @RequestParam(defaultValue = "0") int page,
                 @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("inbox", inbox.page(workflow, page, properties.pageSize()));
        model.addAttribute("workflow", workflow == null ? "" : workflow);
        model.addAttribute("now", java.time.Instant.now());
        return htmx != null ? "console/inbox :: rows" : "console/inbox";
    }
}
