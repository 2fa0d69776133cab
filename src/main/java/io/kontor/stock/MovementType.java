package io.kontor.stock;

import java.util.Map;

/** What moved stock, as the ledger's movements name it (the journal keeps the reason its writer gave). */
public enum MovementType {
    RECEIPT, RESERVATION, RELEASE, SHIPMENT, RETURN, ADJUSTMENT, COUNT, TRANSFER;

    private static final Map<String, MovementType> BY_REASON = Map.of(
            "GOODS_RECEIPT", RECEIPT, "RESERVED", RESERVATION, "RELEASED", RELEASE, "SHIPPED", SHIPMENT,
            "RETURNED", RETURN, "ADJUSTMENT", ADJUSTMENT, "STOCK_COUNT", COUNT, "TRANSFER", TRANSFER);

    /** The type of a journal entry; a reason the ledger does not know is an adjustment (its reason stays in the note). */
    static MovementType ofReason(String reason) {
        return BY_REASON.getOrDefault(reason, ADJUSTMENT);
    }

    /** Whether the movement is about units reserved for orders rather than units on hand. */
    boolean movesReservations() {
        return this == RESERVATION || this == RELEASE;
    }
}
