package io.kontor.model;

/** Where a supplier invoice stands in the hub. */
public enum InvoiceStatus {
    /** Read and valid; waits for matching. */
    VALIDATED,
    /** Every line matches its purchase order and what was received, within the supplier's tolerances. */
    MATCHED,
    /** Does not match its purchase orders or receipts; the match reasons say why. Matched again when goods arrive. */
    EXCEPTION,
    /** Read, but a person has to confirm or correct fields first (plain PDFs below the confidence threshold). */
    NEEDS_REVIEW,
    /** Breaks a business rule or cannot be read; {@code rejection} says which and why. Never booked. */
    REJECTED,
    /** The same supplier, number and year as an invoice already taken; never booked twice. */
    DUPLICATE,
    /** Looks like an invoice already taken (same supplier and amount shortly before, or transposed digits): a person decides. */
    DUPLICATE_SUSPECTED
}
