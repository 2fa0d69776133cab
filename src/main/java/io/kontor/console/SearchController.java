package io.kontor.console;

import io.kontor.invoices.SupplierInvoices;
import io.kontor.orders.OrderSearch;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Finds an order by the number a customer quotes, an invoice by its number or its supplier, a SKU's stock. */
@Controller
class SearchController {

    private static final int LIMIT = 50;

    private final OrderSearch orders;
    private final SupplierInvoices invoices;
    private final io.kontor.stock.StockLedger stock;

    SearchController(OrderSearch orders, SupplierInvoices invoices, io.kontor.stock.StockLedger stock) {
        this.orders = orders;
        this.invoices = invoices;
        this.stock = stock;
    }

    @GetMapping("/console/search")
    String search(@RequestParam(defaultValue = "") String q, Model model) {
        String query = q.strip();
        model.addAttribute("q", query);
        if (!query.isEmpty()) {
            model.addAttribute("orders", orders.byNumber(query, LIMIT));
            model.addAttribute("invoices", invoices.search(query, LIMIT));
            model.addAttribute("stock", stock.levels(query));
        }
        return "console/search";
    }
}
