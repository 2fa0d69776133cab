package io.kontor.channel.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.shipping.spi.ShipmentNotice;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shipped parcel back to the store: a customer note with carrier and tracking number (WooCommerce mails it to the
 * buyer), the Shipment Tracking extension's item where the store uses it, and the order {@code completed} with the
 * parcel that carries its last open units (the order's earlier parcels counted). Each step looks first whether the store holds it already (a note or
 * item with this tracking number), so an attempt repeated after a lost answer adds nothing twice.
 */
@Component("woocommerceShipmentConfirmer")
public class WooCommerceShipmentConfirmer {

    static final String ORDERS = "/wp-json/wc/v3/orders/";
    static final String TRACKING = "/wp-json/wc-shipment-tracking/v3/orders/";

    private final WooCommerceApi api;
    private final WooCommerceProperties props;
    private final ObjectMapper json;

    public WooCommerceShipmentConfirmer(WooCommerceApi api, WooCommerceProperties props, ObjectMapper json) {
        this.api = api;
        this.props = props;
        this.json = json;
    }

    /** @return what the store holds of the parcel now: the note's id, the tracking item's id, the order's status */
    public List<String> confirm(ShipmentNotice notice) throws Exception {
        String orderId = notice.channelOrderId();
        List<String> references = new ArrayList<>();
        references.add("note:" + note(orderId, notice));
        if (props.shipmentTrackingExtension()) {
            references.add("tracking:" + trackingItem(orderId, notice));
        }
        if (completesTheOrder(notice)) {
            api.call("PUT", ORDERS + orderId, Map.of(), json.writeValueAsString(Map.of("status", "completed")));
            references.add("status:completed");
        }
        return references;
    }

    private String note(String orderId, ShipmentNotice notice) throws Exception {
        JsonNode notes = WooCommerceApi.array(api.call("GET", ORDERS + orderId + "/notes", Map.of("type", "customer"), null), "order notes");
        for (JsonNode n : notes) {
            if (n.path("note").asText("").contains(notice.trackingNumber())) {
                return n.path("id").asText();
            }
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("note", text(notice));
        note.put("customer_note", true);
        return api.call("POST", ORDERS + orderId + "/notes", Map.of(), json.writeValueAsString(note)).body().path("id").asText();
    }

    private String trackingItem(String orderId, ShipmentNotice notice) throws Exception {
        JsonNode items = WooCommerceApi.array(api.call("GET", TRACKING + orderId + "/shipment-trackings", Map.of(), null), "tracking items");
        for (JsonNode i : items) {
            if (notice.trackingNumber().equals(i.path("tracking_number").asText())) {
                return i.path("tracking_id").asText();
            }
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("tracking_number", notice.trackingNumber());
        // a custom provider: the carrier's own name and link, whatever the store's list of predefined providers holds
        item.put("custom_tracking_provider", carrier(notice));
        if (notice.trackingUrl() != null) {
            item.put("custom_tracking_link", notice.trackingUrl());
        }
        item.put("date_shipped", notice.shippedAt().atZone(ZoneOffset.UTC).toLocalDate().toString());
        return api.call("POST", TRACKING + orderId + "/shipment-trackings", Map.of(), json.writeValueAsString(item)).body()
                .path("tracking_id").asText();
    }

    /** Whether this parcel, with the order's parcels shipped before it, carries every unit still open on every line. */
    static boolean completesTheOrder(ShipmentNotice notice) {
        Map<String, Integer> inParcel = new HashMap<>(notice.shippedBefore());
        notice.lines().forEach(l -> inParcel.merge(l.channelLineId(), l.units(), Integer::sum));
        JsonNode lines = notice.order() == null ? null : notice.order().path("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            return false;
        }
        for (JsonNode line : lines) {
            int open = line.path("qtyOrdered").asInt() - line.path("qtyCancelled").asInt() - line.path("qtyRefunded").asInt();
            if (open > 0 && inParcel.getOrDefault(line.path("channelLineId").asText(), 0) < open) {
                return false;
            }
        }
        return true;
    }

    private static String carrier(ShipmentNotice notice) {
        return notice.carrierName() != null ? notice.carrierName() : notice.carrierCode();
    }

    static String text(ShipmentNotice notice) {
        return "Your order has shipped with " + carrier(notice) + ". Tracking number: " + notice.trackingNumber()
                + (notice.trackingUrl() == null ? "" : " - " + notice.trackingUrl());
    }
}
