package io.kontor.channel.ebay;

import io.kontor.shipping.spi.ShipmentNotice;
import io.kontor.channel.SellerAccount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confirms a shipped parcel on eBay: one shipping fulfilment (createShippingFulfillment) per parcel, so split
 * shipments are natural. eBay takes no idempotency key for it, so an attempt after an earlier one that may have
 * reached eBay first reads the order's fulfilments and recognises its parcel by the tracking number (eBay calls it
 * {@code shipmentTrackingNumber} in answers, {@code trackingNumber} in requests).
 */
@Component("ebayShipmentConfirmer")
public class EbayShipmentConfirmer {

    private final EbaySellApi api;
    private final ObjectMapper json;

    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final EbayChannelProperties props;

    public EbayShipmentConfirmer(EbaySellApi api, ObjectMapper json, EbayChannelProperties props) {
        this.props = props;
        this.api = api;
        this.json = json;
    }

    /** @return the fulfilmentId eBay gave the parcel */
    public String confirm(ShipmentNotice notice, String sellerId, String baseUrl, String tokenUrl, String clientId) throws Exception {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        String path = EbayOrdersPoller.ORDERS_PATH + "/" + notice.channelOrderId() + "/shipping_fulfillment";
        if (notice.attempt() > 1) {
            JsonNode existing = api.call(seller, "GET", path, Map.of(), null).body();
            for (JsonNode f : existing.path("fulfillments")) {
                if (notice.trackingNumber().equals(f.path("shipmentTrackingNumber").asText(null))) {
                    return f.path("fulfillmentId").asText();
                }
            }
        }
        ChannelHttp.Answer created = api.call(seller, "POST", path, Map.of(), json.writeValueAsString(request(notice)));
        String location = created.header("Location");
        if (location == null || location.isBlank()) {
            throw new EbayApiException("eBay created a shipping fulfilment for " + notice.channelOrderId() + " without a Location header");
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static Map<String, Object> request(ShipmentNotice notice) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (ShipmentNotice.Line line : notice.lines()) {
            if (line.units() > 0) {
                lines.add(Map.of("lineItemId", line.channelLineId(), "quantity", line.units()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lineItems", lines);
        body.put("shippedDate", EbayTimestamps.of(notice.shippedAt()));
        body.put("shippingCarrierCode", notice.carrierCode());
        body.put("trackingNumber", notice.trackingNumber());
        return body;
    }
}
