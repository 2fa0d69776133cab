package io.kontor.model;

import java.util.Set;

/**
 * What a document's type code (BT-3, UNTDID 1001 as EN 16931 allows it) asks of the buyer's books. Everything not
 * named here (380 commercial invoice, 383 debit note, 326 partial invoice, 875–877 construction invoices, …) is an
 * ordinary {@link #INVOICE}.
 */
public enum InvoiceKind {
    /** To be matched, approved and paid. */
    INVOICE,
    /** Reduces what is owed: matched back against what it credits, netted in the payment run. */
    CREDIT_NOTE,
    /** 384: replaces the invoice it names (BT-25) — which must then not be paid as well. */
    CORRECTED_INVOICE,
    /** 389, 527: written by the buyer on the seller's behalf; booked like an invoice. */
    SELF_BILLED_INVOICE,
    /** 386: asks for payment before delivery, so it is checked against the order, not against goods received. */
    PREPAYMENT_INVOICE,
    /** 751: information for the books that asks for no payment ("not an invoice"): kept, never booked as a payable. */
    ACCOUNTING_INFORMATION;

    private static final Set<String> CREDIT_NOTES = Set.of("81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532");

    public static InvoiceKind of(String typeCode) {
        if (typeCode == null) {
            return INVOICE;
        }
        if (CREDIT_NOTES.contains(typeCode)) {
            return CREDIT_NOTE;
        }
        return switch (typeCode) {
            case "384" -> CORRECTED_INVOICE;
            case "389", "527" -> SELF_BILLED_INVOICE;
            case "386" -> PREPAYMENT_INVOICE;
            case "751" -> ACCOUNTING_INFORMATION;
            default -> INVOICE;
        };
    }
}
