package io.kontor.invoices;

import io.kontor.model.Address;
import io.kontor.model.Invoice;
import io.kontor.model.Invoice.AllowanceCharge;
import io.kontor.model.Invoice.VatBreakdown;
import io.kontor.model.InvoiceFormat;
import io.kontor.model.InvoiceLine;
import io.kontor.model.InvoiceParty;
import io.kontor.model.InvoiceTotals;
import io.kontor.platform.BadInputException;
import io.kontor.platform.EdifactInterchange;
import io.kontor.platform.EdifactInterchange.Segment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an EDIFACT INVOIC (D96A, D97B, D14B and the EN 16931 EDIFACT CIUS) into the canonical invoice, segment by
 * segment as StAEDI gives them: BGM, DTM, FTX+DOC, RFF, NAD with its RFF and FII, CUX, PAI, then LIN/PIA/IMD/QTY/
 * MOA+203/PRI/TAX per line, ALC/MOA/TAX for allowances and charges, and after UNS the totals (MOA 79, 389, 176,
 * 388, 9, 113) and the VAT breakdown (TAX with MOA 125 and 124). One invoice per file: an interchange with several
 * INVOIC messages is refused, so each is archived and decided on its own.
 */
final class EdifactInvoiceReader {

    private EdifactInvoiceReader() {
    }

    static Invoice read(byte[] content) {
        EdifactInterchange interchange = EdifactInterchange.read("invoice", content);
        List<List<Segment>> invoices = interchange.messages().stream().filter(m -> "INVOIC".equals(m.get(0).get(2, 1))).toList();
        if (invoices.isEmpty()) {
            throw new BadInputException("the EDIFACT interchange holds no INVOIC message");
        }
        if (invoices.size() > 1 || interchange.messages().size() > 1) {
            throw new BadInputException("the EDIFACT interchange holds " + interchange.messages().size()
                    + " messages; send one invoice per file so each is archived and decided on its own");
        }
        return message(invoices.get(0));
    }

    private static Invoice message(List<Segment> segments) {
        String number = null;
        String typeCode = null;
        LocalDate issued = null;
        LocalDate due = null;
        String specification = null;
        String paymentTerms = null;
        String purchaseOrder = null;
        String preceding = null;
        String currency = null;
        String meansCode = null;
        String iban = null;
        String bic = null;
        Map<String, PartyDraft> parties = new HashMap<>();
        PartyDraft party = null;
        List<InvoiceLine> lines = new ArrayList<>();
        LineDraft line = null;
        List<AllowanceCharge> allowances = new ArrayList<>();
        AllowanceDraft allowance = null;
        List<VatBreakdown> vat = new ArrayList<>();
        TaxDraft tax = null;
        Map<String, BigDecimal> totals = new HashMap<>();
        boolean summary = false;

        for (Segment s : segments) {
            switch (s.tag()) {
                case "BGM" -> {
                    typeCode = s.get(1, 1);
                    number = s.get(2, 1);
                }
                case "DTM" -> {
                    LocalDate date = date(s);
                    switch (String.valueOf(s.get(1, 1))) {
                        case "137", "3" -> issued = issued == null ? date : issued;
                        case "13" -> due = date;
                        default -> {
                            // delivery and period dates are not among the terms the hub keeps
                        }
                    }
                }
                case "FTX" -> {
                    if ("DOC".equals(s.get(1))) {
                        specification = s.get(4, 1);
                    } else if ("AAB".equals(s.get(1)) || "PMT".equals(s.get(1))) {
                        paymentTerms = join(s, 4);
                    }
                }
                case "RFF" -> {
                    String qualifier = s.get(1, 1);
                    String value = s.get(1, 2);
                    if (party != null && !summary && line == null) {
                        switch (String.valueOf(qualifier)) {
                            case "VA" -> party.vatId = value;
                            case "FC" -> party.taxNumber = value;
                            case "GN", "XA" -> party.legalId = value;
                            default -> {
                            }
                        }
                    } else if (line == null && !summary) {
                        if ("ON".equals(qualifier)) {
                            purchaseOrder = value;
                        } else if ("IV".equals(qualifier) || "OI".equals(qualifier)) {
                            preceding = value;
                        }
                    } else if (line != null && "ON".equals(qualifier)) {
                        line.orderLine = s.get(1, 3);
                    }
                }
                case "NAD" -> {
                    party = new PartyDraft();
                    party.name = join(s, 4);
                    party.street = s.get(5, 1);
                    party.city = s.get(6, 1);
                    party.postalCode = s.get(8, 1);
                    party.country = s.get(9, 1);
                    parties.put(String.valueOf(s.get(1)), party);
                }
                case "FII" -> {
                    if ("RB".equals(s.get(1)) && iban == null && s.get(2, 1) != null) {
                        iban = s.get(2, 1).replace(" ", "");
                        bic = s.get(3, 1);
                    }
                }
                case "CTA", "COM" -> {
                    if (party != null && "COM".equals(s.tag()) && "EM".equals(s.get(1, 2))) {
                        party.email = s.get(1, 1);
                    }
                }
                case "CUX" -> currency = currency == null ? s.get(1, 2) : currency;
                case "PAI" -> meansCode = s.get(1, 3);
                case "LIN" -> {
                    if (line != null) {
                        lines.add(line.build());
                    }
                    party = null;
                    allowance = null;
                    line = new LineDraft();
                    line.id = s.get(1);
                    if (s.get(3, 1) != null) {
                        line.item(s.get(3, 1), s.get(3, 2));
                    }
                }
                case "PIA" -> {
                    if (line != null) {
                        line.item(s.get(2, 1), s.get(2, 2));
                    }
                }
                case "IMD" -> {
                    if (line != null && line.name == null) {
                        line.name = s.get(3, 4);
                    }
                }
                case "QTY" -> {
                    if (line != null && ("47".equals(s.get(1, 1)) || "12".equals(s.get(1, 1)) || "46".equals(s.get(1, 1)))) {
                        line.quantity = decimal(s.get(1, 2), "QTY");
                        line.unit = s.get(1, 3);
                    }
                }
                case "PRI" -> {
                    if (line != null && ("AAA".equals(s.get(1, 1)) || "INV".equals(s.get(1, 1)) || "AAB".equals(s.get(1, 1)) && line.price == null)) {
                        line.price = decimal(s.get(1, 2), "PRI");
                        line.priceBase = s.get(1, 5) == null ? null : decimal(s.get(1, 5), "PRI");
                    }
                }
                case "ALC" -> {
                    allowance = new AllowanceDraft();
                    allowance.charge = "C".equals(s.get(1));
                    allowance.reason = s.get(5, 4) != null ? s.get(5, 4) : s.get(5, 1);
                    allowance.reasonCode = s.get(5, 1);
                    if (line == null || summary) {
                        allowances.add(null); // placeholder, filled when its amount is known
                    }
                }
                case "TAX" -> {
                    BigDecimal rate = s.get(5, 4) == null ? null : decimal(s.get(5, 4), "TAX");
                    String category = s.get(6);
                    if (summary) {
                        tax = new TaxDraft(category, rate);
                    } else if (allowance != null && (line == null)) {
                        allowance.category = category;
                        allowance.rate = rate;
                    } else if (line != null) {
                        line.category = category;
                        line.rate = rate;
                    }
                }
                case "MOA" -> {
                    String qualifier = s.get(1, 1);
                    BigDecimal amount = s.get(1, 2) == null ? null : decimal(s.get(1, 2), "MOA+" + qualifier);
                    if (summary && tax != null && ("125".equals(qualifier) || "124".equals(qualifier))) {
                        if ("125".equals(qualifier)) {
                            tax.basis = amount;
                        } else {
                            tax.amount = amount;
                            vat.add(new VatBreakdown(tax.category, tax.rate, tax.basis, tax.amount, null));
                        }
                    } else if (allowance != null && List.of("8", "23", "204", "131").contains(qualifier)) {
                        allowance.amount = amount;
                        if (line == null || summary) {
                            allowances.set(allowances.size() - 1, allowance.build());
                        }
                    } else if (allowance != null && "25".equals(qualifier)) {
                        allowance.base = amount;
                    } else if (summary) {
                        totals.putIfAbsent(qualifier, amount);
                    } else if (line != null && "203".equals(qualifier)) {
                        line.net = amount;
                    }
                }
                case "UNS" -> {
                    if (line != null) {
                        lines.add(line.build());
                        line = null;
                    }
                    summary = true;
                    allowance = null;
                }
                default -> {
                    // segments the EN 16931 terms do not need (UNH, UNT, ALI, LOC, ...)
                }
            }
        }
        if (line != null) {
            lines.add(line.build());
        }
        allowances.removeIf(java.util.Objects::isNull);
        BigDecimal allowanceTotal = totals.get("260");
        BigDecimal chargeTotal = totals.get("259");
        InvoiceTotals sums = new InvoiceTotals(totals.get("79"), allowanceTotal, chargeTotal,
                totals.containsKey("389") ? totals.get("389") : totals.get("125"), totals.get("176"),
                totals.containsKey("388") ? totals.get("388") : totals.get("77"), totals.get("113"), totals.get("165"),
                totals.containsKey("9") ? totals.get("9") : totals.get("39"));
        PartyDraft seller = parties.containsKey("SE") ? parties.get("SE") : parties.get("SU");
        return new Invoice(null, null, InvoiceFormat.EDIFACT_INVOIC, number, issued, typeCode, currency, due, null, purchaseOrder,
                preceding, specification, build(seller), build(parties.get("BY")), build(parties.get("PE")), paymentTerms, meansCode,
                iban, bic, lines, allowances, vat, sums, null, null, null, null, null);
    }

    private static InvoiceParty build(PartyDraft p) {
        if (p == null) {
            return null;
        }
        Address address = new Address(p.street == null ? List.of() : List.of(p.street), p.city, null, null, null, p.postalCode,
                p.country, null);
        return new InvoiceParty(p.name, null, p.vatId, p.taxNumber, p.legalId, p.email, address, null);
    }

    private static String join(Segment s, int element) {
        StringBuilder text = new StringBuilder();
        for (int c = 1; c <= 5; c++) {
            String part = s.get(element, c);
            if (part != null) {
                text.append(text.isEmpty() ? "" : " ").append(part.strip());
            }
        }
        return text.isEmpty() ? null : text.toString();
    }

    private static LocalDate date(Segment dtm) {
        String value = dtm.get(1, 2);
        if (value == null) {
            return null;
        }
        try {
            return "203".equals(dtm.get(1, 3)) || value.length() == 12
                    ? LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE)
                    : LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new BadInputException("DTM+" + dtm.get(1, 1) + " '" + value + "' is not a date in format " + dtm.get(1, 3));
        }
    }

    private static BigDecimal decimal(String value, String where) {
        try {
            return new BigDecimal(value.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new BadInputException(where + " '" + value + "' is not a number");
        }
    }

    private static final class PartyDraft {
        String name;
        String street;
        String city;
        String postalCode;
        String country;
        String vatId;
        String taxNumber;
        String legalId;
        String email;
    }

    private static final class LineDraft {
        String id;
        String name;
        String sellerItem;
        String buyerItem;
        String standardItem;
        BigDecimal quantity;
        String unit;
        BigDecimal net;
        BigDecimal price;
        BigDecimal priceBase;
        String category;
        BigDecimal rate;
        String orderLine;

        void item(String id, String type) {
            if (id == null) {
                return;
            }
            switch (String.valueOf(type)) {
                case "IN" -> buyerItem = id;
                case "SRV", "EN" -> standardItem = id;
                default -> sellerItem = sellerItem == null ? id : sellerItem;
            }
        }

        InvoiceLine build() {
            return new InvoiceLine(id, quantity, unit, net, name, sellerItem, buyerItem, standardItem, price, priceBase, category, rate,
                    orderLine);
        }
    }

    private static final class AllowanceDraft {
        boolean charge;
        BigDecimal amount;
        BigDecimal base;
        String reason;
        String reasonCode;
        String category;
        BigDecimal rate;

        AllowanceCharge build() {
            return new AllowanceCharge(charge, amount, base, null, reason, reasonCode, category, rate);
        }
    }

    private static final class TaxDraft {
        final String category;
        final BigDecimal rate;
        BigDecimal basis;
        BigDecimal amount;

        TaxDraft(String category, BigDecimal rate) {
            this.category = category;
            this.rate = rate;
        }
    }
}
