package io.kontor.invoices;

import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Line;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Spec;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Supplier;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Invoices of a made-up supplier, written by the sandbox's Mustang factory, for tests that must not depend on the corpus. */
public final class SupplierInvoicesFixture {

    public static final Supplier PAPER = new Supplier("Papier Müller GmbH", "DE123456788", "Lieferantenstraße 20", "80333",
            "München", "DE", "DE89370400440532013000", "COBADEFFXXX", "rechnung@papier-mueller.example");

    public static Spec invoice(String number, LocalDate issued, String purchaseOrder) {
        return invoice(number, issued, purchaseOrder, 20);
    }

    /** 529.87 EUR to pay with 20 dividers; each divider more adds 11.78. */
    public static Spec invoice(String number, LocalDate issued, String purchaseOrder, int dividers) {
        return new Spec(number, issued, 30, PAPER, "KONTOR-AP-1", purchaseOrder, List.of(
                new Line("TB100A4", "Trennblätter A4", BigDecimal.valueOf(dividers), new BigDecimal("9.90"), new BigDecimal("19")),
                new Line("ARNR2", "Kopierpapier A4 500 Blatt", new BigDecimal("50"), new BigDecimal("5.50"), new BigDecimal("7"))), false);
    }

    public static byte[] xml(String number, LocalDate issued) {
        return SupplierInvoiceFactory.xrechnungCii(invoice(number, issued, "PO-4711"));
    }

    /**
     * The invoice under another type code (BT-3) and, for a correction, naming the invoice it corrects (BT-25/BT-26):
     * Mustang writes 380 or 381 for the sandbox, so the test edits what the supplier's software would have written.
     */
    public static byte[] retyped(byte[] xrechnungCii, String typeCode, String precedingNumber, LocalDate precedingDate) {
        String xml = new String(xrechnungCii, java.nio.charset.StandardCharsets.UTF_8)
                .replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>" + typeCode + "</ram:TypeCode>");
        if (precedingNumber != null) {
            xml = xml.replace("</ram:SpecifiedTradeSettlementHeaderMonetarySummation>", "</ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
                    + "<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>" + precedingNumber + "</ram:IssuerAssignedID>"
                    + "<ram:FormattedIssueDateTime><qdt:DateTimeString format=\"102\">"
                    + precedingDate.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                    + "</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>");
        }
        return xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private SupplierInvoicesFixture() {
    }
}
