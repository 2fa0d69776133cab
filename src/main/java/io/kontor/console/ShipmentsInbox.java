package io.kontor.console;

import io.kontor.shipping.Shipments;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Parcels shipped but still not confirmed on their channel after {@code kontor.console.unconfirmed-after}. */
@Component
class ShipmentsInbox implements InboxSource {

    private final Shipments shipments;
    private final ConsoleProperties properties;

    ShipmentsInbox(Shipments shipments, ConsoleProperties properties) {
        this.shipments = shipments;
        this.properties = properties;
    }

    @Override
    public String workflow() {
        return "fulfilment";
    }

    @Override
    public long waiting() {
        return shipments.countUnconfirmed(properties.unconfirmedAfter());
    }

    @Override
    public List<InboxItem> first(int limit) {
        return shipments.unconfirmedNewestFirst(properties.unconfirmedAfter(), limit).stream().map(this::item).toList();
    }

    private InboxItem item(Map<String, Object> s) {
        Instant shipped = ConsoleFormat.instant(s.get("shippedAt"));
        Object error = s.get("confirmError");
        return new InboxItem(workflow(), "unconfirmed shipment", "Parcel " + s.get("trackingNumber") + " · order "
                + s.get("orderNumber") + " · " + s.get("channel"),
                "shipped " + ConsoleFormat.time(shipped) + ", not confirmed on " + s.get("channel") + " after " + s.get("confirmAttempts")
                        + " attempts" + (error == null ? "" : ": " + error), shipped, null, "/console/shipments/" + s.get("id"));
    }
}
