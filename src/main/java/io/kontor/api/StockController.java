package io.kontor.api;

import io.kontor.fulfilment.FulfilmentProperties;
import io.kontor.stock.StockLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

@Tag(name = "Stock", description = "On hand, reserved and available per SKU and warehouse")
@RestController
@RequestMapping("/api/stock")
@Validated
public class StockController {

    private final StockLedger ledger;
    private final FulfilmentProperties fulfilment;

    public StockController(StockLedger ledger, FulfilmentProperties fulfilment) {
        this.ledger = ledger;
        this.fulfilment = fulfilment;
    }

    public record LevelView(String sku, String warehouse, int onHand, int reserved, int available) {
        static LevelView of(StockLedger.Level l) {
            return new LevelView(l.sku(), l.warehouse(), l.onHand(), l.reserved(), l.available());
        }
    }

    /** A counted quantity on hand and why it changed. */
    public record Count(Integer onHand, String note) {
    }

    @Operation(summary = "Stock levels, of one SKU or all")
    @GetMapping
    public List<LevelView> levels(@RequestParam(required = false) String sku) {
        return ledger.levels(sku).stream().map(LevelView::of).toList();
    }

    @Operation(summary = "The movements of a SKU, newest first: each with its type, location, units, what is behind it and when — "
            + "together they explain every level; paged (X-Total-Count, Link)")
    @GetMapping("/{sku}/movements")
    public ResponseEntity<List<StockLedger.Movement>> movements(@PathVariable String sku,
                                                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return Paging.answer(ledger.movements(sku, size, (long) page * size), ledger.countMovements(sku), page, size);
    }

    /** A correction of the units on hand: signed, with the reason. */
    public record Adjustment(String sku, String location, Integer quantity, String reason) {
    }

    @Operation(summary = "Correct the units on hand of a SKU in a warehouse by a signed quantity, with a reason (admin): 201 with the "
            + "movement; 409 when fewer units would remain than are reserved for orders")
    @PostMapping("/adjustments")
    public ResponseEntity<StockLedger.Movement> adjust(@RequestBody Adjustment adjustment, Principal user) {
        if (adjustment.sku() == null || adjustment.sku().isBlank() || adjustment.quantity() == null) {
            throw new IllegalArgumentException("sku, location, quantity (signed) and reason are required");
        }
        requireWarehouse(adjustment.location());
        StockLedger.Movement movement = ledger.adjust(adjustment.sku().strip(), adjustment.location(), adjustment.quantity(), user.getName(),
                adjustment.reason());
        String movements = "/api/stock/" + java.net.URLEncoder.encode(adjustment.sku().strip(), java.nio.charset.StandardCharsets.UTF_8) + "/movements";
        return ResponseEntity.created(java.net.URI.create(movements)).body(movement);
    }

    private void requireWarehouse(String warehouse) {
        if (fulfilment.warehouses().stream().noneMatch(w -> w.code().equals(warehouse))) {
            throw new IllegalArgumentException("Unknown warehouse " + warehouse);
        }
    }

    @Operation(summary = "Set the counted quantity on hand (admin); backordered orders are tried again within seconds")
    @PutMapping("/{warehouse}/{sku}")
    public LevelView count(@PathVariable String warehouse, @PathVariable String sku, @RequestBody Count count, Principal user) {
        requireWarehouse(warehouse);
        if (count.onHand() == null) {
            throw new IllegalArgumentException("onHand is required");
        }
        String note = user.getName() + (count.note() == null || count.note().isBlank() ? "" : ": " + count.note().trim());
        return LevelView.of(ledger.setOnHand(sku, warehouse, count.onHand(), "STOCK_COUNT", note));
    }
}
