package io.kontor.console;

import io.kontor.stock.StockLedger;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.NoSuchElementException;

/** A SKU's stock: on hand, reserved and available per warehouse, and the movements that explain them, newest first. */
@Controller
class StockPagesController {

    private static final int PAGE = 100;

    private final StockLedger ledger;

    StockPagesController(StockLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/console/stock/{sku}")
    String stock(@PathVariable String sku, @RequestParam(defaultValue = "0") int page, Model model) {
        var levels = ledger.levels(sku);
        long movements = ledger.countMovements(sku);
        if (levels.isEmpty() && movements == 0) {
            throw new NoSuchElementException("No stock of " + sku + " in any warehouse");
        }
        int at = Math.max(page, 0);
        model.addAttribute("sku", sku);
        model.addAttribute("levels", levels);
        model.addAttribute("movements", ledger.movements(sku, PAGE, (long) at * PAGE));
        model.addAttribute("total", movements);
        model.addAttribute("page", at);
        model.addAttribute("hasNext", (long) (at + 1) * PAGE < movements);
        return "console/stock";
    }
}
