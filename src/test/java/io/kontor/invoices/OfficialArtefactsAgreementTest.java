package io.kontor.invoices;

import io.kontor.invoices.validation.Finding;
import io.kontor.invoices.validation.OfficialArtefacts;
import io.kontor.invoices.validation.Verdict;
import io.kontor.model.Invoice;
import io.kontor.platform.BadInputException;
import io.kontor.testing.Corpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every e-invoice of ../shared/corpus/einvoice through the official artefacts of its own specification and through the
 * hub's own rules ({@link InvoiceRules}, which decide only where no artefact exists, EDIFACT): the two verdicts must be the
 * same — both valid, or both invalid with every rule the hub names among the artefacts' — and the artefacts' verdict
 * must be the MANIFEST's (only the files it marks NEGATIVE fail).
 */
class OfficialArtefactsAgreementTest {

    /**
     * Files the MANIFEST does not mark invalid which the artefacts of the specification they claim do reject, and why:
     * the verdict is the artefacts', and this table says it exactly (rule by rule) so a change on either side shows.
     */
    private static final Map<String, Set<String>> FAILING_BY_THE_ARTEFACTS = Map.of(
            // Mustang's CII-to-UBL conversions claim Peppol BIS 3 without the electronic addresses, contact and
            // payment instructions Peppol (and its German national rules) require
            "zugferd-corpus/XML-Rechnung/UBL/EN16931_Einfach.ubl.xml", Set.of("PEPPOL-EN16931-R003", "PEPPOL-EN16931-R010",
                    "PEPPOL-EN16931-R020", "DE-R-001", "DE-R-002", "DE-R-015"),
            "zugferd-corpus/XML-Rechnung/UBL/EN16931_Rabatte.ubl.xml", Set.of("PEPPOL-EN16931-R010", "PEPPOL-EN16931-R020",
                    "PEPPOL-EN16931-R042", "DE-R-001", "DE-R-002", "DE-R-015"),
            // a Factur-X 1.0 draft's guideline id (":compliant:" where the standard has "#compliant#")
            "zugferd-corpus/ZUGFeRDv2/correct/FNFE-factur-x-examples/Avoir_FR_type381_BASIC.pdf", Set.of("FX-SCH-A-000493"),
            // ZUGFeRD 2.0 (2019) files: code values and a MINIMUM structure the current Factur-X artefacts no longer allow
            "zugferd-corpus/ZUGFeRDv2/correct/intarsys/EXTENDED/zugferd_2p0_EXTENDED_Fremdwaehrung.pdf",
            Set.of("FX-SCH-A-000704", "FX-SCH-A-000973", "FX-SCH-A-001137"),
            "zugferd-corpus/ZUGFeRDv2/correct/intarsys/EXTENDED/zugferd_2p0_EXTENDED_Warenrechnung.pdf", Set.of("FX-SCH-A-001084"),
            "zugferd-corpus/ZUGFeRDv2/correct/intarsys/MINIMUM/zugferd_2p0_MINIMUM.pdf", Set.of("XSD"));

    private static final OfficialArtefacts ARTEFACTS = new OfficialArtefacts();
    private final InvoiceDocumentReader reader = new InvoiceDocumentReader(10_000_000);

    static Stream<String> corpusInvoices() throws IOException {
        Path folder = Corpus.root().resolve("einvoice");
        if (!Files.isDirectory(folder)) {
            return Stream.of("(corpus absent)");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".xml") || p.endsWith(".pdf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corpusInvoices")
    void theHubsVerdictIsTheOfficialArtefactsVerdict(String file) throws IOException {
        byte[] content = Files.readAllBytes(Corpus.file("einvoice/" + file));
        boolean negative = manifestRow(file).contains("NEGATIVE");
        if (negative) {
            assertThatThrownBy(() -> reader.read(content)).isInstanceOf(BadInputException.class);
            return;
        }
        InvoiceDocumentReader.Reading reading = reader.read(content);
        Assumptions.assumeTrue(reading.xml() != null, file + " is a PDF without structured data (the plain-PDF tests read it)");
        Invoice invoice = reading.invoice();
        Verdict official = ARTEFACTS.validate(reading.xml(), reading.inPdf());
        Set<String> officialRules = official.errors().stream().map(Finding::rule).collect(Collectors.toCollection(TreeSet::new));
        Set<String> hubRules = InvoiceRules.check(invoice).stream().map(Invoice.Rejection::rule).collect(Collectors.toCollection(TreeSet::new));
        Set<String> officialRulesTheHubKnows = new TreeSet<>(officialRules);
        officialRulesTheHubKnows.retainAll(InvoiceRules.rulesFor(invoice));

        if (invoice.specification() == null) {
            // claims no standard (Odoo's plain UBL): both refuse it as an EN 16931 invoice; how its gaps read beyond that
            // depends on which element each takes for a term, and the capture sends it to a person either way
            assertThat(hubRules).contains("BR-01");
            assertThat(officialRules).contains("BR-01");
            return;
        }
        assertThat(hubRules).as("%s: the hub's own rules against %s %s", file, official.artefacts(), official.errors())
                .isEqualTo(officialRulesTheHubKnows);
        assertThat(officialRules).as("%s: %s", file, official.artefacts())
                .isEqualTo(new TreeSet<>(FAILING_BY_THE_ARTEFACTS.getOrDefault(file, Set.of())));
    }

    private static String manifestRow(String file) throws IOException {
        List<String> manifest = Files.readAllLines(Corpus.file("MANIFEST.md"));
        return manifest.stream().filter(l -> l.startsWith("| `einvoice/" + file + "`")).findFirst().orElse("");
    }
}
