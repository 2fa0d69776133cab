package io.kontor.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.JsonColumns;
import io.kontor.shipping.spi.ShipmentNotice;
import io.kontor.platform.TransientChannelException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tracking back to the channels: shipped parcels whose channel has not confirmed them yet, handed one by one to the
 * channel's shipment sink (one route per channel), and what came of it. An attempt is counted and leased before the
 * call, so two hub instances never confirm the same parcel at once and a crash after the channel's answer shows as an
 * attempt the sink must check on the channel before creating anything again. Failures wait with a growing backoff;
 * a channel that refuses a parcel outright keeps it on the unconfirmed list with its reason.
 */
@Component("shipmentConfirmations")
public class ShipmentConfirmations {

    private static final Logger log = LoggerFactory.getLogger(ShipmentConfirmations.class);
    /** How long a taken parcel is left to its sink before another attempt may take it. */
    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public ShipmentConfirmations(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.meters = meters;
    }

    private Map<String, Integer> unitsByLine(String json) {
        Map<String, Integer> units = new java.util.LinkedHashMap<>();
        tree(json).fields().forEachRemaining(e -> units.put(e.getKey(), e.getValue().asInt()));
        return units;
    }

    /** Shipped parcels of one channel account due for a confirmation attempt, oldest first; each is taken (leased). */
    public List<ShipmentNotice> due(String channel, String channelAccount, int limit) {
        return tx.execute(t -> {
            List<ShipmentNotice> out = new ArrayList<>();
            for (Map<String, Object> r : jdbc.queryForList("""
                    select s.id, s.order_id, o.channel, o.channel_account, o.channel_order_id, o.order_number, s.warehouse, s.lines::text as lines,
                           s.carrier, s.carrier_name, s.service, s.tracking_number, s.tracking_url, s.shipped_at, s.package_reference,
                           s.confirm_attempts, o.canonical::text as canonical,
                           (select coalesce(jsonb_object_agg(b.line, b.units), '{}'::jsonb)::text from (
                               select l ->> 'channelLineId' as line, sum((l ->> 'units')::int) as units
                               from shipments other, jsonb_array_elements(other.lines) l
                               where other.order_id = s.order_id and other.id <> s.id and other.status = 'SHIPPED'
                               group by 1) b) as shipped_before
                    from shipments s join orders o on o.id = s.order_id
                    where s.status = 'SHIPPED' and s.channel_confirmed_at is null and o.channel = ? and o.channel_account = ?
                      and (s.confirm_after is null or s.confirm_after <= now())
                    order by s.shipped_at limit ? for update of s skip locked""", channel, channelAccount, limit)) {
                UUID id = (UUID) r.get("id");
                jdbc.update("update shipments set confirm_attempts = confirm_attempts + 1, confirm_after = now() + ?::interval where id = ?",
                        LEASE.toSeconds() + " seconds", id);
                JsonNode order = tree((String) r.get("canonical"));
                List<ShipmentNotice.Line> lines = new ArrayList<>();
                tree((String) r.get("lines")).forEach(l -> lines.add(new ShipmentNotice.Line(l.path("channelLineId").asText(), l.path("sku").asText(null),
                        l.path("units").asInt())));
                out.add(new ShipmentNotice(id, (UUID) r.get("order_id"), (String) r.get("channel"), (String) r.get("channel_account"),
                        (String) r.get("channel_order_id"), (String) r.get("order_number"), order.path("marketplaceId").asText(null),
                        (String) r.get("warehouse"), List.copyOf(lines), (String) r.get("carrier"), (String) r.get("carrier_name"),
                        (String) r.get("service"), (String) r.get("tracking_number"), (String) r.get("tracking_url"),
                        ((Timestamp) r.get("shipped_at")).toInstant(), ((Number) r.get("package_reference")).longValue(),
                        ((Number) r.get("confirm_attempts")).intValue() + 1, order, unitsByLine((String) r.get("shipped_before"))));
            }
            return out;
        });
    }

    /** The channel holds the parcel now; {@code references} is what it became there (fulfilment ids, a file name). */
    public void confirmed(ShipmentNotice notice, Object references) {
        int changed = jdbc.update("""
                        update shipments set channel_confirmed_at = now(), channel_references = ?::jsonb, confirm_error = null, confirm_after = null
                        where id = ? and channel_confirmed_at is null""",
                JsonColumns.write(json, references instanceof List<?> ? references : List.of(String.valueOf(references))), notice.shipmentId());
        if (changed > 0) {
            meters.counter("kontor.shipments.confirmed", "channel", notice.channel()).increment();
        }
    }

    /**
     * A person confirms the parcel as done on its channel (fulfilled there by hand, or refused for a reason the
     * channel will not drop): recorded with who and why, and no further attempt is made.
     *
     * @return false when the parcel is not a shipped, unconfirmed one
     */
    public boolean confirmedByHand(UUID shipmentId, String by, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("Say why the parcel counts as confirmed on its channel (comment)");
        }
        int changed = jdbc.update("""
                        update shipments set channel_confirmed_at = now(), confirm_after = null,
                               channel_references = jsonb_build_array(jsonb_build_object('confirmedBy', ?::text, 'comment', ?::text))
                        where id = ? and status = 'SHIPPED' and channel_confirmed_at is null""", by, comment, shipmentId);
        if (changed > 0) {
            log.info("Shipment {} confirmed on its channel by hand by {}: {}", shipmentId, by, comment);
        }
        return changed > 0;
    }

    /**
     * The attempt failed. A transient fault (unreachable, throttled, 5xx) is tried again soon; a refusal is logged
     * with the channel's reason and tried again rarely, in case a person fixed the cause on the channel.
     */
    public void failed(ShipmentNotice notice, Exception e) {
        if (e instanceof io.kontor.shipping.spi.OrderCancelledOnChannelException) {
            jdbc.update("update shipments set confirm_after = 'infinity', confirm_error = ? where id = ?",
                    CANCELLED_ON_CHANNEL + " (" + e.getMessage() + ")", notice.shipmentId());
            meters.counter("kontor.shipments.confirm.cancelled", "channel", notice.channel()).increment();
            log.info("{} {}: shipment {} is not confirmed on the channel: {}", notice.channel(), notice.orderNumber(), notice.shipmentId(),
                    CANCELLED_ON_CHANNEL);
            return;
        }
        boolean transientFault = e instanceof TransientChannelException || e instanceof java.io.IOException;
        Duration wait = backoff(notice.attempt(), transientFault);
        jdbc.update("update shipments set confirm_after = now() + ?::interval, confirm_error = ? where id = ?",
                wait.toSeconds() + " seconds", String.valueOf(e.getMessage()), notice.shipmentId());
        meters.counter("kontor.shipments.confirm.failed", "channel", notice.channel(), "transient", String.valueOf(transientFault)).increment();
        if (transientFault) {
            log.info("{} {}: shipment {} not confirmed yet (attempt {}), again in {}: {}", notice.channel(), notice.orderNumber(),
                    notice.shipmentId(), notice.attempt(), wait, e.getMessage());
        } else {
            log.warn("{} {}: the channel refused shipment {} (attempt {}), again in {}: {}", notice.channel(), notice.orderNumber(),
                    notice.shipmentId(), notice.attempt(), wait, e.getMessage());
        }
    }

    /**
     * A sink found the order cancelled on a channel that takes no tracking for cancelled orders (a file-based partner
     * still gets its despatch advice): no further attempt; the parcel stays unconfirmed, and in the daily report, for
     * a person to settle (a return or a refund) and mark by hand.
     */
    static final String CANCELLED_ON_CHANNEL = "the order was cancelled on its channel after this parcel shipped, and the channel takes no"
            + " tracking for it; the parcel needs a return or a refund (mark it with POST /api/shipments/{id}/channel-confirmed once settled)";

    static Duration backoff(int attempt, boolean transientFault) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(10, Math.max(0, attempt - 1)));
        Duration cap = transientFault ? LONGEST_RETRY : LONGEST_RETRY.multipliedBy(6);
        return wait.compareTo(cap) > 0 ? cap : wait;
    }


    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Stored shipment cannot be read", e);
        }
    }
}
