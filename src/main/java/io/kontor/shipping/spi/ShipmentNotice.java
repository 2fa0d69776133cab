package io.kontor.shipping.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One shipped parcel to confirm on its channel: what shipping hands a channel's shipment sink. The channel's ids, the
 * lines, the carrier and tracking number, and the canonical order (for channel-specific fields kept in its extensions).
 *
 * @param attempt          1 for the first attempt; above 1 the channel may already hold this parcel
 * @param packageReference a positive number unique to the parcel (Amazon's packageReferenceId, the DESADV number)
 * @param shippedBefore    units per channel line that the order's other parcels already took out (shipped), so a
 *                         channel that closes an order can tell the parcel that completes it
 */
public record ShipmentNotice(UUID shipmentId, UUID orderId, String channel, String channelAccount, String channelOrderId, String orderNumber,
                             String marketplaceId, String warehouse, List<Line> lines, String carrierCode, String carrierName, String service,
                             String trackingNumber, String trackingUrl, Instant shippedAt, long packageReference, int attempt, JsonNode order,
                             java.util.Map<String, Integer> shippedBefore) {

    public ShipmentNotice {
        shippedBefore = shippedBefore == null ? java.util.Map.of() : java.util.Map.copyOf(shippedBefore);
    }

    /** A unit line of the parcel: the channel's line id, the SKU and how many units it carries. */
    public record Line(String channelLineId, String sku, int units) {
    }

    public int units() {
        return lines.stream().mapToInt(Line::units).sum();
    }
}
