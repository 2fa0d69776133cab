package io.kontor.console;

import io.kontor.stock.StockLedger;
import io.kontor.stock.StockReconciliation;
import io.kontor.stock.StockSync;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.security.Principal;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A SKU's stock: on hand, reserved, in transit and available per warehouse, the latest transfers, what each channel location should show, was sent,
 * acknowledged and reports itself, the open discrepancies with every system's figure and their resolution, and the
 * movements that explain the levels, newest first.
 */
@Controller
class StockPagesController {

    private static final int PAGE = 100;

    private final StockLedger ledger;
    private final StockSync sync;
    private final StockReconciliation reconciliation;
    private final io.kontor.api.StockVarianceReport variance;
    private final io.kontor.stock.StockTransfers transfers;
    private final io.kontor.stock.HeldStock heldStock;

    StockPagesController(StockLedger ledger, StockSync sync, StockReconciliation reconciliation, io.kontor.api.StockVarianceReport variance,
                         io.kontor.stock.StockTransfers transfers, io.kontor.stock.HeldStock heldStock) {
        this.transfers = transfers;
        this.heldStock = heldStock;
        this.ledger = ledger;
        this.sync = sync;
        this.reconciliation = reconciliation;
        this.variance = variance;
    }

    /** The daily stock variance with the 30 days before it as a chart; the same figures as its JSON, CSV and PDF. */
    @GetMapping("/console/reports/stock-variance")
    String variance(@RequestParam(required = false) @org.springframework.format.annotation.DateTimeFormat(
            iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE) java.time.LocalDate date, Model model) {
        model.addAttribute("report", variance.of(date == null ? java.time.LocalDate.now(java.time.ZoneOffset.UTC) : date));
        return "console/stock-variance";
    }

    @GetMapping("/console/stock/{sku}")
    String stock(@PathVariable String sku, @RequestParam(defaultValue = "0") int page, Model model) {
        var levels = ledger.levels(sku);
        long movements = ledger.countMovements(sku);
        var held = heldStock.of(sku);
        if (levels.isEmpty() && movements == 0 && held.isEmpty()) {
            throw new NoSuchElementException("No stock of " + sku + " in any warehouse");
        }
        int at = Math.max(page, 0);
        model.addAttribute("sku", sku);
        model.addAttribute("levels", levels);
        model.addAttribute("inTransit", transfers.inTransit(sku));
        model.addAttribute("transfers", transfers.transfers(null, sku, 20, 0));
        model.addAttribute("held", held);
        model.addAttribute("channels", sync.channels(sku));
        model.addAttribute("discrepancies", reconciliation.discrepancies(null, sku, 20, 0));
        model.addAttribute("resolutions", StockReconciliation.Resolution.values());
        model.addAttribute("movements", ledger.movements(sku, PAGE, (long) at * PAGE));
        model.addAttribute("total", movements);
        model.addAttribute("page", at);
        model.addAttribute("hasNext", (long) (at + 1) * PAGE < movements);
        return "console/stock";
    }

    /** An admin resolves a discrepancy through the reconciliation's own service; a second click is told who did. */
    @PostMapping("/console/stock/discrepancies/{id}/resolution")
    String resolve(@PathVariable long id, @RequestParam StockReconciliation.Resolution action, @RequestParam(required = false) String comment,
                   @RequestParam(defaultValue = "0") long seen, Principal user, RedirectAttributes flash) {
        StockReconciliation.Discrepancy d = reconciliation.discrepancy(id);
        if (d == null) {
            throw new NoSuchElementException("No discrepancy " + id);
        }
        Decisions.take(flash, user, seen, () -> {
            try {
                reconciliation.resolve(id, action, user.getName(), comment);
            } catch (io.kontor.platform.BadInputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, "Discrepancy resolved: " + action, () -> Optional.ofNullable(reconciliation.discrepancy(id))
                .filter(x -> x.resolvedAt() != null).map(x -> new Decisions.Decided(x.resolvedBy(), x.resolvedAt(), x.resolution())));
        return "redirect:/console/stock/" + java.net.URLEncoder.encode(d.sku(), java.nio.charset.StandardCharsets.UTF_8) + "#discrepancy-" + id;
    }
}
