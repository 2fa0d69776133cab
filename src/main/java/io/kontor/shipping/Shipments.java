package io.kontor.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.fulfilment.FulfilmentProperties;
import io.kontor.model.Address;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Shipments: each order on a pick list becomes one parcel — its tote — booked with the carrier for a label. The rows
 * are created first (one per pick list and order, so a repeated run adds none); the booking happens outside any
 * transaction with the shipment id as the carrier's idempotency key, so a booking retried after a crash returns the
 * parcel booked the first time rather than a second one.
 */
@Component("shipments")
public class Shipments {

    private static final Logger log = LoggerFactory.getLogger(Shipments.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final org.springframework.beans.factory.ObjectProvider<Carrier> carriers;
    private final FulfilmentProperties fulfilment;
    private final MeterRegistry meters;
    private final io.kontor.stock.StockLedger ledger;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final java.util.concurrent.atomic.AtomicInteger unconfirmedCount;

    public Shipments(JdbcTemplate jdbc, ObjectMapper json, org.springframework.beans.factory.ObjectProvider<Carrier> carriers,
                     FulfilmentProperties fulfilment, MeterRegistry meters, io.kontor.stock.StockLedger ledger,
                     org.springframework.transaction.support.TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.tx = tx;
        this.json = json;
        this.carriers = carriers;
        this.fulfilment = fulfilment;
        this.meters = meters;
        this.unconfirmedCount = meters.gauge("kontor.shipments.unconfirmed", new java.util.concurrent.atomic.AtomicInteger());
    }

    /**
     * One shipment per order and pick list that has none. The orders are key-share locked in id order first, as the
     * intake locks them: the shipments' foreign keys would otherwise lock them in the insert's order and could wait in
     * a circle with the intake.
     */
    private void createShipments() {
        UUID[] locked = jdbc.queryForList("""
                select id from orders where id in (select p.order_id from pick_list_lines p
                    where not exists (select 1 from shipments s where s.pick_list_id = p.pick_list_id and s.order_id = p.order_id))
                order by id for key share""", UUID.class).toArray(UUID[]::new);
        jdbc.update("""
                insert into shipments (id, order_id, pick_list_id, warehouse, tote, lines, ship_to, status)
                select gen_random_uuid(), p.order_id, p.pick_list_id, min(p.warehouse), min(p.tote),
                       jsonb_agg(jsonb_build_object('channelLineId', p.channel_line_id, 'sku', p.sku, 'units', p.units) order by p.channel_line_id),
                       (select o.canonical -> 'shipTo' from orders o where o.id = p.order_id), 'NEW'
                from pick_list_lines p
                where p.order_id = any(?)
                  and not exists (select 1 from shipments s where s.pick_list_id = p.pick_list_id and s.order_id = p.order_id)
                group by p.pick_list_id, p.order_id
                on conflict (pick_list_id, order_id) do nothing""", (Object) locked);
    }

    /** Creates the shipments of pick lists that have none yet and books every shipment still without a label. */
    public int labelPickLists() {
        tx.executeWithoutResult(t -> createShipments());
        Carrier carrier = carriers.getIfAvailable();
        if (carrier == null) {
            return 0; // the warehouse books (kontor.shipping.carrier: warehouse) and reports carrier and tracking number
        }
        int booked = 0;
        for (Map<String, Object> s : jdbc.queryForList("""
                select s.id, s.warehouse, s.ship_to::text as ship_to, o.order_number, o.channel,
                       (select sum((l ->> 'units')::int) from jsonb_array_elements(s.lines) l) as units
                from shipments s join orders o on o.id = s.order_id where s.status = 'NEW' order by s.created_at limit 500""")) {
            UUID id = (UUID) s.get("id");
            JsonNode shipTo = tree((String) s.get("ship_to"));
            FulfilmentProperties.Warehouse from = warehouse((String) s.get("warehouse"));
            Carrier.Booking booking = carrier.book(new Carrier.Parcel(id.toString(), from.name() == null ? from.code() : from.name(),
                    new Address(from.street() == null ? List.of() : List.of(from.street()), from.city(), null, null, null, from.postalCode(),
                            from.country(), "COMMERCIAL"),
                    shipTo.path("name").asText(null), shipTo.path("company").asText(null), address(shipTo.path("address")),
                    ((Number) s.get("units")).intValue(), s.get("channel") + " " + s.get("order_number")));
            jdbc.update("""
                    update shipments set status = 'LABELLED', carrier = ?, carrier_name = ?, service = ?, tracking_number = ?,
                           tracking_url = ?, labelled_at = now() where id = ? and status = 'NEW'""",
                    booking.carrierCode(), booking.carrierName(), booking.service(), booking.trackingNumber(), booking.trackingUrl(), id);
            booked++;
        }
        if (booked > 0) {
            meters.counter("kontor.shipments.labelled").increment(booked);
            log.debug("{} parcels booked", booked);
        }
        return booked;
    }

    /**
     * What a warehouse reports of a parcel that left: when (default now) and, checked against the booking, its tracking
     * number. A warehouse that books its parcels itself (with its own carrier account, {@code kontor.shipping.carrier:
     * warehouse}) also names the carrier (the code a channel knows, such as {@code DHL}), its display name, service and
     * tracking page; a parcel the hub has not booked can only leave with a carrier and a tracking number.
     */
    public record Shipped(String trackingNumber, String carrier, String carrierName, String service, String trackingUrl,
                          java.time.Instant shippedAt) {

        public static Shipped at(String trackingNumber, java.time.Instant shippedAt) {
            return new Shipped(trackingNumber, null, null, null, null, shippedAt);
        }

        boolean namesACarrierBooking() {
            return present(trackingNumber) && present(carrier);
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }

    /**
     * The warehouse reports the parcel gone. Idempotent: a repeated report changes nothing and keeps the first time.
     * The parcel's units leave the stock with it (from what its order line holds in that warehouse), in the same
     * transaction as the status, under the order's row lock that intake takes too; when the channel later reports the
     * units shipped, intake sees them consumed already. The shipment's row is locked as well, so a booking with the
     * hub's carrier and a warehouse's own booking of the same parcel cannot both win.
     *
     * @throws java.util.NoSuchElementException no such shipment
     * @throws IllegalStateException            the parcel is not booked and the report books none, or the tracking
     *                                          number given is another's
     */
    public Map<String, Object> markShipped(UUID id, Shipped report) {
        Map<String, Object> known = find(id).orElseThrow(() -> new java.util.NoSuchElementException("No shipment " + id));
        java.sql.Timestamp at = java.sql.Timestamp.from(report.shippedAt() == null ? java.time.Instant.now() : report.shippedAt());
        Integer changed = tx.execute(t -> {
            UUID orderId = (UUID) known.get("orderId");
            jdbc.queryForList("select id from orders where id = ? for update", orderId);
            Map<String, Object> current = jdbc.queryForMap("select status, tracking_number from shipments where id = ? for update", id);
            String trackingNumber = (String) current.get("tracking_number");
            int n;
            if ("NEW".equals(current.get("status"))) {
                if (!report.namesACarrierBooking()) {
                    throw new IllegalStateException("Shipment " + id + " is not booked with a carrier: a warehouse that books its own"
                            + " parcels must name the carrier and the tracking number");
                }
                n = jdbc.update("""
                        update shipments set status = 'SHIPPED', carrier = ?, carrier_name = ?, service = ?, tracking_number = ?,
                               tracking_url = ?, shipped_at = ? where id = ?""", report.carrier().strip(),
                        report.carrierName() == null ? report.carrier().strip() : report.carrierName(), report.service(),
                        report.trackingNumber().strip(), report.trackingUrl(), at, id);
            } else if (report.trackingNumber() != null && !report.trackingNumber().equals(trackingNumber)) {
                throw new IllegalStateException("Shipment " + id + " has tracking number " + trackingNumber + ", not " + report.trackingNumber());
            } else {
                n = jdbc.update("update shipments set status = 'SHIPPED', shipped_at = ? where id = ? and status = 'LABELLED'", at, id);
            }
            if (n > 0) {
                leaveStock(orderId, (String) known.get("warehouse"), (JsonNode) known.get("lines"));
            }
            return n;
        });
        if (changed != null && changed > 0) {
            meters.counter("kontor.shipments.shipped", "warehouse", String.valueOf(known.get("warehouse"))).increment();
        }
        return find(id).orElseThrow();
    }

    /** The parcel's units leave the stock, from what its order's lines hold in the warehouse. */
    private void leaveStock(UUID orderId, String warehouse, JsonNode lines) {
        List<String> skus = new java.util.ArrayList<>();
        lines.forEach(line -> skus.add(line.path("sku").asText()));
        io.kontor.stock.StockBook book = ledger.open(skus, List.of(orderId));
        List<io.kontor.stock.StockLedger.Reservation> held = book.reservations(orderId);
        for (JsonNode line : lines) {
            String lineId = line.path("channelLineId").asText();
            int reserved = held.stream().filter(r -> r.channelLineId().equals(lineId) && r.warehouse().equals(warehouse))
                    .mapToInt(io.kontor.stock.StockLedger.Reservation::reserved).sum();
            book.consume(orderId, lineId, line.path("sku").asText(), warehouse, Math.min(reserved, line.path("units").asInt()));
        }
        book.flush();
    }

    /**
     * A warehouse's shipped report from {@code kontor.warehouse.shipped.v1}: the parcel by {@code shipmentId}, or by
     * {@code pickListId} and {@code tote} (all a warehouse knows from its pick list), then the fields of
     * {@link Shipped}. A report that cannot be read, or names no known shipment, is bad input (quarantined).
     */
    public void fromWarehouseReport(String report) {
        JsonNode r;
        try {
            r = json.readTree(report == null ? "" : report);
        } catch (Exception e) {
            throw new io.kontor.platform.BadInputException("Shipped report is not JSON: " + e.getMessage(), e);
        }
        UUID shipmentId;
        UUID pickListId;
        java.time.Instant at;
        try {
            shipmentId = r.hasNonNull("shipmentId") ? UUID.fromString(r.get("shipmentId").asText()) : null;
            pickListId = shipmentId == null ? UUID.fromString(r.path("pickListId").asText()) : null;
            if (pickListId != null && !r.path("tote").canConvertToInt()) {
                throw new IllegalArgumentException("no tote");
            }
            at = r.hasNonNull("shippedAt") ? java.time.Instant.parse(r.get("shippedAt").asText()) : null;
        } catch (RuntimeException e) {
            throw new io.kontor.platform.BadInputException("Shipped report needs a shipmentId (UUID) or a pickListId (UUID) and its tote,"
                    + " and an ISO-8601 shippedAt: " + report, e);
        }
        try {
            UUID id = shipmentId != null ? shipmentId : ofTote(pickListId, r.get("tote").asInt());
            markShipped(id, new Shipped(r.path("trackingNumber").asText(null), r.path("carrier").asText(null), r.path("carrierName").asText(null),
                    r.path("service").asText(null), r.path("trackingUrl").asText(null), at));
        } catch (java.util.NoSuchElementException | IllegalStateException e) {
            throw new io.kontor.platform.BadInputException("Shipped report refused: " + e.getMessage(), e);
        }
    }

    private UUID ofTote(UUID pickListId, int tote) {
        return jdbc.queryForList("select id from shipments where pick_list_id = ? and tote = ?", UUID.class, pickListId, tote).stream()
                .findFirst().orElseThrow(() -> new java.util.NoSuchElementException("No shipment in tote " + tote + " of pick list " + pickListId));
    }

    /** Labelled parcels not reported shipped, labelled before {@code before} (what a warehouse still has to hand over). */
    public List<Map<String, Object>> labelledBefore(java.time.Instant before, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.queryForList(SELECT + " where status = 'LABELLED' and labelled_at < ? order by labelled_at limit ?",
                java.sql.Timestamp.from(before), limit).forEach(r -> out.add(view(r)));
        return out;
    }

    /** The daily list of shipped parcels their channel has not confirmed after a day, as a report document. */
    public String unconfirmedReport() {
        List<Map<String, Object>> open = unconfirmed(java.time.Duration.ofHours(24), 10_000);
        if (!open.isEmpty()) {
            log.warn("{} shipped parcels are not confirmed on their channel after 24 h (GET /api/shipments/unconfirmed)", open.size());
        }
        unconfirmedCount.set(open.size());
        try {
            return json.writeValueAsString(Map.of("date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(), "count", open.size(),
                    "shipments", open));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shipped parcels their channel has not confirmed, shipped longer ago than {@code olderThan}; oldest first. */
    public List<Map<String, Object>> unconfirmed(java.time.Duration olderThan, int limit) {
        return unconfirmed(olderThan, limit, 0);
    }

    public List<Map<String, Object>> unconfirmed(java.time.Duration olderThan, int limit, long offset) {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.queryForList(SELECT + UNCONFIRMED + " order by shipped_at, id limit ? offset ?", olderThan.toSeconds() + " seconds", limit, offset)
                .forEach(r -> out.add(view(r)));
        return out;
    }

    /** The same parcels, the most recently shipped first (how a person's inbox lists them). */
    public List<Map<String, Object>> unconfirmedNewestFirst(java.time.Duration olderThan, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.queryForList(SELECT + UNCONFIRMED + " order by shipped_at desc, id limit ?", olderThan.toSeconds() + " seconds", limit)
                .forEach(r -> out.add(view(r)));
        return out;
    }

    public long countUnconfirmed(java.time.Duration olderThan) {
        return jdbc.queryForObject("select count(*) from shipments s" + UNCONFIRMED, Long.class, olderThan.toSeconds() + " seconds");
    }

    private static final String UNCONFIRMED = " where status = 'SHIPPED' and channel_confirmed_at is null and shipped_at < now() - ?::interval";

    /** Shipped parcels the ERP has not been sent yet, oldest first (the ERP shipment feed's outbox). */
    public List<Map<String, Object>> unfed(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.queryForList(SELECT + " where status = 'SHIPPED' and erp_published_at is null order by shipped_at limit ?", limit)
                .forEach(r -> out.add(view(r)));
        return out;
    }

    /** The shipments of an order, as the order JSON shows them. */
    public List<Map<String, Object>> ofOrder(UUID orderId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList(SELECT + " where order_id = ? order by created_at", orderId)) {
            out.add(view(row));
        }
        return out;
    }

    public Optional<Map<String, Object>> find(UUID id) {
        return jdbc.queryForList(SELECT + " where id = ?", id).stream().findFirst().map(this::view);
    }

    public List<Map<String, Object>> list(String warehouse, int limit, long offset) {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.queryForList(SELECT + IN_WAREHOUSE + " order by created_at desc, id limit ? offset ?", warehouse, warehouse, limit, offset)
                .forEach(r -> out.add(view(r)));
        return out;
    }

    public long count(String warehouse) {
        return jdbc.queryForObject("select count(*) from shipments s" + IN_WAREHOUSE, Long.class, warehouse, warehouse);
    }

    private static final String IN_WAREHOUSE = " where (?::varchar is null or warehouse = ?)";

    public FulfilmentProperties.Warehouse warehouse(String code) {
        return fulfilment.warehouses().stream().filter(w -> w.code().equals(code)).findFirst()
                .orElse(new FulfilmentProperties.Warehouse(code, code, null, List.of(), null, null, null, null));
    }

    private static final String SELECT = """
            select id, order_id, pick_list_id, warehouse, tote, lines::text as lines, ship_to::text as ship_to, status, carrier, carrier_name,
                   service, tracking_number, tracking_url, created_at, labelled_at, shipped_at, channel_confirmed_at,
                   channel_references::text as channel_references, confirm_attempts, confirm_error,
                   (select order_number from orders o where o.id = s.order_id) as order_number,
                   (select channel from orders o where o.id = s.order_id) as channel
            from shipments s""";

    private Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", row.get("id"));
        v.put("orderId", row.get("order_id"));
        v.put("orderNumber", row.get("order_number"));
        v.put("channel", row.get("channel"));
        v.put("pickListId", row.get("pick_list_id"));
        v.put("warehouse", row.get("warehouse"));
        v.put("tote", row.get("tote"));
        v.put("status", row.get("status"));
        v.put("carrier", row.get("carrier"));
        v.put("carrierName", row.get("carrier_name"));
        v.put("service", row.get("service"));
        v.put("trackingNumber", row.get("tracking_number"));
        v.put("trackingUrl", row.get("tracking_url"));
        v.put("labelledAt", row.get("labelled_at"));
        v.put("shippedAt", row.get("shipped_at"));
        v.put("channelConfirmedAt", row.get("channel_confirmed_at"));
        // what the parcel became on its channel (fulfillment ids, package reference, file name), or why not yet
        v.put("channelReferences", tree((String) row.get("channel_references")));
        v.put("confirmAttempts", row.get("confirm_attempts"));
        v.put("confirmError", row.get("confirm_error"));
        v.put("lines", tree((String) row.get("lines")));
        v.put("shipTo", tree((String) row.get("ship_to")));
        return v;
    }

    private static Address address(JsonNode a) {
        List<String> lines = new ArrayList<>();
        a.path("lines").forEach(l -> lines.add(l.asText()));
        return new Address(lines, a.path("city").asText(null), a.path("district").asText(null), a.path("region").asText(null),
                a.path("regionCode").asText(null), a.path("postalCode").asText(null), a.path("countryCode").asText(null),
                a.path("addressType").asText(null));
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? json.missingNode() : json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Stored shipment cannot be read", e);
        }
    }
}
