package io.kontor.sandbox.ebay;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Dates as eBay's Sell APIs write them: ISO 8601 in UTC with milliseconds, {@code 2026-12-07T08:15:30.000Z}; eBay's
 * order dates fall on whole seconds.
 */
final class EbayDates {

    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EbayDates() {
    }

    static String format(Instant t) {
        return UTC_MILLIS.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
