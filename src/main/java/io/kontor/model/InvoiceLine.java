package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;

/** An invoice line (BG-25); amounts in the invoice currency. */
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
                          String orderLineReference) {                                                // BT-132
}
