package io.kontor.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console's pages print: times in UTC to the minute, amounts with at least two decimals, durations readable. */
class ConsoleViewTest {

    private final ConsoleView view = new ConsoleView(new ObjectMapper());

    @Test
    void timesInUtcFromWhateverTheServicesAnswer() {
        assertThat(view.time(Instant.parse("2026-12-07T10:15:59Z"))).isEqualTo("2026-12-07 10:15 UTC");
        assertThat(view.time(java.sql.Timestamp.from(Instant.parse("2026-12-07T10:15:00Z")))).isEqualTo("2026-12-07 10:15 UTC");
        assertThat(view.time("2026-12-07T10:15:00.123456Z")).isEqualTo("2026-12-07 10:15 UTC");
        assertThat(view.time(java.time.OffsetDateTime.parse("2026-12-07T11:15:00+01:00"))).isEqualTo("2026-12-07 10:15 UTC");
        assertThat(view.time(null)).isEqualTo("—");
    }

    @Test
    void amountsKeepTheirPrecisionWithAtLeastTwoDecimals() {
        assertThat(view.amount(new BigDecimal("12.5"))).isEqualTo("12.50");
        assertThat(view.amount(new BigDecimal("1200"))).isEqualTo("1200.00");
        assertThat(view.amount("9.7263")).isEqualTo("9.7263");
        assertThat(view.amount(null)).isEqualTo("—");
        assertThat(view.money(Map.of("settlement", Map.of("amount", "45.00")))).isEqualTo("45.00");
        assertThat(view.money(null)).isEqualTo("—");
        assertThat(ConsoleFormat.amount(null, "EUR")).isEmpty();
        assertThat(ConsoleFormat.amount(new BigDecimal("1866.40"), "EUR")).isEqualTo(" 1866.4 EUR");
    }

    @Test
    void durationsAsAPersonReadsThem() {
        assertThat(view.seconds(null)).isEqualTo("—");
        assertThat(view.seconds(42.0)).isEqualTo("42.0 s");
        assertThat(view.seconds(750.0)).isEqualTo("12.5 min");
        assertThat(view.seconds(3.5 * 3600)).isEqualTo("3.5 h");
        assertThat(view.seconds(3 * 86_400.0)).isEqualTo("3.0 d");
    }
}
