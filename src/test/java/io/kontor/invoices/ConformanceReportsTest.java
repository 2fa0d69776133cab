package io.kontor.invoices;

import io.kontor.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Mustang's validator as a second opinion: a valid XRechnung of the corpus passes it, a tampered total does not. */
class ConformanceReportsTest {

    private final ConformanceReports reports = new ConformanceReports(null);

    @Test
    void aValidXRechnungPassesTheSchematron() throws Exception {
        byte[] xml = Files.readAllBytes(Corpus.file("einvoice/zugferd-corpus/XML-Rechnung/CII/XRECHNUNG_Einfach.cii.xml"));

        ConformanceReports.Report report = reports.of(xml, false);

        assertThat(report.findings()).filteredOn(f -> f.severity().equals("error")).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.validator()).contains("Mustang");
    }

    /** The sandbox suppliers' XRechnung files, written with Mustang, pass the KoSIT Schematron too. */
    @Test
    void theSandboxSuppliersXRechnungPassesTheSchematron() {
        ConformanceReports.Report report = reports.of(SupplierInvoicesFixture.xml("RE-2026-0301", LocalDate.of(2026, 11, 2)), false);

        assertThat(report.findings()).filteredOn(f -> f.severity().equals("error")).isEmpty();
        assertThat(report.valid()).isTrue();
    }

    @Test
    void aTamperedTotalIsAnErrorNamingTheRule() {
        String xml = new String(SupplierInvoicesFixture.xml("RE-2026-0300", LocalDate.of(2026, 11, 2)), StandardCharsets.UTF_8)
                .replace("<ram:DuePayableAmount>529.87", "<ram:DuePayableAmount>592.87");

        ConformanceReports.Report report = reports.of(xml.getBytes(StandardCharsets.UTF_8), false);

        assertThat(report.valid()).isFalse();
        assertThat(report.findings()).filteredOn(f -> f.severity().equals("error")).isNotEmpty()
                .anySatisfy(f -> assertThat(f.criterion() + " " + f.message()).contains("BR-CO-16"));
    }
}
