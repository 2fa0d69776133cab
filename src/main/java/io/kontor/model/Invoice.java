package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A supplier invoice or credit note on the EN 16931 semantic model, whatever syntax it came in (CII, UBL, a
 * ZUGFeRD/Factur-X PDF, EDIFACT, a plain PDF). Field names follow the business terms (BT-n in the comments); all
 * amounts are in {@link #currency} (BT-5) as declared by the supplier, never recalculated, so that the validation
 * can compare them. {@code id}, {@code status}, {@code rejection} and the timestamps are the hub's, not the document's.
 */
public record Invoice(UUID id, InvoiceStatus status, InvoiceFormat format,
                      String number,                   // BT-1
                      LocalDate issueDate,             // BT-2
                      String typeCode,                 // BT-3 (380 invoice, 381 credit note, 384 corrected, 389 self-billed)
                      String currency,                 // BT-5
                      LocalDate dueDate,               // BT-9
                      String buyerReference,           // BT-10 (the Leitweg-ID in German public procurement)
                      String purchaseOrderReference,   // BT-13
                      String precedingInvoiceReference, // BT-25
                      String specification,            // BT-24, the CIUS or profile the document claims
                      InvoiceParty seller,             // BG-4
                      InvoiceParty buyer,              // BG-7
                      InvoiceParty payee,              // BG-10
                      String paymentTerms,             // BT-20
                      String paymentMeansCode,         // BT-81
                      String iban,                     // BT-84
                      String bic,                      // BT-86
                      List<InvoiceLine> lines,         // BG-25
                      List<AllowanceCharge> allowancesCharges, // BG-20, BG-21
                      List<VatBreakdown> vatBreakdown, // BG-23
                      InvoiceTotals totals,            // BG-22
                      Rejection rejection,
                      SourceDocument sourceDocument,
                      UUID duplicateOf,
                      Instant receivedAt,
                      List<Extension> extensions) {    // what the document carries and no term above holds

    public Invoice {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        lines = lines == null ? List.of() : List.copyOf(lines);
        allowancesCharges = allowancesCharges == null ? List.of() : List.copyOf(allowancesCharges);
        vatBreakdown = vatBreakdown == null ? List.of() : List.copyOf(vatBreakdown);
    }

    /** Credit notes (381, and the other credit types EN 16931 lists) reduce what is owed to the supplier. */
    @JsonIgnore
    public boolean isCreditNote() {
        return isCreditNoteType(typeCode);
    }

    public static boolean isCreditNoteType(String typeCode) {
        return InvoiceKind.of(typeCode) == InvoiceKind.CREDIT_NOTE;
    }

    /** What its type code asks of the books. */
    public InvoiceKind kind() {
        return InvoiceKind.of(typeCode);
    }

    public Invoice withFormat(InvoiceFormat newFormat) {
        return new Invoice(id, status, newFormat, number, issueDate, typeCode, currency, dueDate, buyerReference,
                purchaseOrderReference, precedingInvoiceReference, specification, seller, buyer, payee, paymentTerms,
                paymentMeansCode, iban, bic, lines, allowancesCharges, vatBreakdown, totals, rejection, sourceDocument,
                duplicateOf, receivedAt, extensions);
    }

    /** The same invoice keeping {@code kept}: the document's content no term of the model holds. */
    public Invoice withExtensions(List<Extension> kept) {
        return new Invoice(id, status, format, number, issueDate, typeCode, currency, dueDate, buyerReference,
                purchaseOrderReference, precedingInvoiceReference, specification, seller, buyer, payee, paymentTerms,
                paymentMeansCode, iban, bic, lines, allowancesCharges, vatBreakdown, totals, rejection, sourceDocument,
                duplicateOf, receivedAt, kept);
    }

    public Invoice withStatus(InvoiceStatus newStatus) {
        return captured(id, newStatus, rejection, sourceDocument, duplicateOf, receivedAt);
    }

    public Invoice captured(UUID newId, InvoiceStatus newStatus, Rejection why, SourceDocument source, UUID original, Instant at) {
        return new Invoice(newId, newStatus, format, number, issueDate, typeCode, currency, dueDate, buyerReference,
                purchaseOrderReference, precedingInvoiceReference, specification, seller, buyer, payee, paymentTerms,
                paymentMeansCode, iban, bic, lines, allowancesCharges, vatBreakdown, totals, why, source, original, at, extensions);
    }

    /**
     * Content of the source document that no term of the model holds (a line note, an invoice period, a contact's
     * fax number, …), kept with its place in the document so that nothing is dropped silently.
     */
    public record Extension(String path, String value) {
    }

    /** A document-level allowance ({@code charge == false}, BG-20) or charge ({@code charge == true}, BG-21). */
    public record AllowanceCharge(boolean charge,
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,      // BT-92 / BT-99
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal baseAmount,  // BT-93 / BT-100
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal percentage,  // BT-94 / BT-101
                                  String reason, String reasonCode,
                                  String vatCategory,                                                  // BT-95 / BT-102
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal vatRate) {   // BT-96 / BT-103
    }

    /** One VAT category and rate of the document (BG-23). */
    public record VatBreakdown(String category,                                                        // BT-118
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate,           // BT-119
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal taxableAmount,  // BT-116
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal taxAmount,      // BT-117
                               String exemptionReason) {                                               // BT-120
    }

    /** Why the hub refused the invoice: the business rule (EN 16931 BR-*, XRechnung BR-DE-*, or the hub's KONTOR-*) and what is wrong. */
    public record Rejection(String rule, String message) {
    }

    /** The original file, archived unchanged. */
    public record SourceDocument(String sha256, String fileName, String mediaType, long sizeBytes, String channel) {
    }
}
