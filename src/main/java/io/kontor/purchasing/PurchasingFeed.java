package io.kontor.purchasing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.GoodsReceipt;
import io.kontor.model.PurchaseOrder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The ERP's purchase orders and the WMS's goods receipts, from their topics or the API: stored, then announced as a
 * {@link PurchaseOrderChanged} to whoever waits on them (the invoice workflow matches its excepted invoices again: an
 * invoice that waited for its goods matches once they arrive). Listeners run in the caller's thread and transaction.
 */
@Component("purchasingFeed")
public class PurchasingFeed {

    private final PurchaseOrders orders;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;

    public PurchasingFeed(PurchaseOrders orders, ApplicationEventPublisher events, ObjectMapper json) {
        this.orders = orders;
        this.events = events;
        this.json = json;
    }

    public void order(String document) {
        order(read(document, PurchaseOrder.class));
    }

    public void order(PurchaseOrder order) {
        orders.store(order);
        events.publishEvent(new PurchaseOrderChanged(order.number()));
    }

    public void receipt(String document) {
        receipt(read(document, GoodsReceipt.class));
    }

    /** True when the receipt was new (a receipt reported again changes nothing). */
    public boolean receipt(GoodsReceipt receipt) {
        boolean stored = orders.receive(receipt);
        if (stored) {
            events.publishEvent(new PurchaseOrderChanged(receipt.purchaseOrder()));
        }
        return stored;
    }

    private <T> T read(String document, Class<T> type) {
        return io.kontor.platform.JsonColumns.readInput(json, document, type);
    }
}
