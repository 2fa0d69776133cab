package io.kontor.channel.ebay;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** eBay's timestamp format, {@code [YYYY]-[MM]-[DD]T[hh]:[mm]:[ss].[sss]Z}, at whole seconds as eBay's own order dates are. */
public final class EbayTimestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EbayTimestamps() {
    }

    public static String of(Instant t) {
        return FORMAT.format(t);
    }
}
