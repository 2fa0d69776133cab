package io.kontor.channel.amazon;

import java.util.Map;

/**
 * Marketplace ids and their currencies, for orders that carry no amount yet (a Pending order shows no prices).
 * Source: Amazon's published marketplace id table.
 */
final class AmazonMarketplaces {

    private static final Map<String, String> CURRENCY = Map.ofEntries(
            Map.entry("ATVPDKIKX0DER", "USD"), Map.entry("A2EUQ1WTGCTBG2", "CAD"), Map.entry("A1AM78C64UM0Y8", "MXN"),
            Map.entry("A2Q3Y263D00KWC", "BRL"), Map.entry("A1PNLWAPXEIFHG", "EUR"), Map.entry("A13V1IB3VIYZZH", "EUR"),
            Map.entry("APJ6JRA9NG5V4", "EUR"), Map.entry("A1RKKUPIHCS9HS", "EUR"), Map.entry("A1805IZSGTT6HS", "EUR"),
            Map.entry("AMEN7PMS3EDWL", "EUR"), Map.entry("A28R8C7NBKEWEA", "EUR"), Map.entry("A1F83G8C2ARO7P", "GBP"),
            Map.entry("A2NODRKZP88ZB9", "SEK"), Map.entry("A1C3SOZRARQ6R3", "PLN"), Map.entry("A33AVAJ2PDY3EV", "TRY"),
            Map.entry("A2VIGQ35RCS4UG", "AED"), Map.entry("A17E79C6D8DWNP", "SAR"), Map.entry("ARBP9OOSHTCHU", "EGP"),
            Map.entry("A21TJRUUN4KGV", "INR"), Map.entry("A1VC38T7YXB528", "JPY"), Map.entry("A39IBJ37TRP1C6", "AUD"),
            Map.entry("A19VAU5U5O7RUS", "SGD"));

    private AmazonMarketplaces() {
    }

    static String currencyOf(String marketplaceId) {
        return marketplaceId == null ? null : CURRENCY.get(marketplaceId);
    }
}
