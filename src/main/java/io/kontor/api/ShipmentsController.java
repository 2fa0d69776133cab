package io.kontor.api;

import io.kontor.shipping.ShippingLabelPdf;
import io.kontor.shipping.Shipments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

@Tag(name = "Shipments", description = "Parcels, their carrier bookings and labels")
@RestController
@RequestMapping("/api/shipments")
@Validated
public class ShipmentsController {

    private final Shipments shipments;
    private final ShippingLabelPdf labels;

    private final io.kontor.shipping.ShipmentConfirmations confirmations;

    public ShipmentsController(Shipments shipments, ShippingLabelPdf labels, io.kontor.shipping.ShipmentConfirmations confirmations) {
        this.confirmations = confirmations;
        this.shipments = shipments;
        this.labels = labels;
    }

    @Operation(summary = "Shipments, newest first, of one warehouse or all")
    @GetMapping
    public ResponseEntity<List<Map<String, Object>>> list(@RequestParam(required = false) String warehouse,
                                                          @RequestParam(defaultValue = "0") @Min(0) int page,
                                                          @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                                                          @RequestParam(required = false) @Min(1) @Max(500) Integer limit) {
        int n = Paging.size(size, limit);
        return Paging.answer(shipments.list(warehouse, n, (long) page * n), shipments.count(warehouse), page, n);
    }

    @Operation(summary = "Shipped parcels their channel has not confirmed yet, shipped longer ago than olderThan (ISO-8601, default PT24H)")
    @GetMapping("/unconfirmed")
    public ResponseEntity<List<Map<String, Object>>> unconfirmed(@RequestParam(defaultValue = "PT24H") java.time.Duration olderThan,
                                                                 @RequestParam(defaultValue = "0") @Min(0) int page,
                                                                 @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int size,
                                                                 @RequestParam(required = false) @Min(1) @Max(1000) Integer limit) {
        int n = Paging.size(size, limit);
        return Paging.answer(shipments.unconfirmed(olderThan, n, (long) page * n), shipments.countUnconfirmed(olderThan), page, n);
    }

    @Operation(summary = "The warehouse reports the parcel gone (admin); repeating it changes nothing. A parcel the hub did not book"
            + " leaves with the carrier and tracking number the warehouse booked it with")
    @org.springframework.web.bind.annotation.PostMapping("/{id}/shipped")
    public Map<String, Object> shipped(@PathVariable UUID id,
                                       @org.springframework.web.bind.annotation.RequestBody(required = false) Shipments.Shipped shipped) {
        return shipments.markShipped(id, shipped == null ? Shipments.Shipped.at(null, null) : shipped);
    }

    /** Why a parcel counts as confirmed on its channel without the hub's confirmation. */
    public record ConfirmedByHand(String comment) {
    }

    @Operation(summary = "Mark a shipped parcel as confirmed on its channel by hand (admin), with a comment; no further attempts")
    @org.springframework.web.bind.annotation.PostMapping("/{id}/channel-confirmed")
    public Map<String, Object> confirmedByHand(@PathVariable UUID id, @org.springframework.web.bind.annotation.RequestBody ConfirmedByHand body,
                                               java.security.Principal user) {
        Map<String, Object> current = shipments.find(id).orElseThrow(() -> new NoSuchElementException("No shipment " + id));
        if (!confirmations.confirmedByHand(id, user.getName(), body == null ? null : body.comment())) {
            throw new IllegalStateException("Shipment " + id + " is " + current.get("status")
                    + (current.get("channelConfirmedAt") != null ? ", already confirmed on its channel" : ", not shipped yet"));
        }
        return shipments.find(id).orElseThrow();
    }

    @Operation(summary = "One shipment")
    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable UUID id) {
        return shipments.find(id).orElseThrow(() -> new NoSuchElementException("No shipment " + id));
    }

    @Operation(summary = "The shipment's label as PDF (A6, Code 128 tracking number); 409 while it is not booked")
    @GetMapping(value = "/{id}/label.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    public ResponseEntity<byte[]> label(@PathVariable UUID id) {
        Map<String, Object> s = shipments.find(id).orElseThrow(() -> new NoSuchElementException("No shipment " + id));
        return ResponseEntity.ok().header("Content-Disposition", "inline; filename=\"label-" + s.get("trackingNumber") + ".pdf\"")
                .body(labels.render(s, shipments.warehouse((String) s.get("warehouse"))));
    }
}
