package io.kontor.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.fulfilment.OrderAllocation;
import io.kontor.orders.OrderHolds;
import io.kontor.orders.OrderSearch;
import io.kontor.shipping.Shipments;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** An order: its lines, addresses, routing, holds, shipments and versions; an admin releases holds with a comment. */
@Controller
@RequestMapping("/console/orders")
class OrderPagesController {

    private final OrderSearch orders;
    private final OrderHolds holds;
    private final Shipments shipments;
    private final ObjectMapper json;

    OrderPagesController(OrderSearch orders, OrderHolds holds, Shipments shipments, ObjectMapper json) {
        this.orders = orders;
        this.holds = holds;
        this.shipments = shipments;
        this.json = json;
    }

    @GetMapping("/{id}")
    String order(@PathVariable UUID id, Model model) throws Exception {
        OrderSearch.OrderRow row = orders.find(id).orElseThrow(() -> new NoSuchElementException("No order " + id));
        model.addAttribute("id", id);
        model.addAttribute("order", json.convertValue(row.canonical(), Map.class));
        model.addAttribute("revision", row.revision());
        model.addAttribute("receivedAt", row.receivedAt());
        model.addAttribute("stockHolds", OrderAllocation.STOCK_HOLDS);
        model.addAttribute("shipments", shipments.ofOrder(id));
        model.addAttribute("versions", orders.versions(id));
        model.addAttribute("raw", json.writerWithDefaultPrettyPrinter().writeValueAsString(row.raw()));
        return "console/order";
    }

    @PostMapping("/{id}/release")
    String release(@PathVariable UUID id, @RequestParam(required = false) List<String> codes, @RequestParam(required = false) String comment,
                   @RequestParam(defaultValue = "0") long seen, Principal user, RedirectAttributes flash) {
        Decisions.take(flash, user, seen, () -> {
            if (codes == null || codes.isEmpty()) {
                throw new IllegalArgumentException("Tick the holds to release");
            }
            holds.release(id, codes, user.getName(), comment);
        }, "Released " + (codes == null ? "" : String.join(", ", codes)), () -> lastRelease(id));
        return "redirect:/console/orders/" + id;
    }

    private Optional<Decisions.Decided> lastRelease(UUID id) {
        return orders.find(id).flatMap(row -> StreamSupport.stream(row.canonical().path("holdReleases").spliterator(), false)
                .max(Comparator.comparing((JsonNode r) -> r.path("releasedAt").asText()))
                .map(r -> new Decisions.Decided(r.path("releasedBy").asText(), ConsoleFormat.instant(r.path("releasedAt").asText()),
                        "released " + r.path("code").asText() + " (" + r.path("comment").asText() + ")")));
    }
}
