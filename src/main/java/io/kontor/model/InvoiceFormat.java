package io.kontor.model;

/** The syntax and carrier an invoice arrived in. */
public enum InvoiceFormat {
    /** ZUGFeRD 1.0 PDF (CrossIndustryDocument). */
    ZUGFERD_1,
    /** ZUGFeRD 2.x / Factur-X PDF, profile MINIMUM or BASIC WL: header data only, not an EN 16931 e-invoice. */
    ZUGFERD_HEADER_ONLY,
    /** ZUGFeRD 2.x / Factur-X PDF, profile BASIC, EN16931, EXTENDED or XRECHNUNG. */
    ZUGFERD_EN16931,
    /** XRechnung in UN/CEFACT CII syntax. */
    XRECHNUNG_CII,
    /** XRechnung in UBL syntax. */
    XRECHNUNG_UBL,
    /** Peppol BIS Billing 3.0 (UBL invoice or credit note). */
    PEPPOL_UBL,
    /** Any other EN 16931 UBL invoice or credit note. */
    EN16931_UBL,
    /** Any other EN 16931 CII invoice (a bare Factur-X XML, for instance). */
    EN16931_CII,
    /** A PDF carrying a UBL invoice as an attachment. */
    PDF_UBL,
    /** EDIFACT INVOIC. */
    EDIFACT_INVOIC,
    /** A PDF without structured data: fields extracted from its text. */
    PDF_TEXT,
    /** The file could not be read as any invoice format. */
    UNREADABLE
}
