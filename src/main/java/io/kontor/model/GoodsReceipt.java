package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a warehouse received against a purchase order, as its WMS reports it ({@code id} is the WMS's receipt number,
 * so a report sent twice counts once). A line names the purchase order line it fills; a negative quantity is a
 * return to the supplier.
 */
public record GoodsReceipt(String id, String purchaseOrder, String warehouse, Instant receivedAt, List<Line> lines) {

    public GoodsReceipt {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public record Line(int purchaseOrderLine, String sku, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity) {
    }
}
