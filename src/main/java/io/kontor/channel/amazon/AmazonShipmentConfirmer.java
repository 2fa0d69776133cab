package io.kontor.channel.amazon;

import io.kontor.shipping.spi.ShipmentNotice;
import io.kontor.channel.SellerAccount;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Confirms a shipped parcel on Amazon: confirmShipment with one package per parcel. Its packageReferenceId is the
 * parcel's own positive number, sent as a JSON string; (order, packageReferenceId) is the call's natural key, so a
 * retry after a lost answer confirms the same package again rather than a second one. A carrier whose code Amazon
 * does not list goes as {@code Other} with its name.
 */
@Component("amazonShipmentConfirmer")
public class AmazonShipmentConfirmer {

    /** Carrier codes as Seller Central lists them (exact spelling); anything else is sent as Other plus its name. */
    static final Map<String, String> CARRIER_CODES = codes("DHL", "DHL eCommerce", "Deutsche Post", "DPD", "GLS", "Hermes", "UPS", "FedEx",
            "TNT", "Royal Mail", "Parcelforce", "Yodel", "Colissimo", "Chronopost", "La Poste", "Österreichische Post", "USPS");

    private final SellingPartnerClient client;
    private final ObjectMapper json;

    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final AmazonChannelProperties props;

    public AmazonShipmentConfirmer(SellingPartnerClient client, ObjectMapper json, AmazonChannelProperties props) {
        this.props = props;
        this.client = client;
        this.json = json;
    }

    /** @return the packageReferenceId the parcel has on Amazon */
    public String confirm(ShipmentNotice notice, String sellerId, String baseUrl, String tokenUrl, String clientId) throws Exception {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        String reference = String.valueOf(notice.packageReference());
        client.post(seller, SellingPartnerClient.Operation.CONFIRM_SHIPMENT,
                "/orders/v0/orders/" + notice.channelOrderId() + "/shipmentConfirmation", json.writeValueAsString(request(notice)));
        return reference;
    }

    static Map<String, Object> request(ShipmentNotice notice) {
        if (notice.marketplaceId() == null) {
            throw new SellingPartnerApiException("Order " + notice.channelOrderId() + " has no marketplace id; Amazon needs it to confirm");
        }
        Map<String, Object> pkg = new LinkedHashMap<>();
        pkg.put("packageReferenceId", String.valueOf(notice.packageReference()));
        String code = notice.carrierName() == null ? null : CARRIER_CODES.get(notice.carrierName().toLowerCase(Locale.ROOT));
        if (code == null && notice.carrierCode() != null) {
            code = CARRIER_CODES.get(notice.carrierCode().toLowerCase(Locale.ROOT));
        }
        if (code == null) {
            pkg.put("carrierCode", "Other");
            pkg.put("carrierName", notice.carrierName() != null ? notice.carrierName() : notice.carrierCode());
        } else {
            pkg.put("carrierCode", code);
        }
        if (notice.service() != null) {
            pkg.put("shippingMethod", notice.service());
        }
        pkg.put("trackingNumber", notice.trackingNumber());
        pkg.put("shipDate", notice.shippedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ShipmentNotice.Line line : notice.lines()) {
            if (line.units() > 0) {
                items.add(Map.of("orderItemId", line.channelLineId(), "quantity", line.units()));
            }
        }
        pkg.put("orderItems", items);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("marketplaceId", notice.marketplaceId());
        body.put("packageDetail", pkg);
        return body;
    }

    private static Map<String, String> codes(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n.toLowerCase(Locale.ROOT), n);
        }
        return Map.copyOf(m);
    }
}
