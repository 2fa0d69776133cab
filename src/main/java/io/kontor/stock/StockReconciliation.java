package io.kontor.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.BadInputException;
import io.kontor.platform.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares what every other system says it holds with the ledger, per SKU and location, and tells a timing difference
 * from a real one. A warehouse's or the ERP's snapshot is compared with the ledger as it stood at the snapshot's time
 * (the movements booked since are taken out); one that matches the ledger now instead is explained by movements in
 * flight, which are listed. A channel's own report is compared with what it was sent: a push still pending explains a
 * difference, so do the channel's own orders (they lower its figure before they reach the hub). What remains is a
 * discrepancy, classified from the ledger's movements — a receipt the other system never got, a shipment booked
 * twice, a receipt the ledger lacks, a count difference, a channel showing more than it was given — with the correction
 * it suggests. Discrepancies stay open until an admin resolves them ({@link #resolve}); every resolution is recorded
 * and announced.
 */
@Service("stockReconciliation")
public class StockReconciliation {

    /** How far back a receipt may explain a difference as one the other system never got. */
    static final Duration RECEIPT_WINDOW = Duration.ofDays(30);
    /** How far back a single shipment of exactly the missing units suggests the other system booked it twice. */
    static final Duration SHIPMENT_WINDOW = Duration.ofHours(24);
    /** A channel figure lower than sent is its own orders on their way to the hub for this long; later it is drift. */
    static final Duration CHANNEL_ORDERS_WINDOW = Duration.ofMinutes(30);

    public enum Kind {
        /** The other system lacks units the ledger received (it never got the receipt). */
        MISSING_RECEIPT,
        /**
         * One shipment booked twice: by the ledger (it shows fewer units than the warehouse, by that shipment) or by the
         * other system (it shows fewer, by exactly the one recent shipment of that size).
         */
        SHIPMENT_BOOKED_TWICE,
        /** The other system holds more than the ledger, and no duplicate explains it: a receipt the ledger lacks. */
        LOST_RECEIPT,
        /** The other system holds fewer units than the ledger: shrinkage, a miscount. */
        COUNT_DIFFERENCE,
        /** A channel shows more than the ledger gave it: it may sell what does not exist. */
        CHANNEL_DRIFT,
        /**
         * A channel's listing is set to the ledger's figure but sells another, for longer than the channel takes to
         * show a change (Amazon's summarised view that never took an accepted figure).
         */
        NOT_SELLABLE
    }

    /** How an admin settles a discrepancy. */
    public enum Resolution {
        /** The warehouse's count is right: the ledger is corrected by the difference. */
        ACCEPT_COUNT,
        /** The ERP's figure is right: the ledger is corrected by the difference. */
        ACCEPT_ERP,
        /** The ledger is right: its figure goes out again (a channel) or the other system is to be corrected. */
        PUSH_LEDGER
    }

    /** One comparison's outcome that is not a plain match. */
    public record Finding(String sku, String location, String system, int ledger, int reported, int difference, String classification,
                          String explanation, String suggestion, List<String> evidence) {
    }

    public record Run(long id, Instant at, int compared, int matching, List<Finding> explained, List<Finding> discrepancies) {
    }

    public record Discrepancy(long id, String sku, String location, String system, Kind kind, int ledger, int reported, int difference,
                              String explanation, String suggestion, List<String> evidence, String status, Instant foundAt,
                              Instant lastSeenAt, String resolution, String resolvedBy, Instant resolvedAt, String comment) {
    }

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;
    private final StockTransfers transfers;
    private final ObjectMapper json;
    private final Duration notSellableAfter;

    /**
     * @param notSellableAfter how long a channel may take to sell a figure its listing is set to (Amazon: minutes);
     *                         still unsellable after that, it is a discrepancy
     */
    public StockReconciliation(JdbcTemplate jdbc, StockLedger ledger, StockTransfers transfers, ObjectMapper json,
                               @org.springframework.beans.factory.annotation.Value("${kontor.stock.not-sellable-after:PT30M}") Duration notSellableAfter) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transfers = transfers;
        this.json = json;
        this.notSellableAfter = notSellableAfter;
    }

    // ---- what the other systems say --------------------------------------------------------------------------------

    /** One line of a system's snapshot. */
    public record ReportLine(String sku, String location, Integer quantity) {
    }

    /**
     * A system's snapshot (a WMS's of its warehouse, the ERP's), kept as the latest word of that system per SKU and
     * location; a snapshot older than the one kept is ignored. Nothing of it reaches the ledger.
     *
     * @return the lines kept
     */
    @Transactional
    public int report(String system, Instant asOf, List<ReportLine> lines) {
        if (system == null || system.isBlank() || asOf == null) {
            throw new BadInputException("A stock snapshot names its system and the time it was taken (asOf)");
        }
        List<Object[]> rows = new ArrayList<>();
        for (ReportLine l : lines) {
            if (l.sku() == null || l.sku().isBlank() || l.location() == null || l.location().isBlank() || l.quantity() == null) {
                throw new BadInputException("Every line of a stock snapshot has sku, location and quantity: " + l);
            }
            rows.add(new Object[]{system, l.sku().strip(), l.location().strip(), l.quantity(), Timestamp.from(asOf)});
        }
        int kept = 0;
        for (int n : jdbc.batchUpdate("""
                insert into stock_reports (system, sku, location, quantity, as_of) values (?, ?, ?, ?, ?)
                on conflict (system, sku, location) do update set quantity = excluded.quantity, as_of = excluded.as_of, received_at = now()
                where stock_reports.as_of <= excluded.as_of""", rows)) {
            kept += Math.max(0, n);
        }
        return kept;
    }

    // ---- the comparison ------------------------------------------------------------------------------------------

    /** Compares every system's latest word with the ledger; records the run and the discrepancies it found. */
    @Transactional
    public Run run(String requestedBy) {
        Instant now = Instant.now();
        List<Finding> explained = new ArrayList<>();
        List<Finding> discrepancies = new ArrayList<>();
        int[] compared = {0};
        int[] matching = {0};
        // the ledger at each snapshot's time in the same pass: only the figures that differ are looked at one by one
        jdbc.query("""
                select r.system, r.sku, r.location, r.quantity, r.as_of, coalesce(l.on_hand, 0),
                       coalesce((select sum(m.on_hand_delta) from stock_movements m
                                  where m.sku = r.sku and m.warehouse = r.location and m.created_at > r.as_of), 0)
                  from stock_reports r left join stock_levels l on l.sku = r.sku and l.warehouse = r.location
                 order by r.sku, r.location, r.system""", rs -> {
            compared[0]++;
            int onHandNow = rs.getInt(6);
            if (rs.getInt(4) == onHandNow - rs.getInt(7)) {
                matching[0]++;
                return;
            }
            sort(compareWarehouse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getTimestamp(5).toInstant(), onHandNow),
                    matching, explained, discrepancies);
        });
        jdbc.query("""
                select channel || ' ' || account, sku, location, wanted, published, reported, reported_at, status, sellable, sellable_at, acknowledged_at
                  from stock_sync where reported is not null order by sku, location, channel""", rs -> {
            compared[0]++;
            ChannelFigures figures = new ChannelFigures(rs.getInt(4), (Integer) rs.getObject(5), rs.getInt(6), rs.getTimestamp(7).toInstant(),
                    rs.getString(8), (Integer) rs.getObject(9), rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant(),
                    rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant());
            sort(compareChannel(rs.getString(1), rs.getString(2), rs.getString(3), figures, now, notSellableAfter), matching, explained,
                    discrepancies);
        });
        for (Finding d : discrepancies) {
            jdbc.update("""
                    insert into stock_discrepancies (sku, location, system, kind, ledger_quantity, reported, difference, explanation, suggestion, evidence)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                    on conflict (sku, location, system) where status = 'OPEN' do update set kind = excluded.kind,
                        ledger_quantity = excluded.ledger_quantity, reported = excluded.reported, difference = excluded.difference,
                        explanation = excluded.explanation, suggestion = excluded.suggestion, evidence = excluded.evidence, last_seen_at = now()""",
                    d.sku(), d.location(), d.system(), d.classification(), d.ledger(), d.reported(), d.difference(), d.explanation(),
                    d.suggestion(), JsonColumns.write(json, d.evidence()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("explained", explained);
        result.put("discrepancies", discrepancies);
        Long id = jdbc.queryForObject("""
                insert into stock_reconciliations (requested_by, compared, matching, explained, discrepancies, result)
                values (?, ?, ?, ?, ?, ?::jsonb) returning id""", Long.class,
                requestedBy, compared[0], matching[0], explained.size(), discrepancies.size(), JsonColumns.write(json, result));
        return new Run(id, now, compared[0], matching[0], explained, discrepancies);
    }

    /** A comparison's outcome into its list: no finding is a match. */
    private static void sort(Finding f, int[] matching, List<Finding> explained, List<Finding> discrepancies) {
        if (f == null) {
            matching[0]++;
        } else if (f.classification().equals("EXPLAINED")) {
            explained.add(f);
        } else {
            discrepancies.add(f);
        }
    }

    private Finding compareWarehouse(String system, String sku, String location, int reported, Instant asOf, int onHandNow) {
        List<String> since = new ArrayList<>();
        int[] sinceDelta = {0};
        jdbc.query("""
                select reason, on_hand_delta, created_at, coalesce(note, '') from stock_movements
                 where sku = ? and warehouse = ? and created_at > ? and on_hand_delta <> 0 order by id""", rs -> {
            sinceDelta[0] += rs.getInt(2);
            since.add(MovementType.ofReason(rs.getString(1)) + " " + signed(rs.getInt(2)) + " at " + rs.getTimestamp(3).toInstant()
                    + (rs.getString(4).isEmpty() ? "" : " (" + rs.getString(4) + ")"));
        }, sku, location, Timestamp.from(asOf));
        int ledgerAtAsOf = onHandNow - sinceDelta[0];
        if (reported == ledgerAtAsOf) {
            return null;
        }
        if (reported == onHandNow) {
            return new Finding(sku, location, system, ledgerAtAsOf, reported, reported - ledgerAtAsOf, "EXPLAINED",
                    system + " counted " + reported + " at " + asOf + "; the ledger booked the same movements after that time",
                    "none: a timing difference", since);
        }
        int difference = reported - ledgerAtAsOf;
        Finding inTransit = explainedByTransfers(system, sku, location, ledgerAtAsOf, reported, difference, since);
        if (inTransit != null) {
            return inTransit;
        }
        List<String> evidence = new ArrayList<>(since);
        Kind kind;
        String explanation;
        String suggestion;
        if (difference < 0) {
            String receipt = jdbc.query("""
                    select coalesce(note, reason) || ' at ' || created_at from stock_movements
                     where sku = ? and warehouse = ? and reason = 'GOODS_RECEIPT' and on_hand_delta = ? and created_at between ? and ?
                     order by id desc limit 1""", rs -> rs.next() ? rs.getString(1) : null,
                    sku, location, -difference, Timestamp.from(asOf.minus(RECEIPT_WINDOW)), Timestamp.from(asOf));
            List<String> shipment = receipt != null ? List.of() : jdbc.query("""
                    select 'SHIPMENT ' || on_hand_delta || ' of order ' || order_id || ' at ' || created_at from stock_movements
                     where sku = ? and warehouse = ? and reason = 'SHIPPED' and order_id is not null and on_hand_delta = ?
                       and created_at between ? and ? limit 2""", (rs, i) -> rs.getString(1),
                    sku, location, difference, Timestamp.from(asOf.minus(SHIPMENT_WINDOW)), Timestamp.from(asOf));
            if (receipt != null) {
                kind = Kind.MISSING_RECEIPT;
                evidence.add("RECEIPT " + signed(-difference) + ": " + receipt);
                explanation = system + " holds " + -difference + " fewer than the ledger, exactly a receipt the ledger booked: " + system
                        + " never got it";
                suggestion = "send the receipt to " + system + " again (PUSH_LEDGER), or if the goods never came, " + acceptAction(system);
            } else if (shipment.size() == 1) {
                kind = Kind.SHIPMENT_BOOKED_TWICE;
                evidence.addAll(shipment);
                explanation = system + " holds " + -difference + " fewer than the ledger, exactly the one shipment of that size in the last "
                        + SHIPMENT_WINDOW.toHours() + " hours: " + system + " booked it twice";
                suggestion = "PUSH_LEDGER: the ledger stands, " + system + " reverses its second booking; or, if the units are gone, "
                        + acceptAction(system);
            } else {
                kind = Kind.COUNT_DIFFERENCE;
                explanation = system + " counted " + reported + " where the ledger holds " + ledgerAtAsOf;
                suggestion = acceptAction(system) + ": book " + signed(difference) + " as an adjustment in " + location;
            }
        } else {
            List<String> twice = jdbc.query("""
                    select 'SHIPMENT ' || min(on_hand_delta) || ' of order ' || order_id || ' booked ' || count(*) || ' times'
                      from stock_movements where sku = ? and warehouse = ? and reason = 'SHIPPED' and order_id is not null
                     group by order_id, on_hand_delta having count(*) > 1 and -(count(*) - 1) * min(on_hand_delta) = ?""",
                    (rs, i) -> rs.getString(1), sku, location, difference);
            if (!twice.isEmpty()) {
                kind = Kind.SHIPMENT_BOOKED_TWICE;
                evidence.addAll(twice);
                explanation = "the ledger booked a shipment twice: it holds " + difference + " fewer than " + system;
                suggestion = "reverse the second booking: " + acceptAction(system) + " (+" + difference + " in " + location + ")";
            } else {
                kind = Kind.LOST_RECEIPT;
                explanation = system + " holds " + difference + " more than the ledger: a receipt the ledger never booked";
                suggestion = acceptAction(system) + ": book +" + difference + " in " + location + ", and find the receipt";
            }
        }
        return new Finding(sku, location, system, ledgerAtAsOf, reported, difference, kind.name(), explanation, suggestion, evidence);
    }

    /**
     * A difference that goods between two warehouses explain: the other system already counts units in transit to this
     * warehouse (or still counts units in transit from it), or it booked a dispatch the ledger has not been told yet.
     * One open transfer line's units, or all of them together, must make up the whole difference.
     */
    private Finding explainedByTransfers(String system, String sku, String location, int ledger, int reported, int difference,
                                         List<String> since) {
        List<StockTransfers.Transfer> open = transfers.open(sku, location);
        if (open.isEmpty()) {
            return null;
        }
        int all = 0;
        List<String> evidence = new ArrayList<>(since);
        String single = null;
        for (StockTransfers.Transfer t : open) {
            boolean awaitingDispatch = t.status() == StockTransfers.Status.AWAITING_DISPATCH;
            if (awaitingDispatch && !t.from().equals(location)) {
                continue;
            }
            int offset = awaitingDispatch ? -(t.received() - t.dispatched()) : t.inTransit();
            String line = "TRANSFER " + t.reference() + ": " + (awaitingDispatch ? t.received() + " received in " + t.to() + ", dispatch from "
                    + t.from() + " not yet booked" : t.inTransit() + " in transit from " + t.from() + " to " + t.to());
            evidence.add(line);
            all += offset;
            if (offset == difference && single == null) {
                single = line;
            }
        }
        if (single == null && all != difference) {
            return null;
        }
        return new Finding(sku, location, system, ledger, reported, difference, "EXPLAINED",
                system + " differs from the ledger by " + signed(difference) + ", the goods in transit between warehouses ("
                        + (single != null ? single : "all open transfers") + ")",
                "none: the transfer's other leg settles it (or close the transfer if the goods are lost)", evidence);
    }

    private static String acceptAction(String system) {
        return system.startsWith("ERP") ? "ACCEPT_ERP" : "ACCEPT_COUNT";
    }

    /**
     * What the hub knows of one channel figure.
     *
     * @param wanted         what the ledger gives the channel now
     * @param published      what it was last sent and acknowledged
     * @param reported       what the channel's listing is set to, as it last said
     * @param sellable       what buyers can buy there, where the channel shows that apart (null elsewhere), read at
     *                       {@code sellableAt}
     * @param acknowledgedAt when it acknowledged {@code published}
     */
    record ChannelFigures(int wanted, Integer published, int reported, Instant reportedAt, String status, Integer sellable,
                          Instant sellableAt, Instant acknowledgedAt) {
    }

    static Finding compareChannel(String system, String sku, String location, ChannelFigures f, Instant now, Duration notSellableAfter) {
        int wanted = f.wanted();
        int reported = f.reported();
        Instant reportedAt = f.reportedAt();
        String status = f.status();
        int sent = f.published() == null ? wanted : f.published();
        if (reported == sent && reported == wanted) {
            // judged only on a read made when the channel should long have shown the figure it took
            if (f.sellable() != null && f.sellable() != reported && f.acknowledgedAt() != null && f.sellableAt() != null
                    && !f.sellableAt().isBefore(f.acknowledgedAt().plus(notSellableAfter))) {
                return new Finding(sku, location, system, wanted, f.sellable(), f.sellable() - wanted, Kind.NOT_SELLABLE.name(),
                        system + " is set to " + reported + " as sent, but buyers could buy " + f.sellable() + " there "
                                + Duration.between(f.acknowledgedAt(), f.sellableAt()).toMinutes() + " minutes after it took the figure",
                        "PUSH_LEDGER: send " + wanted + " again; if it stays, open a case with the channel's seller support",
                        List.of("sent " + sent + " (acknowledged " + f.acknowledgedAt() + ")", "set to " + reported + " at " + reportedAt,
                                "sellable " + f.sellable() + " at " + f.sellableAt()));
            }
            return null;
        }
        if ("PENDING".equals(status) || "IN_FLIGHT".equals(status)) {
            return new Finding(sku, location, system, wanted, reported, reported - wanted, "EXPLAINED",
                    "a push of " + wanted + " to " + system + " is pending", "none: the push is on its way", List.of("status " + status));
        }
        if (reported < sent && Duration.between(reportedAt, now).compareTo(CHANNEL_ORDERS_WINDOW) < 0) {
            return new Finding(sku, location, system, wanted, reported, reported - wanted, "EXPLAINED",
                    system + " sold " + (sent - reported) + " since it was sent " + sent + "; its orders reach the hub as orders",
                    "none: the next push sets the ledger's figure", List.of("reported " + reported + " at " + reportedAt));
        }
        if (reported > wanted) {
            return new Finding(sku, location, system, wanted, reported, reported - wanted, Kind.CHANNEL_DRIFT.name(),
                    system + " shows " + reported + " where the ledger gives it " + wanted + ": it may sell units that do not exist",
                    "PUSH_LEDGER: send " + wanted + " again", List.of("sent " + sent, "reported " + reported + " at " + reportedAt));
        }
        return new Finding(sku, location, system, wanted, reported, reported - wanted, Kind.CHANNEL_DRIFT.name(),
                system + " shows " + reported + " where the ledger gives it " + wanted + " and has for more than "
                        + CHANNEL_ORDERS_WINDOW.toMinutes() + " minutes", "PUSH_LEDGER: send " + wanted + " again",
                List.of("sent " + sent, "reported " + reported + " at " + reportedAt));
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : String.valueOf(n);
    }

    // ---- discrepancies -------------------------------------------------------------------------------------------

    private static final String DISCREPANCY = """
            select id, sku, location, system, kind, ledger_quantity, reported, difference, explanation, suggestion, evidence::text, status,
                   found_at, last_seen_at, resolution, resolved_by, resolved_at, comment from stock_discrepancies""";

    private Discrepancy discrepancy(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<String> evidence = JsonColumns.read(json, rs.getString(11), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {
        });
        return new Discrepancy(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), Kind.valueOf(rs.getString(5)), rs.getInt(6),
                rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getString(10), evidence, rs.getString(12), rs.getTimestamp(13).toInstant(),
                rs.getTimestamp(14).toInstant(), rs.getString(15), rs.getString(16),
                rs.getTimestamp(17) == null ? null : rs.getTimestamp(17).toInstant(), rs.getString(18));
    }

    /** Discrepancies by status (null: all), newest first. */
    public List<Discrepancy> discrepancies(String status, String sku, int limit, long offset) {
        return jdbc.query(DISCREPANCY + " where (?::varchar is null or status = ?) and (?::varchar is null or sku = ?) order by found_at desc, id desc limit ? offset ?",
                (rs, i) -> discrepancy(rs), status, status, sku, sku, limit, offset);
    }

    public long countDiscrepancies(String status, String sku) {
        return jdbc.queryForObject("select count(*) from stock_discrepancies where (?::varchar is null or status = ?) and (?::varchar is null or sku = ?)",
                Long.class, status, status, sku, sku);
    }

    public Discrepancy discrepancy(long id) {
        List<Discrepancy> found = jdbc.query(DISCREPANCY + " where id = ?", (rs, i) -> discrepancy(rs), id);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * An admin settles a discrepancy: accepting the count or the ERP corrects the ledger by the difference (an
     * adjustment, pushed to every channel like any other); pushing the ledger sends a channel the ledger's figure again
     * (for a warehouse or the ERP, the ledger stands and the event tells them so). Recorded with who, when and why.
     *
     * @throws IllegalStateException when it was resolved already
     */
    @Transactional
    public Discrepancy resolve(long id, Resolution resolution, String by, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new BadInputException("Say why the discrepancy is resolved this way (comment)");
        }
        Discrepancy d = jdbc.query(DISCREPANCY + " where id = ? for update", rs -> rs.next() ? discrepancy(rs) : null, id);
        if (d == null) {
            return null;
        }
        if (!"OPEN".equals(d.status())) {
            throw new IllegalStateException("Discrepancy " + id + " was resolved by " + d.resolvedBy() + " at " + d.resolvedAt() + ": "
                    + d.resolution());
        }
        boolean channel = d.kind() == Kind.CHANNEL_DRIFT;
        switch (resolution) {
            case ACCEPT_COUNT, ACCEPT_ERP -> {
                if (channel) {
                    throw new BadInputException("A channel's figure is not taken over here: push the ledger's figure (PUSH_LEDGER)");
                }
                if (d.difference() != 0) {
                    ledger.adjust(d.sku(), d.location(), d.difference(), by, "reconciliation #" + id + " (" + d.kind() + ", "
                            + resolution + "): " + comment.strip());
                }
            }
            case PUSH_LEDGER -> {
                if (channel) {
                    String[] channelAccount = d.system().split(" ", 2);
                    jdbc.update("""
                            update stock_sync set status = case when status = 'IN_FLIGHT' then status else 'PENDING' end, next_attempt_at = now(),
                                   wanted_since = coalesce(wanted_since, now()), updated_at = now()
                            where channel = ? and account = ? and sku = ? and location = ?""",
                            channelAccount[0], channelAccount.length > 1 ? channelAccount[1] : "", d.sku(), d.location());
                }
            }
        }
        jdbc.update("update stock_discrepancies set status = 'RESOLVED', resolution = ?, resolved_by = ?, resolved_at = now(), comment = ? where id = ?",
                resolution.name(), by, comment.strip(), id);
        return discrepancy(id);
    }
}
