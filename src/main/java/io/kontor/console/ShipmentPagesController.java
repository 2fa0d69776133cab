package io.kontor.console;

import io.kontor.shipping.ShipmentConfirmations;
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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/** A shipment its channel has not confirmed: the attempts and the last error; an admin marks it confirmed by hand. */
@Controller
@RequestMapping("/console/shipments")
class ShipmentPagesController {

    private final Shipments shipments;
    private final ShipmentConfirmations confirmations;

    ShipmentPagesController(Shipments shipments, ShipmentConfirmations confirmations) {
        this.shipments = shipments;
        this.confirmations = confirmations;
    }

    @GetMapping("/{id}")
    String shipment(@PathVariable UUID id, Model model) {
        model.addAttribute("shipment", shipments.find(id).orElseThrow(() -> new NoSuchElementException("No shipment " + id)));
        return "console/shipment";
    }

    @PostMapping("/{id}/channel-confirmed")
    String confirmedByHand(@PathVariable UUID id, @RequestParam(required = false) String comment, @RequestParam(defaultValue = "0") long seen,
                           Principal user, RedirectAttributes flash) {
        Decisions.take(flash, user, seen, () -> {
            if (!confirmations.confirmedByHand(id, user.getName(), comment)) {
                throw new IllegalStateException("Shipment " + id + " is not waiting for its channel's confirmation");
            }
        }, "Marked as confirmed on its channel", () -> shipments.find(id).flatMap(ShipmentPagesController::confirmation));
        return "redirect:/console/shipments/" + id;
    }

    private static Optional<Decisions.Decided> confirmation(Map<String, Object> shipment) {
        if (shipment.get("channelConfirmedAt") == null) {
            return Optional.empty();
        }
        Object references = shipment.get("channelReferences");
        String by = references instanceof com.fasterxml.jackson.databind.JsonNode node ? node.path(0).path("confirmedBy").asText("its channel") : "its channel";
        return Optional.of(new Decisions.Decided(by.isEmpty() ? "its channel" : by, ConsoleFormat.instant(shipment.get("channelConfirmedAt")),
                "confirmed on the channel"));
    }
}
