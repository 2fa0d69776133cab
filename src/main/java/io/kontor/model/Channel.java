package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A sales channel's code ({@code SHOPIFY}, {@code WOOCOMMERCE}…): an open value, not a closed list, so a new channel
 * edits nothing here. Each channel declares its own code; the order workflow takes orders of registered channels only.
 */
public record Channel(String code) implements Comparable<Channel> {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");

    public Channel {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("A channel code is 2 to 32 capital letters, digits or '_', starting with a letter: " + code);
        }
    }

    @JsonCreator
    public static Channel of(String code) {
        return new Channel(code);
    }

    /** The code, as the order's JSON, the database and the API write it. */
    @JsonValue
    @Override
    public String code() {
        return code;
    }

    /** The code (as the channel enum this replaced was read). */
    public String name() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }

    @Override
    public int compareTo(Channel other) {
        return code.compareTo(other.code);
    }
}
