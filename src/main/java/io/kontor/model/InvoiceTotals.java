package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;

/** The document totals (BG-22) as the supplier declared them. */
public record InvoiceTotals(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal lineNet,       // BT-106
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal allowances,    // BT-107
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal charges,       // BT-108
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal taxExclusive,  // BT-109
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal tax,           // BT-110
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal taxInclusive,  // BT-112
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal prepaid,       // BT-113
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rounding,      // BT-114
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal payable) {     // BT-115
}
