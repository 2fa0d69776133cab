package io.kontor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.model.Channel;
import io.kontor.model.OrderStatus;
import io.kontor.orders.OrderHolds;
import io.kontor.orders.OrderSearch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Tag(name = "Orders", description = "Canonical orders from every channel")
@RestController
@RequestMapping("/api/orders")
@Validated
public class OrdersController {

    private final OrderSearch orders;
    private final OrderHolds holds;
    private final io.kontor.shipping.Shipments shipments;
    private final io.kontor.orders.RegisteredChannels channels;

    public OrdersController(OrderSearch orders, OrderHolds holds, io.kontor.shipping.Shipments shipments,
                            io.kontor.orders.RegisteredChannels channels) {
        this.channels = channels;
        this.orders = orders;
        this.holds = holds;
        this.shipments = shipments;
    }

    /** Which holds to clear (all current ones when empty) and why. */
    public record Release(List<String> codes, String comment) {
    }

    @Operation(summary = "Release holds on an order (admin): recorded with who, when and the comment")
    @PostMapping("/{id}/release")
    public JsonNode release(@PathVariable UUID id, @RequestBody Release release, Principal user) {
        return holds.release(id, release.codes(), user.getName(), release.comment());
    }

    public record OrderPage(List<JsonNode> items, long total, int page, int size) {
    }

    @Operation(summary = "List orders, newest channel change first")
    @GetMapping
    public OrderPage list(@RequestParam(required = false) Channel channel,
                          @RequestParam(required = false) OrderStatus status,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant updatedSince,
                          @RequestParam(defaultValue = "0") @Min(0) int page,
                          @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        if (channel != null) {
            try {
                channels.require(channel);
            } catch (io.kontor.platform.BadInputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        OrderSearch.Page result = orders.search(channel, status, updatedSince, page, size);
        return new OrderPage(result.items(), result.total(), page, size);
    }

    @Operation(summary = "One order with its lines, routing, shipments, its revision and the channel's raw payload")
    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable UUID id) {
        return orders.find(id).map(row -> {
            Map<String, Object> body = new LinkedHashMap<>();
            row.canonical().fields().forEachRemaining(e -> body.put(e.getKey(), e.getValue()));
            body.put("shipments", shipments.ofOrder(id));
            body.put("revision", row.revision());
            body.put("receivedAt", row.receivedAt());
            body.put("storedAt", row.updatedAt());
            body.put("raw", row.raw());
            return ResponseEntity.ok(body);
        }).orElseGet(() -> ResponseEntity.notFound().build());
    }
}
