package io.kontor.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: UTC, to the minute, the same on every page. */
public final class ConsoleFormat {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ConsoleFormat() {
    }

    public static String time(Object value) {
        Instant at = instant(value);
        return at == null ? "—" : MINUTES.format(at);
    }

    /** " 12.5 EUR" after a title, or nothing when the amount is not known (an order without prices, an unread total). */
    public static String amount(java.math.BigDecimal amount, String currency) {
        return amount == null ? "" : " " + amount.stripTrailingZeros().toPlainString() + " " + (currency == null ? "" : currency);
    }

    /** A time as the services answer it: an Instant, a JDBC timestamp, an OffsetDateTime or ISO text. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return Instant.parse(value.toString());
    }
}
