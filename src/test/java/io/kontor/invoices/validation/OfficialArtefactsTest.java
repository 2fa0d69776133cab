package io.kontor.invoices.validation;

import io.kontor.platform.SecureXml;
import io.kontor.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfficialArtefactsTest {

    private static final OfficialArtefacts ARTEFACTS = new OfficialArtefacts();
    private static final String UBL = OfficialArtefacts.UBL_INVOICE_NS;
    private static final String CII = OfficialArtefacts.CII_NS;

    /** The document's own specification (BT-24) and carrier choose the artefacts, as their publishers intend them. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            CII + "|urn:cen.eu:en16931:2017|false|CEN/TC 434 EN 16931 CII 1.3.14.2",
            CII + "|urn:cen.eu:en16931:2017|true|Factur-X/ZUGFeRD EN16931 (FNFE/FeRD Schematron 1.09.2)",
            CII + "|urn:factur-x.eu:1p0:minimum|true|Factur-X/ZUGFeRD MINIMUM (FNFE/FeRD Schematron 1.09.2)",
            CII + "|urn:factur-x.eu:1p0:minimum|false|Factur-X/ZUGFeRD MINIMUM (FNFE/FeRD Schematron 1.09.2)",
            CII + "|urn:factur-x.eu:1p0:basicwl|false|Factur-X/ZUGFeRD BASIC-WL (FNFE/FeRD Schematron 1.09.2)",
            CII + "|urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic|true|Factur-X/ZUGFeRD BASIC (FNFE/FeRD Schematron 1.09.2)",
            CII + "|urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended|true|Factur-X/ZUGFeRD EXTENDED (FNFE/FeRD Schematron 1.09.2)",
            CII + "|urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0|false|CEN/TC 434 EN 16931 CII 1.3.14.2, KoSIT XRechnung 3.0 CII",
            CII + "|urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.1|true|CEN/TC 434 EN 16931 CII 1.3.14.2, KoSIT XRechnung 2.1 CII",
            CII + "||false|CEN/TC 434 EN 16931 CII 1.3.14.2",
            UBL + "|urn:cen.eu:en16931:2017|false|OASIS UBL 2.1 Invoice XSD, CEN/TC 434 EN 16931 UBL 1.3.14.2",
            UBL + "|urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0|false|OASIS UBL 2.1 Invoice XSD, Peppol BIS Billing 3 2025.5: CEN EN 16931 UBL, Peppol BIS Billing 3 2025.5: Peppol rules",
            UBL + "|urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0|false|OASIS UBL 2.1 Invoice XSD, CEN/TC 434 EN 16931 UBL 1.3.14.2, KoSIT XRechnung 3.0 UBL",
            "urn:ferd:CrossIndustryDocument:invoice:1p0|urn:ferd:CrossIndustryDocument:invoice:1p0:comfort|true|ZUGFeRD 1.0",
    })
    void theDocumentsOwnSpecificationChoosesTheArtefacts(String namespace, String specification, boolean inPdf, String expected) {
        String root = namespace.equals(UBL) ? "Invoice" : "CrossIndustryInvoice";
        assertThat(OfficialArtefacts.forDocument(namespace, root, specification, inPdf)).extracting(Artefact::name)
                .containsExactly(expected.split(", "));
    }

    /** What the hub compiles at start is on the classpath and compiles (a moved file in a new Mustang release shows here). */
    @Test
    void theCommonArtefactsCompile() {
        ARTEFACTS.prepare(ArtefactPreparation.COMMON);
    }

    @Test
    void aDocumentNoArtefactValidatesIsSaidSo() {
        assertThatThrownBy(() -> OfficialArtefacts.forDocument("urn:example:order", "Order", null, false))
                .hasMessageContaining("no official artefact validates a Order");
    }

    /** KoSIT's "information" on a valid XRechnung is kept apart from errors, with its own id, text and a readable place. */
    @Test
    void warningsAndNotesAreKeptApartFromErrors() throws IOException {
        byte[] xml = Files.readAllBytes(Corpus.file("einvoice/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"));

        Verdict verdict = ARTEFACTS.validate(SecureXml.parse(xml), false);

        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.warnings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("BR-DE-TMP-32");
            assertThat(f.severity()).isEqualTo(Finding.Severity.INFORMATION);
            assertThat(f.text()).startsWith("Eine Rechnung sollte").doesNotContain("[BR-DE-TMP-32]");
            assertThat(f.location()).isEqualTo("/ubl:Invoice");
            assertThat(f.artefact()).isEqualTo("KoSIT XRechnung 3.0 UBL");
        });
    }

    /** A document breaking one rule on every one of hundreds of lines is told so without a finding per line. */
    @Test
    void findingsPerArtefactAreCapped() throws IOException {
        String xml = Files.readString(Corpus.file("einvoice/en16931/ubl/examples/ubl-tc434-example2.xml"), StandardCharsets.UTF_8);
        String line = xml.substring(xml.indexOf("<cac:InvoiceLine>"), xml.indexOf("</cac:InvoiceLine>") + "</cac:InvoiceLine>".length());
        String nameless = line.replaceAll("<cbc:Name>[^<]*</cbc:Name>", "");
        String many = xml.replace(line, nameless.repeat(300));

        Verdict verdict = ARTEFACTS.validate(SecureXml.parse(many.getBytes(StandardCharsets.UTF_8)), false);

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.errors()).extracting(Finding::rule).contains("BR-25");
        assertThat(verdict.findings().stream().filter(f -> f.artefact().startsWith("CEN")).count())
                .isEqualTo(OfficialArtefacts.MAX_FINDINGS);
    }

    /** UBL's XSD comes first: an element UBL does not have is refused by the schema, named as such. */
    @Test
    void theSchemaRefusesWhatTheSyntaxDoesNotHave() throws IOException {
        String xml = Files.readString(Corpus.file("einvoice/en16931/ubl/examples/ubl-tc434-example7.xml"), StandardCharsets.UTF_8)
                .replaceFirst("<cbc:IssueDate>", "<cbc:Unheard>x</cbc:Unheard><cbc:IssueDate>");

        Verdict verdict = ARTEFACTS.validate(SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)), false);

        assertThat(verdict.errors()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("XSD");
            assertThat(f.artefact()).isEqualTo("OASIS UBL 2.1 Invoice XSD");
            assertThat(f.text()).contains("Unheard");
        });
    }
}
