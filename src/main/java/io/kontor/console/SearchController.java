package io.kontor.console;

import io.kontor.invoices.SupplierInvoices;
import io.kontor.orders.OrderSearch;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Finds an order by the number a customer quotes, an invoice by its number or its supplier. */
@Controller
class SearchController {

    private static final int LIMIT = 50;

    private final OrderSearch orders;
    private final SupplierInvoices invoices;

    SearchController(OrderSearch orders, SupplierInvoices invoices) {
        this.orders = orders;
        this.invoices = invoices;
    }

    @GetMapping("/console/search")
    String search(@RequestParam(defaultValue = "") String q, Model model) {
        String query = q.strip();
        model.addAttribute("q", query);
        if (!query.isEmpty()) {
            model.addAttribute("orders", orders.byNumber(query, LIMIT));
            model.addAttribute("invoices", invoices.search(query, LIMIT));
        }
        return "console/search";
    }
}
