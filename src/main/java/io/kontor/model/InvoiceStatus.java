package io.kontor.model;

/** Where a supplier invoice stands in the hub. */
public enum InvoiceStatus {
    /** Read and valid; waits for matching. */
    VALIDATED,
    /** Every line matches its purchase order and what was received, within the supplier's tolerances. */
    MATCHED,
    /** Does not match its purchase orders or receipts; the match reasons say why. Matched again when goods arrive. */
    EXCEPTION,
    /** Matched, above the automatic approval limit: waits for an approver of its amount band. */
    AWAITING_APPROVAL,
    /** Approved for payment, automatically (a clean match below the limit) or by an approver. */
    APPROVED,
    /** In a payment run: the pain.001 file with its transfer went to the bank drop. */
    IN_PAYMENT,
    /** Read, but a person has to confirm or correct fields first (plain PDFs below the confidence threshold). */
    NEEDS_REVIEW,
    /** Breaks a business rule or cannot be read, or an approver refused it; the rejection (or the log) says why. Never paid. */
    REJECTED,
    /** The same supplier, number and year as an invoice already taken; never booked twice. */
    DUPLICATE,
    /** Looks like an invoice already taken (same supplier and amount shortly before, or transposed digits): a person decides. */
    DUPLICATE_SUSPECTED,
    /** Replaced by the supplier's corrected invoice (type 384) before it was approved for payment. Never paid. */
    SUPERSEDED,
    /** Information for the books that asks for no payment (type 751): kept and shown, never matched, approved or paid. */
    INFORMATION_ONLY
}
