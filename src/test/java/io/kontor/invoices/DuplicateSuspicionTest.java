package io.kontor.invoices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateSuspicionTest {

    @ParameterizedTest
    @CsvSource({
            "RE-2026-0147, RE-2026-0174, true",
            "RE-2026-0147, RE-2026-1047, true",
            "4711, 1714, false",      // not neighbours
            "4711, 4711, false",      // the same number is an exact duplicate, not a suspicion
            "4711, 4712, false",      // one digit changed: the supplier's next invoice
            "4711, 47110, false",
            "ab12, BA12, true",       // case does not make a number different
            "1234, 2143, false"})     // two swaps
    void aNumberWithTwoNeighbouringCharactersSwappedIsSuspect(String a, String b, boolean suspect) {
        assertThat(DuplicateSuspicion.transposed(a, b)).isEqualTo(suspect);
        assertThat(DuplicateSuspicion.transposed(b, a)).isEqualTo(suspect);
    }

    @Test
    void theSupplierKeyIsTheVatIdWithoutSpacesElseTheName() {
        var fixture = new InvoiceDocumentReader(1_000_000)
                .read(SupplierInvoicesFixture.xml("X", java.time.LocalDate.of(2026, 1, 5))).invoice();

        assertThat(InvoiceCapture.supplierKey(fixture)).isEqualTo("DE123456788");
        assertThat(InvoiceCapture.safeName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(InvoiceCapture.safeName("C:\\inbox\\rechnung\u0000.pdf")).isEqualTo("rechnung.pdf");
    }
}
