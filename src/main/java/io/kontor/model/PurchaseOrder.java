package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A purchase order as the ERP issued it to a supplier: what invoices are matched against. {@code number} is the
 * reference the supplier quotes on its invoice (BT-13); {@code supplierVatId} identifies the supplier as its
 * invoices do (BT-31). Prices are net, in {@code currency}, per {@code priceBaseQuantity} units (default 1).
 * {@code deliverTo} is the warehouse the goods are to arrive at (optional): what is still to come counts as its inbound stock.
 */
public record PurchaseOrder(String number, String supplierVatId, String supplierName, String currency, LocalDate orderedAt,
                            List<Line> lines, String deliverTo) {

    public PurchaseOrder {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public PurchaseOrder(String number, String supplierVatId, String supplierName, String currency, LocalDate orderedAt, List<Line> lines) {
        this(number, supplierVatId, supplierName, currency, orderedAt, lines, null);
    }

    public record Line(int lineNo, String sku, String description,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice) {
    }
}
