package io.kontor.invoices;

import io.kontor.model.Address;
import io.kontor.model.Invoice;
import io.kontor.model.Invoice.AllowanceCharge;
import io.kontor.model.Invoice.VatBreakdown;
import io.kontor.model.InvoiceLine;
import io.kontor.model.InvoiceParty;
import io.kontor.model.InvoiceTotals;
import org.w3c.dom.Element;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads UBL 2.1 Invoice and CreditNote documents along the EN 16931 UBL syntax binding (XRechnung UBL, Peppol BIS
 * Billing 3.0). The seller's name is the legal registration name (BT-27), not the trading name beside it — a reader
 * that takes {@code PartyName} gets the wrong one on many real invoices.
 */
final class UblInvoiceReader {

    static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

    private static final XmlPaths X = new XmlPaths(Map.of(
            "cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
            "cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"));

    static Invoice read(Element root) {
        boolean creditNote = CREDIT_NOTE_NS.equals(root.getNamespaceURI());
        String currency = X.text(root, "cbc:DocumentCurrencyCode");
        Element means = X.first(root, "cac:PaymentMeans");

        List<AllowanceCharge> allowancesCharges = new ArrayList<>();
        for (Element ac : X.all(root, "cac:AllowanceCharge")) {
            allowancesCharges.add(new AllowanceCharge(
                    "true".equalsIgnoreCase(X.text(ac, "cbc:ChargeIndicator")),
                    X.decimal(ac, "cbc:Amount"), X.decimal(ac, "cbc:BaseAmount"), X.decimal(ac, "cbc:MultiplierFactorNumeric"),
                    X.text(ac, "cbc:AllowanceChargeReason"), X.text(ac, "cbc:AllowanceChargeReasonCode"),
                    X.text(ac, "cac:TaxCategory/cbc:ID"), X.decimal(ac, "cac:TaxCategory/cbc:Percent")));
        }

        Element taxTotal = taxTotalInDocumentCurrency(root, currency);
        List<VatBreakdown> vat = new ArrayList<>();
        for (Element sub : X.all(taxTotal, "cac:TaxSubtotal")) {
            vat.add(new VatBreakdown(X.text(sub, "cac:TaxCategory/cbc:ID"), X.decimal(sub, "cac:TaxCategory/cbc:Percent"),
                    X.decimal(sub, "cbc:TaxableAmount"), X.decimal(sub, "cbc:TaxAmount"),
                    X.text(sub, "cac:TaxCategory/cbc:TaxExemptionReason")));
        }

        List<InvoiceLine> lines = new ArrayList<>();
        for (Element line : X.all(root, creditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine")) {
            lines.add(line(line, creditNote));
        }

        Element monetary = X.first(root, "cac:LegalMonetaryTotal");
        InvoiceTotals totals = monetary == null ? null : new InvoiceTotals(
                X.decimal(monetary, "cbc:LineExtensionAmount"), X.decimal(monetary, "cbc:AllowanceTotalAmount"),
                X.decimal(monetary, "cbc:ChargeTotalAmount"), X.decimal(monetary, "cbc:TaxExclusiveAmount"),
                X.decimal(taxTotal, "cbc:TaxAmount"), X.decimal(monetary, "cbc:TaxInclusiveAmount"),
                X.decimal(monetary, "cbc:PrepaidAmount"), X.decimal(monetary, "cbc:PayableRoundingAmount"),
                X.decimal(monetary, "cbc:PayableAmount"));

        String dueDate = creditNote ? null : X.text(root, "cbc:DueDate");
        if (dueDate == null) {
            dueDate = X.text(means, "cbc:PaymentDueDate"); // where CreditNote keeps it, and plain UBL 2.1 invoices often do
        }
        return new Invoice(null, null, null,
                X.text(root, "cbc:ID"),
                XmlPaths.date(X.text(root, "cbc:IssueDate"), "IssueDate"),
                X.text(root, creditNote ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode"),
                currency,
                XmlPaths.date(dueDate, "DueDate"),
                X.text(root, "cbc:BuyerReference"),
                X.text(root, "cac:OrderReference/cbc:ID"),
                X.text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
                X.text(root, "cbc:CustomizationID"),
                party(X.first(root, "cac:AccountingSupplierParty/cac:Party")),
                party(X.first(root, "cac:AccountingCustomerParty/cac:Party")),
                party(X.first(root, "cac:PayeeParty")),
                X.text(root, "cac:PaymentTerms/cbc:Note"),
                X.text(means, "cbc:PaymentMeansCode"),
                X.text(means, "cac:PayeeFinancialAccount/cbc:ID"),
                X.text(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID"),
                lines, allowancesCharges, vat, totals, null, null, null, null, null);
    }

    /** The TaxTotal in the document currency (BT-110 with its breakdown); another one may state the tax in the VAT accounting currency. */
    /** A line with its sub-lines (XRechnung extension: cac:SubInvoiceLine, nested as deep as the document nests them). */
    private static InvoiceLine line(Element line, boolean creditNote) {
        String quantity = creditNote ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity";
        List<InvoiceLine> subLines = new ArrayList<>();
        for (Element sub : X.all(line, creditNote ? "cac:SubCreditNoteLine" : "cac:SubInvoiceLine")) {
            subLines.add(line(sub, creditNote));
        }
        return new InvoiceLine(X.text(line, "cbc:ID"),
                X.decimal(line, quantity), X.attribute(line, quantity, "unitCode"),
                X.decimal(line, "cbc:LineExtensionAmount"),
                X.text(line, "cac:Item/cbc:Name"),
                X.text(line, "cac:Item/cac:SellersItemIdentification/cbc:ID"),
                X.text(line, "cac:Item/cac:BuyersItemIdentification/cbc:ID"),
                X.text(line, "cac:Item/cac:StandardItemIdentification/cbc:ID"),
                X.decimal(line, "cac:Price/cbc:PriceAmount"),
                X.decimal(line, "cac:Price/cbc:BaseQuantity"),
                X.text(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:ID"),
                X.decimal(line, "cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"),
                X.text(line, "cac:OrderLineReference/cbc:LineID"),
                subLines);
    }

    private static Element taxTotalInDocumentCurrency(Element root, String currency) {
        Element fallback = null;
        for (Element total : X.all(root, "cac:TaxTotal")) {
            String id = X.attribute(total, "cbc:TaxAmount", "currencyID");
            if (id == null || id.equals(currency)) {
                return total;
            }
            fallback = fallback == null ? total : fallback;
        }
        return fallback;
    }

    private static InvoiceParty party(Element party) {
        if (party == null) {
            return null;
        }
        String vatId = null;
        String taxNumber = null;
        for (Element scheme : X.all(party, "cac:PartyTaxScheme")) {
            if ("VAT".equalsIgnoreCase(X.text(scheme, "cac:TaxScheme/cbc:ID"))) {
                vatId = vatId == null ? X.text(scheme, "cbc:CompanyID") : vatId;
            } else {
                taxNumber = taxNumber == null ? X.text(scheme, "cbc:CompanyID") : taxNumber;
            }
        }
        String tradingName = X.text(party, "cac:PartyName/cbc:Name");
        String legalName = X.text(party, "cac:PartyLegalEntity/cbc:RegistrationName");
        Element postal = X.first(party, "cac:PostalAddress");
        Address address = postal == null ? null : new Address(
                CiiInvoiceReader.nonNull(X.text(postal, "cbc:StreetName"), X.text(postal, "cbc:AdditionalStreetName"),
                        X.text(postal, "cac:AddressLine/cbc:Line")),
                X.text(postal, "cbc:CityName"), null, X.text(postal, "cbc:CountrySubentity"), null,
                X.text(postal, "cbc:PostalZone"), X.text(postal, "cac:Country/cbc:IdentificationCode"), null);
        return new InvoiceParty(legalName != null ? legalName : tradingName, tradingName, vatId, taxNumber,
                X.text(party, "cac:PartyLegalEntity/cbc:CompanyID"),
                X.text(party, "cac:Contact/cbc:ElectronicMail"),
                address, X.text(party, "cbc:EndpointID"));
    }

    private UblInvoiceReader() {
    }
}
