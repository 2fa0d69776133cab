package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.util.List;

/**
 * An invoice line (BG-25); amounts in the invoice currency. {@code subLines} are the items a line is made of where the
 * format carries them (a kit, a set, a service with its parts): XRechnung's extension (UBL {@code cac:SubInvoiceLine})
 * and Factur-X/ZUGFeRD EXTENDED (CII lines naming a {@code ParentLineID}), nested as deep as the document nests them.
 */
public record InvoiceLine(String id,                                                                  // BT-126
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,           // BT-129
                          String unitCode,                                                            // BT-130 (UN/ECE Rec 20)
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal netAmount,          // BT-131
                          String itemName,                                                            // BT-153
                          String sellerItemId,                                                        // BT-155
                          String buyerItemId,                                                         // BT-156
                          String standardItemId,                                                      // BT-157 (GTIN when scheme 0160)
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal netPrice,           // BT-146
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal priceBaseQuantity,  // BT-149
                          String vatCategory,                                                         // BT-151
                          @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal vatRate,            // BT-152
                          String orderLineReference,                                                  // BT-132
                          List<InvoiceLine> subLines) {          // XRechnung extension BG-DEX-01 (UBL), Factur-X EXTENDED (CII)

    public InvoiceLine {
        subLines = subLines == null ? List.of() : List.copyOf(subLines);
    }

    /** The same line made of {@code parts}. */
    public InvoiceLine withSubLines(List<InvoiceLine> parts) {
        return new InvoiceLine(id, quantity, unitCode, netAmount, itemName, sellerItemId, buyerItemId, standardItemId, netPrice,
                priceBaseQuantity, vatCategory, vatRate, orderLineReference, parts);
    }

    /** A line without sub-lines: what every profile but the extensions carries. */
    public InvoiceLine(String id, BigDecimal quantity, String unitCode, BigDecimal netAmount, String itemName, String sellerItemId,
                       String buyerItemId, String standardItemId, BigDecimal netPrice, BigDecimal priceBaseQuantity,
                       String vatCategory, BigDecimal vatRate, String orderLineReference) {
        this(id, quantity, unitCode, netAmount, itemName, sellerItemId, buyerItemId, standardItemId, netPrice, priceBaseQuantity,
                vatCategory, vatRate, orderLineReference, List.of());
    }
}
