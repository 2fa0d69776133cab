package io.kontor.invoices;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class PrintedValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.234,56|1234.56", "1,234.56|1234.56", "1234,5|1234.5", "€ 717,97|717.97", "$4.11|4.11", "1'234.00|1234.00",
            "-9,32|-9.32", "12,00-|-12.00", "1.234|1234", "319.00|319.00"})
    void amountsAreReadWhicheverSeparatorsThePrintUses(String printed, String value) {
        assertThat(PrintedValues.amount(printed, null)).contains(new BigDecimal(value));
    }

    @Test
    void aSuppliersDecimalSeparatorSettlesWhatAGuessCannot() {
        assertThat(PrintedValues.amount("1.234", ",")).contains(new BigDecimal("1234"));
        assertThat(PrintedValues.amount("1.234", ".")).contains(new BigDecimal("1.234"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.2.3,4,5", ".", "12..5"})
    void whatIsNoAmountIsNone(String printed) {
        assertThat(PrintedValues.amount(printed, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"19 april 2014|2014-04-19", "02 Juillet 2015|2015-07-02", "August 3 , 2014|2014-08-03",
            "3. März 2026|2026-03-03", "27.11.2026|2026-11-27", "2026-11-27|2026-11-27", "03/20/2023|2023-03-20"})
    void datesAreReadInTheLayoutsAndLanguagesSuppliersPrint(String printed, String date) {
        assertThat(PrintedValues.dates(printed, List.of())).containsExactly(LocalDate.parse(date));
    }

    @Test
    void aDateThatReadsTwoWaysYieldsBoth() {
        assertThat(PrintedValues.dates("03/04/2025", List.of())).containsExactlyInAnyOrder(LocalDate.of(2025, 4, 3), LocalDate.of(2025, 3, 4));
        assertThat(PrintedValues.dates("03/04/2025", List.of("dd/MM/uuuu"))).containsExactly(LocalDate.of(2025, 4, 3));
    }

    @Test
    void anIbanIsKeptOnlyWhenItsCheckDigitsHold() {
        assertThat(PrintedValues.iban("DE89 3704 0044 0532 0130 00")).contains("DE89370400440532013000");
        assertThat(PrintedValues.iban("DE89 3704 0044 0532 0130 00 BIC")).as("ran into the next word").contains("DE89370400440532013000");
        assertThat(PrintedValues.iban("DE88 3704 0044 0532 0130 00")).isEmpty();
    }

    @Test
    void eachDateLayoutHasAShapeThatFindsItsDates() {
        for (PrintedValues.Rendering r : PrintedValues.renderings(LocalDate.of(2026, 3, 2))) {
            assertThat(Pattern.matches(PrintedValues.dateShape(r.how()), r.text())).as(r.how() + " " + r.text()).isTrue();
        }
    }
}
