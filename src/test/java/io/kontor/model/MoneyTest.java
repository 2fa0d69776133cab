package io.kontor.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void aPartIsRoundedHalfEvenToTheMinorUnit() {
        assertThat(Money.of("10.00", "EUR").dividedBy(3).amount()).isEqualByComparingTo("3.33");
        assertThat(Money.of("0.05", "EUR").dividedBy(2).amount()).isEqualByComparingTo("0.02");
        assertThat(Money.of("0.15", "EUR").dividedBy(2).amount()).isEqualByComparingTo("0.08");
        assertThat(Money.of("1001", "JPY").dividedBy(2).amount()).isEqualByComparingTo("500");
        assertThat(MoneySet.single(Money.of("49.80", "EUR")).dividedBy(2).presentment().amount()).isEqualByComparingTo("24.90");
    }

    @Test
    void scaleComesFromTheCurrency() {
        assertThat(Money.of("49.9", "EUR").amount()).isEqualByComparingTo("49.90").hasToString("49.90");
        assertThat(Money.of("1500", "JPY").amount()).hasToString("1500");
        assertThat(Money.of("1.5", "KWD").amount()).hasToString("1.500");
    }

    @Test
    void refusesAmountsThatWouldLoseDigits() {
        assertThatThrownBy(() -> Money.of("19.995", "EUR")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more decimals than EUR allows");
        assertThatThrownBy(() -> Money.of("10.5", "JPY")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMixedCurrencyArithmetic() {
        Money eur = Money.of("10.00", "EUR");
        Money gbp = Money.of("10.00", "GBP");
        assertThatThrownBy(() -> eur.plus(gbp)).isInstanceOf(CurrencyMismatchException.class).hasMessageContaining("EUR").hasMessageContaining("GBP");
        assertThatThrownBy(() -> eur.minus(gbp)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> eur.compareTo(gbp)).isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void arithmeticIsExact() {
        Money sum = Money.of("0.10", "EUR").plus(Money.of("0.20", "EUR"));
        assertThat(sum).isEqualTo(Money.of("0.30", "EUR"));
        assertThat(Money.of("19.99", "EUR").times(3)).isEqualTo(Money.of("59.97", "EUR"));
        assertThat(Money.of("5.00", "EUR").minus(Money.of("5", "EUR")).isZero()).isTrue();
    }

    @Test
    void jsonCarriesTheAmountAsAString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(Money.of(new BigDecimal("1234567890.10"), "EUR"));
        assertThat(text).isEqualTo("{\"amount\":\"1234567890.10\",\"currency\":\"EUR\"}");
        assertThat(json.readValue(text, Money.class)).isEqualTo(Money.of("1234567890.10", "EUR"));
    }

    @Test
    void unknownCurrencyIsRejected() {
        assertThatThrownBy(() -> Money.of("1.00", "XYZ")).isInstanceOf(IllegalArgumentException.class);
    }
}
