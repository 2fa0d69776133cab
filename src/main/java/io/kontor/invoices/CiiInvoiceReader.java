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
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * Reads UN/CEFACT Cross Industry Invoice documents along the EN 16931 CII syntax binding: the D16B schema of
 * ZUGFeRD 2.x, Factur-X and XRechnung CII, and the D13B-era schema of ZUGFeRD 1.0, whose elements carry other names
 * ({@link Dialect}). Amounts are taken as declared.
 */
final class CiiInvoiceReader {

    static final String D16B_ROOT_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    static final String ZF1_ROOT_NS = "urn:ferd:CrossIndustryDocument:invoice:1p0";

    /** The element names that differ between the two CII generations. */
    private record Dialect(XmlPaths xml, String context, String header, String transaction, String agreement,
                           String settlement, String summation, String lineAgreement, String lineDelivery,
                           String lineSettlement, String rate, String orderId) {
    }

    private static final Dialect D16B = new Dialect(
            new XmlPaths(Map.of("rsm", D16B_ROOT_NS,
                    "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
                    "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100")),
            "rsm:ExchangedDocumentContext", "rsm:ExchangedDocument", "rsm:SupplyChainTradeTransaction",
            "ram:ApplicableHeaderTradeAgreement", "ram:ApplicableHeaderTradeSettlement",
            "ram:SpecifiedTradeSettlementHeaderMonetarySummation", "ram:SpecifiedLineTradeAgreement",
            "ram:SpecifiedLineTradeDelivery", "ram:SpecifiedLineTradeSettlement", "ram:RateApplicablePercent",
            "ram:IssuerAssignedID");

    private static final Dialect ZF1 = new Dialect(
            new XmlPaths(Map.of("rsm", ZF1_ROOT_NS,
                    "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
                    "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15")),
            "rsm:SpecifiedExchangedDocumentContext", "rsm:HeaderExchangedDocument", "rsm:SpecifiedSupplyChainTradeTransaction",
            "ram:ApplicableSupplyChainTradeAgreement", "ram:ApplicableSupplyChainTradeSettlement",
            "ram:SpecifiedTradeSettlementMonetarySummation", "ram:SpecifiedSupplyChainTradeAgreement",
            "ram:SpecifiedSupplyChainTradeDelivery", "ram:SpecifiedSupplyChainTradeSettlement", "ram:ApplicablePercent",
            "ram:ID");

    static Invoice read(Element root) {
        Dialect d = ZF1_ROOT_NS.equals(root.getNamespaceURI()) ? ZF1 : D16B;
        XmlPaths x = d.xml;
        Element header = x.first(root, d.header);
        Element transaction = x.first(root, d.transaction);
        Element agreement = x.first(transaction, d.agreement);
        Element settlement = x.first(transaction, d.settlement);
        Element summation = x.first(settlement, d.summation);
        String currency = x.text(settlement, "ram:InvoiceCurrencyCode");
        String specification = x.text(root, d.context + "/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID");

        Element means = x.first(settlement, "ram:SpecifiedTradeSettlementPaymentMeans");
        Element terms = x.first(settlement, "ram:SpecifiedTradePaymentTerms");

        List<AllowanceCharge> allowancesCharges = new ArrayList<>();
        for (Element ac : x.all(settlement, "ram:SpecifiedTradeAllowanceCharge")) {
            allowancesCharges.add(new AllowanceCharge(
                    "true".equalsIgnoreCase(x.text(ac, "ram:ChargeIndicator/udt:Indicator")),
                    x.decimal(ac, "ram:ActualAmount"), x.decimal(ac, "ram:BasisAmount"), x.decimal(ac, "ram:CalculationPercent"),
                    x.text(ac, "ram:Reason"), x.text(ac, "ram:ReasonCode"),
                    x.text(ac, "ram:CategoryTradeTax/ram:CategoryCode"), x.decimal(ac, "ram:CategoryTradeTax/" + d.rate)));
        }
        // ZUGFeRD 1.0 states shipping as a logistics service charge; EN 16931 knows it as a document-level charge
        for (Element lc : x.all(settlement, "ram:SpecifiedLogisticsServiceCharge")) {
            allowancesCharges.add(new AllowanceCharge(true, x.decimal(lc, "ram:AppliedAmount"), null, null,
                    x.text(lc, "ram:Description"), null,
                    x.text(lc, "ram:AppliedTradeTax/ram:CategoryCode"), x.decimal(lc, "ram:AppliedTradeTax/" + d.rate)));
        }

        List<VatBreakdown> vat = new ArrayList<>();
        for (Element tax : x.all(settlement, "ram:ApplicableTradeTax")) {
            vat.add(new VatBreakdown(x.text(tax, "ram:CategoryCode"), x.decimal(tax, d.rate),
                    x.decimal(tax, "ram:BasisAmount"), x.decimal(tax, "ram:CalculatedAmount"), x.text(tax, "ram:ExemptionReason")));
        }

        // Factur-X/ZUGFeRD EXTENDED: a line naming a ParentLineID is a sub-line of that line, nested under it below
        Map<String, List<InvoiceLine>> childrenOf = new java.util.LinkedHashMap<>();
        List<Map.Entry<String, InvoiceLine>> read = new ArrayList<>();
        for (Element item : x.all(transaction, "ram:IncludedSupplyChainTradeLineItem")) {
            Element lineAgreement = x.first(item, d.lineAgreement);
            Element lineSettlement = x.first(item, d.lineSettlement);
            BigDecimal net = x.decimal(lineSettlement, "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount");
            if (net == null) {
                net = x.decimal(lineSettlement, "ram:SpecifiedTradeSettlementMonetarySummation/ram:LineTotalAmount"); // ZUGFeRD 1.0
            }
            String lineId = x.text(item, "ram:AssociatedDocumentLineDocument/ram:LineID");
            if (lineId == null && net == null) {
                continue; // a text-only line (ZUGFeRD 1.0 allows notes as lines): nothing invoiced
            }
            Element product = x.first(item, "ram:SpecifiedTradeProduct");
            String parent = x.text(item, "ram:AssociatedDocumentLineDocument/ram:ParentLineID");
            read.add(Map.entry(parent == null ? "" : parent, new InvoiceLine(lineId,
                    x.decimal(item, d.lineDelivery + "/ram:BilledQuantity"),
                    x.attribute(item, d.lineDelivery + "/ram:BilledQuantity", "unitCode"),
                    net,
                    x.text(product, "ram:Name"), x.text(product, "ram:SellerAssignedID"), x.text(product, "ram:BuyerAssignedID"),
                    x.text(product, "ram:GlobalID"),
                    x.decimal(lineAgreement, "ram:NetPriceProductTradePrice/ram:ChargeAmount"),
                    x.decimal(lineAgreement, "ram:NetPriceProductTradePrice/ram:BasisQuantity"),
                    x.text(lineSettlement, "ram:ApplicableTradeTax/ram:CategoryCode"),
                    x.decimal(lineSettlement, "ram:ApplicableTradeTax/" + d.rate),
                    x.text(lineAgreement, "ram:BuyerOrderReferencedDocument/ram:LineID"))));
        }
        Set<String> ids = new HashSet<>();
        read.forEach(e -> ids.add(e.getValue().id()));
        for (Map.Entry<String, InvoiceLine> e : read) {
            if (!e.getKey().isEmpty() && ids.contains(e.getKey())) {
                childrenOf.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        List<InvoiceLine> lines = new ArrayList<>();
        for (Map.Entry<String, InvoiceLine> e : read) {
            if (e.getKey().isEmpty() || !ids.contains(e.getKey())) { // a parent that is not in the document: kept on top
                lines.add(nest(e.getValue(), childrenOf, new HashSet<>()));
            }
        }

        InvoiceTotals totals = summation == null ? null : new InvoiceTotals(
                x.decimal(summation, "ram:LineTotalAmount"), x.decimal(summation, "ram:AllowanceTotalAmount"),
                x.decimal(summation, "ram:ChargeTotalAmount"), x.decimal(summation, "ram:TaxBasisTotalAmount"),
                taxTotal(x, summation, currency), x.decimal(summation, "ram:GrandTotalAmount"),
                x.decimal(summation, "ram:TotalPrepaidAmount"), x.decimal(summation, "ram:RoundingAmount"),
                x.decimal(summation, "ram:DuePayableAmount"));

        return new Invoice(null, null, null,
                x.text(header, "ram:ID"),
                XmlPaths.date(x.text(header, "ram:IssueDateTime/udt:DateTimeString"), "IssueDateTime"),
                x.text(header, "ram:TypeCode"),
                currency,
                XmlPaths.date(x.text(terms, "ram:DueDateDateTime/udt:DateTimeString"), "DueDateDateTime"),
                x.text(agreement, "ram:BuyerReference"),
                x.text(agreement, "ram:BuyerOrderReferencedDocument/" + d.orderId),
                x.text(settlement, "ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
                specification,
                party(x, x.first(agreement, "ram:SellerTradeParty")),
                party(x, x.first(agreement, "ram:BuyerTradeParty")),
                party(x, x.first(settlement, "ram:PayeeTradeParty")),
                x.text(terms, "ram:Description"),
                x.text(means, "ram:TypeCode"),
                x.text(means, "ram:PayeePartyCreditorFinancialAccount/ram:IBANID"),
                x.text(means, "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID"),
                lines, allowancesCharges, vat, totals, null, null, null, null, null);
    }

    /** BT-110 is the tax total in the invoice currency; a second TaxTotalAmount may state it in the VAT accounting currency (BT-111). */
    private static BigDecimal taxTotal(XmlPaths x, Element summation, String currency) {
        List<Element> totals = x.all(summation, "ram:TaxTotalAmount");
        for (Element total : totals) {
            String id = total.getAttribute("currencyID");
            if (id.isEmpty() || id.equals(currency)) {
                return XmlPaths.decimalOf(total, "TaxTotalAmount");
            }
        }
        return null;
    }

    private static InvoiceParty party(XmlPaths x, Element party) {
        if (party == null) {
            return null;
        }
        String vatId = null;
        String taxNumber = null;
        for (Element registration : x.all(party, "ram:SpecifiedTaxRegistration/ram:ID")) {
            String scheme = registration.getAttribute("schemeID");
            if ("VA".equals(scheme) && vatId == null) {
                vatId = XmlPaths.text(registration);
            } else if ("FC".equals(scheme) && taxNumber == null) {
                taxNumber = XmlPaths.text(registration);
            }
        }
        Element postal = x.first(party, "ram:PostalTradeAddress");
        Address address = postal == null ? null : new Address(
                nonNull(x.text(postal, "ram:LineOne"), x.text(postal, "ram:LineTwo"), x.text(postal, "ram:LineThree")),
                x.text(postal, "ram:CityName"), null, x.text(postal, "ram:CountrySubDivisionName"), null,
                x.text(postal, "ram:PostcodeCode"), x.text(postal, "ram:CountryID"), null);
        return new InvoiceParty(x.text(party, "ram:Name"),
                x.text(party, "ram:SpecifiedLegalOrganization/ram:TradingBusinessName"),
                vatId, taxNumber,
                x.text(party, "ram:SpecifiedLegalOrganization/ram:ID"),
                x.text(party, "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID"),
                address, x.text(party, "ram:URIUniversalCommunication/ram:URIID"));
    }

    static List<String> nonNull(String... values) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (v != null) {
                kept.add(v);
            }
        }
        return kept;
    }

    private CiiInvoiceReader() {
    }

    /** The line with its sub-lines, and theirs; a cycle of parents (a broken document) stops where it closes. */
    private static InvoiceLine nest(InvoiceLine line, Map<String, List<InvoiceLine>> childrenOf, Set<String> seen) {
        List<InvoiceLine> children = line.id() == null || !seen.add(line.id()) ? List.of() : childrenOf.getOrDefault(line.id(), List.of());
        if (children.isEmpty()) {
            return line;
        }
        return line.withSubLines(children.stream().map(c -> nest(c, childrenOf, seen)).toList());
    }
}
