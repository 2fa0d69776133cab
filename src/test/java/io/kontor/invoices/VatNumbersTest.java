package io.kontor.invoices;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** VAT ids as invoices print them: published numbers of real companies pass their country's check, misreadings do not. */
class VatNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "NL810433941B01, NL810433941B01",           // Coolblue (corpus)
            "FR60421938861, FR60421938861",             // Free (corpus)
            "FR 40 303 265 045, FR40303265045",
            "'DE 123 456 788 Bankverbindung', DE123456788", // grouped, then the next word
            "IE6388047V, IE6388047V",
            "'IE 638 804 7V Bank', IE6388047V",         // the check letter, not the B of the next word
            "BE0477472701, BE0477472701",
            "ATU13585627, ATU13585627",
            "IT00743110157, IT00743110157",
            "CHE-116.281.710 MWST, CHE116281710",
    })
    void publishedNumbersPassTheirCountrysCheck(String printed, String expected) {
        assertThat(VatNumbers.read(printed)).hasValueSatisfying(v -> {
            assertThat(v.value()).isEqualTo(expected);
            assertThat(v.strength()).isEqualTo(VatNumbers.Strength.CHECKED);
        });
    }

    /** One digit off, two swapped, or no VAT id at all: not offered. */
    @ParameterizedTest
    @ValueSource(strings = {"DE123456789", "DE123456878", "NL810433942B01", "FR41303265045", "BE0477472702", "ATU13585628",
            "IT00743110158", "XX123456789", "DE12"})
    void misreadNumbersAreNotOffered(String printed) {
        assertThat(VatNumbers.read(printed)).isEmpty();
    }

    /** Where the hub knows no check digit, the shape alone is a weaker reading: below the review threshold. */
    @ParameterizedTest
    @ValueSource(strings = {"ESB12345678", "DK12345678", "GB123456789"})
    void aNumberWithoutAKnownCheckIsOnlyShaped(String printed) {
        assertThat(VatNumbers.read(printed)).hasValueSatisfying(v -> assertThat(v.strength()).isEqualTo(VatNumbers.Strength.SHAPED));
    }
}
