package io.kontor.api;

import io.kontor.purchasing.PurchaseOrders;
import io.kontor.purchasing.PurchasingFeed;
import io.kontor.model.GoodsReceipt;
import io.kontor.model.PurchaseOrder;
import io.kontor.platform.BadInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.NoSuchElementException;

@Tag(name = "Purchasing", description = "Purchase orders (ERP) and goods receipts (WMS) that supplier invoices are matched against")
@RestController
public class PurchasingController {

    private final PurchasingFeed feed;
    private final PurchaseOrders orders;

    public PurchasingController(PurchasingFeed feed, PurchaseOrders orders) {
        this.feed = feed;
        this.orders = orders;
    }

    @Operation(summary = "Stores a purchase order (or its new revision: the lines are replaced); excepted invoices of the supplier are matched again")
    @PostMapping("/api/purchase-orders")
    public Map<String, Object> order(@RequestBody PurchaseOrder order) {
        feed.order(order);
        return orders.find(order.number()).orElseThrow();
    }

    @Operation(summary = "One purchase order with ordered, received and invoiced quantities per line")
    @GetMapping("/api/purchase-orders/{number}")
    public Map<String, Object> get(@PathVariable String number) {
        return orders.find(number).orElseThrow(() -> new NoSuchElementException("No purchase order " + number));
    }

    @Operation(summary = "Records a goods receipt once (by its id); invoices waiting for these goods are matched again")
    @PostMapping("/api/goods-receipts")
    public ResponseEntity<Map<String, Object>> receipt(@RequestBody GoodsReceipt receipt) {
        boolean stored = feed.receipt(receipt);
        return ResponseEntity.status(stored ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("id", receipt.id(), "new", stored, "purchaseOrder", orders.find(receipt.purchaseOrder()).orElse(Map.of())));
    }

    @ExceptionHandler(BadInputException.class)
    ProblemDetail refused(BadInputException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
