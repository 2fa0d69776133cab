package io.kontor.sandbox.invoices;

import io.kontor.platform.HtmlToPdf;

import static io.kontor.platform.HtmlToPdf.esc;
import org.mustangproject.BankDetails;
import org.mustangproject.Contact;
import org.mustangproject.Invoice;
import org.mustangproject.Item;
import org.mustangproject.Product;
import org.mustangproject.TradeParty;
import org.mustangproject.ZUGFeRD.Profiles;
import org.mustangproject.ZUGFeRD.ZUGFeRD2PullProvider;
import org.mustangproject.ZUGFeRD.ZUGFeRDExporterFromA3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/**
 * Writes the invoices the sandbox's suppliers send: XRechnung 3.0 CII and ZUGFeRD 2.x (EN16931 profile) PDFs, made
 * with Mustang — the library much German invoicing software writes them with — so the hub reads what it would
 * read in production, totals and VAT breakdown included.
 */
public final class SupplierInvoiceFactory {

    /** A supplier as its invoices show it. */
    public record Supplier(String name, String vatId, String street, String postalCode, String city, String country,
                           String iban, String bic, String email) {
    }

    public record Line(String sku, String name, BigDecimal quantity, BigDecimal netPrice, BigDecimal vatRate) {
    }

    /**
     * One invoice. {@code buyerReference} is the retailer's reference for the supplier (XRechnung requires one),
     * {@code purchaseOrder} the order it bills (may be null), {@code prepaid} an amount already paid (may be null).
     */
    public record Spec(String number, LocalDate issueDate, int paymentDays, Supplier supplier, String buyerReference,
                       String purchaseOrder, List<Line> lines, boolean creditNote) {
    }

    /** The retailer the sandbox's suppliers invoice. */
    static final TradeParty RETAILER = new TradeParty("Kontor Retail GmbH", "Hauptstraße 1", "10115", "Berlin", "DE")
            .setEmail("rechnungseingang@kontor-retail.example")
            .addVATID("DE987654321");

    public static byte[] xrechnungCii(Spec spec) {
        ZUGFeRD2PullProvider provider = new ZUGFeRD2PullProvider();
        provider.setProfile(Profiles.getByName("XRechnung"));
        provider.generateXML(invoice(spec));
        return provider.getXML();
    }

    /** A ZUGFeRD 2.x PDF in the EN16931 profile: a readable page for people, the CII inside for machines. */
    public static byte[] zugferdPdf(Spec spec) {
        byte[] page = HtmlToPdf.render(page(spec), "invoice " + spec.number());
        try (ZUGFeRDExporterFromA3 exporter = new ZUGFeRDExporterFromA3().ignorePDFAErrors().load(page)
                .setProducer("Kontor sandbox").setCreator(spec.supplier().name()).setProfile(Profiles.getByName("EN16931"));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            exporter.setTransaction(invoice(spec));
            exporter.export(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not write invoice " + spec.number(), e);
        }
    }

    /**
     * The same invoice as a plain PDF without structured data, the way many small suppliers still send them: German
     * labels, German number and date formats, the IBAN in groups of four. The hub reads it from its text.
     */
    public static byte[] plainPdf(Spec spec) {
        StringBuilder rows = new StringBuilder();
        java.util.Map<BigDecimal, BigDecimal> netByRate = new java.util.TreeMap<>();
        for (Line l : spec.lines()) {
            BigDecimal net = l.quantity().multiply(l.netPrice()).setScale(2, RoundingMode.HALF_UP);
            netByRate.merge(l.vatRate(), net, BigDecimal::add);
            rows.append("<tr><td>").append(esc(l.name())).append("</td><td>").append(l.quantity().stripTrailingZeros().toPlainString())
                    .append("</td><td>").append(german(l.netPrice())).append("</td><td>").append(german(net)).append("</td></tr>");
        }
        BigDecimal net = netByRate.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        StringBuilder vat = new StringBuilder();
        BigDecimal tax = BigDecimal.ZERO;
        for (var rate : netByRate.entrySet()) {
            BigDecimal amount = rate.getValue().multiply(rate.getKey()).movePointLeft(2).setScale(2, RoundingMode.HALF_UP);
            tax = tax.add(amount);
            vat.append("<p>").append(rate.getKey().stripTrailingZeros().toPlainString()).append(" % auf ").append(german(rate.getValue()))
                    .append(" EUR: ").append(german(amount)).append(" EUR</p>");
        }
        Supplier s = spec.supplier();
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("dd.MM.uuuu");
        String page = """
                <html><head><style>body{font-family:sans-serif;font-size:10pt} td{padding:2pt 6pt}</style></head><body>
                <p>%s · %s · %s %s</p><p>USt-IdNr.: %s</p><h2>%s</h2><p>Rechnung Nr. %s</p><p>Datum: %s</p><p>Ihre Bestellung: %s</p>
                <table><tr><th>Artikel</th><th>Menge</th><th>Einzelpreis</th><th>Betrag</th></tr>%s</table>
                <p>Nettobetrag %s EUR</p>%s<p>Umsatzsteuer %s EUR</p><p>Gesamtbetrag %s EUR</p><p>Zahlbar bis %s</p><p>IBAN %s · BIC %s</p></body></html>"""
                .formatted(esc(s.name()), esc(s.street()), s.postalCode(), esc(s.city()),
                        s.vatId().substring(0, 2) + " " + s.vatId().substring(2).replaceAll("(\\d{3})(?=\\d)", "$1 "),
                        spec.creditNote() ? "Gutschrift" : "Rechnung", esc(spec.number()), day.format(spec.issueDate()),
                        spec.purchaseOrder() == null ? "-" : esc(spec.purchaseOrder()), rows, german(net), vat, german(tax), german(net.add(tax)),
                        day.format(spec.issueDate().plusDays(spec.paymentDays())), s.iban().replaceAll("(.{4})(?!$)", "$1 "), s.bic());
        return HtmlToPdf.render(page, "invoice " + spec.number());
    }

    /** 1234.5 → "1.234,50". */
    private static String german(BigDecimal amount) {
        return String.format(java.util.Locale.GERMANY, "%,.2f", amount);
    }

    private static Invoice invoice(Spec spec) {
        Supplier s = spec.supplier();
        Invoice invoice = new Invoice()
                .setNumber(spec.number())
                .setIssueDate(date(spec.issueDate()))
                .setDueDate(date(spec.issueDate().plusDays(spec.paymentDays())))
                .setDeliveryDate(date(spec.issueDate()))
                .setCurrency("EUR")
                .setReferenceNumber(spec.buyerReference())
                .setPaymentTermDescription("Zahlbar innerhalb " + spec.paymentDays() + " Tagen ohne Abzug")
                .setSender(new TradeParty(s.name(), s.street(), s.postalCode(), s.city(), s.country())
                        .addVATID(s.vatId())
                        .setEmail(s.email())
                        .setContact(new Contact("Buchhaltung", "+49 30 000000", s.email()))
                        .addBankDetails(new BankDetails(s.iban(), s.bic())))
                .setRecipient(RETAILER);
        if (spec.purchaseOrder() != null) {
            invoice.setBuyerOrderReferencedDocumentID(spec.purchaseOrder());
        }
        if (spec.creditNote()) {
            invoice.setCreditNote();
        }
        for (Line line : spec.lines()) {
            invoice.addItem(new Item(new Product(line.name(), "", "H87", line.vatRate()).setSellerAssignedID(line.sku()),
                    line.netPrice(), line.quantity()));
        }
        return invoice;
    }

    private static String page(Spec spec) {
        StringBuilder rows = new StringBuilder();
        for (Line l : spec.lines()) {
            rows.append("<tr><td>").append(esc(l.sku())).append("</td><td>").append(esc(l.name()))
                    .append("</td><td>").append(l.quantity().toPlainString()).append("</td><td>").append(l.netPrice().toPlainString())
                    .append("</td><td>").append(l.quantity().multiply(l.netPrice()).setScale(2, RoundingMode.HALF_UP).toPlainString())
                    .append("</td></tr>");
        }
        Supplier s = spec.supplier();
        return """
                <html><head><style>body{font-family:sans-serif;font-size:10pt} td{padding:2pt 6pt}</style></head><body>
                <p>%s · %s · %s %s</p><h2>%s %s</h2><p>Datum: %s · Bestellung: %s</p>
                <table><tr><th>Art.-Nr.</th><th>Artikel</th><th>Menge</th><th>Preis</th><th>Netto</th></tr>%s</table>
                <p>IBAN %s</p></body></html>""".formatted(esc(s.name()), esc(s.street()),
                s.postalCode(), esc(s.city()), spec.creditNote() ? "Gutschrift" : "Rechnung",
                esc(spec.number()), spec.issueDate(), spec.purchaseOrder() == null ? "-" : esc(spec.purchaseOrder()),
                rows, s.iban());
    }

    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    private SupplierInvoiceFactory() {
    }
}
