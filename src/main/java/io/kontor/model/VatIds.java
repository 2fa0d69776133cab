package io.kontor.model;

import java.util.Locale;

/** VAT identifiers as keys: a supplier's id is written with and without spaces, dots and dashes. */
public final class VatIds {

    private VatIds() {
    }

    /** {@code de 123.456-789} → {@code DE123456789}. */
    public static String key(String vatId) {
        return vatId.replaceAll("[\\s.-]", "").toUpperCase(Locale.ROOT);
    }
}
