package io.kontor.model;

import java.util.List;

/** A postal address; {@code countryCode} is ISO 3166-1 alpha-2. */
public record Address(List<String> lines, String city, String district, String region, String regionCode,
                      String postalCode, String countryCode, String addressType) {

    public Address {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
