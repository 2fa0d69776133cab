package io.kontor.invoices;

import io.kontor.platform.BadInputException;
import io.kontor.platform.HtmlToPdf;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files made to hurt the reader: each is refused with a reason a person understands, and nothing is read from outside the file. */
class HostileInvoiceFilesTest {

    private static final long LIMIT = 1_000_000;
    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(LIMIT);
    private final String valid = new String(SupplierInvoicesFixture.xml("SUP-1", LocalDate.of(2026, 11, 2)), StandardCharsets.UTF_8);

    @Test
    void externalEntitiesAreRefusedBeforeAnythingIsFetched() {
        String xxe = valid.replaceFirst("<rsm:CrossIndustryInvoice",
                "<!DOCTYPE rsm:CrossIndustryInvoice [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<rsm:CrossIndustryInvoice")
                .replace("SUP-1", "&xxe;");

        assertRefused(xxe.getBytes(StandardCharsets.UTF_8), "document type declaration");
    }

    @Test
    void entityExpansionIsRefused() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">&lol3;</rsm:CrossIndustryInvoice>""";

        assertRefused(laughs.getBytes(StandardCharsets.UTF_8), "document type declaration");
    }

    @Test
    void anExternalDtdIsNeverFetched() {
        assertRefused(("<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:1/evil.dtd\"><x/>").getBytes(StandardCharsets.UTF_8),
                "document type declaration");
    }

    @Test
    void truncatedXmlIsRefusedWithTheLineWhereItBreaks() {
        byte[] cut = Arrays.copyOf(valid.getBytes(StandardCharsets.UTF_8), valid.length() / 2);

        assertRefused(cut, "malformed XML at line");
    }

    @Test
    void xmlThatIsNoInvoiceIsRefusedNamingItsRoot() {
        assertRefused("<order xmlns=\"urn:example\"><id>1</id></order>".getBytes(StandardCharsets.UTF_8), "root element order");
    }

    @Test
    void aTruncatedPdfIsRefused() {
        byte[] pdf = HtmlToPdf.render("<html><body><p>Rechnung</p></body></html>", "test");

        assertRefused(Arrays.copyOf(pdf, pdf.length / 3), "not a readable PDF");
        assertRefused(Arrays.copyOf(pdf, pdf.length - 10), "without %%EOF");
    }

    @Test
    void aPdfWhoseEmbeddedXmlIsMalformedIsRefusedNamingTheAttachment() throws IOException {
        byte[] pdf = withAttachment("factur-x.xml", "<rsm:CrossIndustryInvoice><unclosed>".getBytes(StandardCharsets.UTF_8));

        assertRefused(pdf, "factur-x.xml");
    }

    @Test
    void aPdfWhoseEmbeddedXmlCarriesExternalEntitiesIsRefused() throws IOException {
        String xxe = valid.replaceFirst("<rsm:CrossIndustryInvoice",
                "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<rsm:CrossIndustryInvoice");

        assertRefused(withAttachment("factur-x.xml", xxe.getBytes(StandardCharsets.UTF_8)), "document type declaration");
    }

    @Test
    void aCompressedAttachmentBiggerThanTheLimitIsRefusedWithoutBeingUnpackedWhole() throws IOException {
        byte[] pdf = withAttachment("factur-x.xml", new byte[(int) (LIMIT * 5)]);
        assertThat(pdf.length).isLessThan((int) LIMIT); // flate-compressed zeros: small on the wire, big unpacked

        assertRefused(pdf, "more than " + LIMIT);
    }

    @Test
    void emptyAndTruncatedEdifactFilesAreRefusedSayingWhy() {
        assertRefused(new byte[0], "empty");
        // an interchange cut off after its UNH
        assertRefused("UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+261127:1200+1'UNH+1+INVOIC:D:96A:UN'".getBytes(StandardCharsets.US_ASCII),
                "EDIFACT");
    }

    @Test
    void aPlainPdfIsNoErrorButHasNoData() {
        InvoiceDocumentReader.Reading reading = reader.read(HtmlToPdf.render("<html><body><p>Rechnung 42</p></body></html>", "test"));

        assertThat(reading.invoice()).isNull();
        assertThat(reading.pdfText()).contains("Rechnung 42");
    }

    private void assertRefused(byte[] content, String reason) {
        assertThatThrownBy(() -> reader.read(content)).isInstanceOf(BadInputException.class).hasMessageContaining(reason);
    }

    /** A PDF with one embedded file under the given name, as a hybrid invoice carries its XML (flate-compressed). */
    static byte[] withAttachment(String name, byte[] content) throws IOException {
        byte[] page = HtmlToPdf.render("<html><body><p>Rechnung</p></body></html>", "test");
        try (PDDocument doc = Loader.loadPDF(page); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(content), COSName.FLATE_DECODE);
            file.setSubtype("text/xml");
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(name);
            spec.setFileUnicode(name);
            spec.setEmbeddedFile(file);
            spec.setEmbeddedFileUnicode(file);
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of(name, spec));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            doc.getDocumentCatalog().setNames(names);
            doc.save(out);
            return out.toByteArray();
        }
    }
}
