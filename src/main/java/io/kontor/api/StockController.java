package io.kontor.api;

import io.kontor.fulfilment.FulfilmentProperties;
import io.kontor.stock.StockLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
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

    @Operation(summary = "Set the counted quantity on hand (admin); backordered orders are tried again within seconds")
    @PutMapping("/{warehouse}/{sku}")
    public LevelView count(@PathVariable String warehouse, @PathVariable String sku, @RequestBody Count count, Principal user) {
        if (fulfilment.warehouses().stream().noneMatch(w -> w.code().equals(warehouse))) {
            throw new IllegalArgumentException("Unknown warehouse " + warehouse);
        }
        if (count.onHand() == null) {
            throw new IllegalArgumentException("onHand is required");
        }
        String note = user.getName() + (count.note() == null || count.note().isBlank() ? "" : ": " + count.note().trim());
        return LevelView.of(ledger.setOnHand(sku, warehouse, count.onHand(), "STOCK_COUNT", note));
    }
}
