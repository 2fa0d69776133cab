package io.kontor.channel.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.shipping.spi.ShipmentNotice;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The order is completed on the store with the parcel that carries its last open units, the earlier parcels counted. */
class WooCommerceCompletionTest {

    private static final JsonNode ORDER = read("""
            {"lines": [{"channelLineId": "301", "qtyOrdered": 2, "qtyCancelled": 0, "qtyRefunded": 0},
                       {"channelLineId": "302", "qtyOrdered": 1, "qtyCancelled": 0, "qtyRefunded": 0},
                       {"channelLineId": "303", "qtyOrdered": 4, "qtyCancelled": 4, "qtyRefunded": 0}]}""");

    @Test
    void aSingleParcelWithEveryUnitCompletes() {
        assertThat(WooCommerceShipmentConfirmer.completesTheOrder(parcel(Map.of(), line("301", 2), line("302", 1)))).isTrue();
    }

    @Test
    void theFirstOfTwoParcelsDoesNotTheSecondDoes() {
        assertThat(WooCommerceShipmentConfirmer.completesTheOrder(parcel(Map.of(), line("301", 2)))).isFalse();
        assertThat(WooCommerceShipmentConfirmer.completesTheOrder(parcel(Map.of("301", 2), line("302", 1)))).isTrue();
        // a line split over parcels
        assertThat(WooCommerceShipmentConfirmer.completesTheOrder(parcel(Map.of("301", 1, "302", 1), line("301", 1)))).isTrue();
        assertThat(WooCommerceShipmentConfirmer.completesTheOrder(parcel(Map.of("302", 1), line("301", 1)))).isFalse();
    }

    @Test
    void withoutTheOrdersLinesNothingIsCompleted() {
        ShipmentNotice bare = new ShipmentNotice(UUID.randomUUID(), UUID.randomUUID(), "WOOCOMMERCE", "https://shop.example.com", "4711", "4711",
                null, "DE-KOELN", List.of(line("301", 2)), "DHL", null, null, "T", null, Instant.now(), 1, 1, null, null);
        assertThat(WooCommerceShipmentConfirmer.completesTheOrder(bare)).isFalse();
    }

    private static ShipmentNotice parcel(Map<String, Integer> shippedBefore, ShipmentNotice.Line... lines) {
        return new ShipmentNotice(UUID.randomUUID(), UUID.randomUUID(), "WOOCOMMERCE", "https://shop.example.com", "4711", "4711", null,
                "DE-KOELN", List.of(lines), "DHL", "DHL Paket", null, "T-1", null, Instant.now(), 1, 1, ORDER, shippedBefore);
    }

    private static ShipmentNotice.Line line(String id, int units) {
        return new ShipmentNotice.Line(id, "SKU-" + id, units);
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
