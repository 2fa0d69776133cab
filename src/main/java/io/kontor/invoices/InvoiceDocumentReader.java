package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.model.InvoiceFormat;
import io.kontor.platform.BadInputException;
import io.kontor.platform.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells what an incoming invoice file is and reads it into the canonical {@link Invoice}: a hybrid PDF's embedded
 * XML (ZUGFeRD 1.0/2.x, Factur-X, XRechnung), a PDF carrying a UBL invoice, a bare CII or UBL document. A PDF without
 * structured data comes back as {@link InvoiceFormat#PDF_TEXT} with only its text for the extraction that follows.
 * Anything unreadable is a {@link io.kontor.platform.BadInputException} saying why.
 */
public final class InvoiceDocumentReader {

    /** The names the ZUGFeRD, Factur-X and XRechnung specifications give the embedded invoice, in order of preference. */
    private static final List<String> HYBRID_NAMES = List.of("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml");
    private static final Set<String> ROOTS = Set.of(CiiInvoiceReader.D16B_ROOT_NS, CiiInvoiceReader.ZF1_ROOT_NS,
            UblInvoiceReader.INVOICE_NS, UblInvoiceReader.CREDIT_NOTE_NS);

    /**
     * The reading: the canonical invoice and the XML it was read from ({@code inPdf} when a hybrid PDF carried it, for
     * the artefacts of its profile), or for a PDF without XML only its text. EDIFACT has a canonical invoice and no XML.
     */
    public record Reading(Invoice invoice, String pdfText, Document xml, boolean inPdf) {

        static Reading ofXml(Invoice invoice, Element root, boolean inPdf) {
            return new Reading(invoice.withExtensions(UnmappedContent.of(root)), null, root.getOwnerDocument(), inPdf);
        }
    }

    private final long maxAttachmentBytes;

    public InvoiceDocumentReader(long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    public Reading read(byte[] content) {
        if (content.length == 0) {
            throw new BadInputException("the file is empty");
        }
        if (PdfAttachments.isPdf(content)) {
            return readPdf(content);
        }
        if (looksLikeEdifact(content)) {
            return new Reading(EdifactInvoiceReader.read(content), null, null, false);
        }
        Element root = SecureXml.parse(content).getDocumentElement();
        return Reading.ofXml(readXml(root, null), root, false);
    }

    private Reading readPdf(byte[] content) {
        try (PdfAttachments.Contents pdf = PdfAttachments.open(content, maxAttachmentBytes)) {
            PdfAttachments.Attachment chosen = null;
            for (String wanted : HYBRID_NAMES) {
                for (PdfAttachments.Attachment a : pdf.attachments()) {
                    if (a.name().equalsIgnoreCase(wanted)) {
                        chosen = chosen == null ? a : chosen;
                    }
                }
            }
            if (chosen != null) {
                Element root = parseEmbedded(chosen);
                return Reading.ofXml(readXml(root, InvoiceFormat.ZUGFERD_EN16931), root, true);
            }
            for (PdfAttachments.Attachment a : pdf.attachments()) {
                if (a.name().toLowerCase(Locale.ROOT).endsWith(".xml")) {
                    Element root = parseEmbedded(a);
                    if (ROOTS.contains(root.getNamespaceURI())) {
                        return Reading.ofXml(readXml(root, InvoiceFormat.PDF_UBL), root, true);
                    }
                }
            }
            return new Reading(null, pdf.text(), null, false);
        }
    }

    private static Element parseEmbedded(PdfAttachments.Attachment attachment) {
        try {
            return SecureXml.parse(attachment.content()).getDocumentElement();
        } catch (BadInputException e) {
            throw new BadInputException("the XML embedded in the PDF (" + attachment.name() + ") is unreadable: " + e.getMessage(), e);
        }
    }

    /** {@code carrier} is the PDF kind for embedded XML, null for a bare XML file. */
    private static Invoice readXml(Element root, InvoiceFormat carrier) {
        String ns = root.getNamespaceURI();
        if (CiiInvoiceReader.ZF1_ROOT_NS.equals(ns)) {
            return CiiInvoiceReader.read(root).withFormat(InvoiceFormat.ZUGFERD_1);
        }
        if (CiiInvoiceReader.D16B_ROOT_NS.equals(ns)) {
            Invoice read = CiiInvoiceReader.read(root);
            return read.withFormat(ciiFormat(read.specification(), carrier));
        }
        if (UblInvoiceReader.INVOICE_NS.equals(ns) || UblInvoiceReader.CREDIT_NOTE_NS.equals(ns)) {
            Invoice read = UblInvoiceReader.read(root);
            return read.withFormat(carrier == InvoiceFormat.PDF_UBL || carrier == InvoiceFormat.ZUGFERD_EN16931
                    ? InvoiceFormat.PDF_UBL : ublFormat(read.specification()));
        }
        throw new BadInputException("the XML is not an invoice the hub reads (root element " + root.getLocalName()
                + (ns == null ? "" : " in " + ns) + "; expected a CII CrossIndustryInvoice or a UBL Invoice/CreditNote)");
    }

    private static InvoiceFormat ciiFormat(String specification, InvoiceFormat carrier) {
        String spec = specification == null ? "" : specification.toLowerCase(Locale.ROOT);
        if (spec.contains("minimum") || spec.contains("basicwl")) {
            return InvoiceFormat.ZUGFERD_HEADER_ONLY; // the profile, not the carrier, says there are no lines: bare or in a PDF
        }
        if (carrier != null) {
            return InvoiceFormat.ZUGFERD_EN16931;
        }
        return spec.contains("xrechnung") ? InvoiceFormat.XRECHNUNG_CII : InvoiceFormat.EN16931_CII;
    }

    private static InvoiceFormat ublFormat(String specification) {
        String spec = specification == null ? "" : specification.toLowerCase(Locale.ROOT);
        if (spec.contains("xrechnung")) {
            return InvoiceFormat.XRECHNUNG_UBL;
        }
        return spec.contains("peppol") ? InvoiceFormat.PEPPOL_UBL : InvoiceFormat.EN16931_UBL;
    }

    private static boolean looksLikeEdifact(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, 3), java.nio.charset.StandardCharsets.ISO_8859_1);
        return head.equals("UNA") || head.equals("UNB");
    }
}
