package io.kontor.stock;

import io.kontor.platform.BadInputException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stock on its way from one warehouse to another. Each leg is a TRANSFER movement in the ledger of its own warehouse:
 * the dispatch takes units off the origin, the receipt puts them on at the destination; in between they are in transit
 * to the destination (not available anywhere, so no channel is offered them). The two legs usually come from two
 * warehouse systems, so either may be told first; a transfer line is identified by its reference and SKU, and each
 * leg is booked once per call — the callers (the WMS feed, the API) see to it that a report is not booked twice.
 * Units that never arrive are written off by closing the line with a reason.
 */
@Service("stockTransfers")
public class StockTransfers {

    public enum Status {
        /** The destination received units the origin has not reported dispatching yet. */
        AWAITING_DISPATCH,
        /** Dispatched units are neither received nor written off. */
        IN_TRANSIT,
        /** Everything dispatched has arrived. */
        RECEIVED,
        /** Closed by a person; what had not arrived was written off. */
        CLOSED
    }

    /** One line of a transfer order. */
    public record Transfer(String reference, String sku, String from, String to, int dispatched, int received, int writtenOff,
                           int inTransit, Status status, Instant dispatchedAt, Instant receivedAt, Instant closedAt, String closedBy,
                           String closeReason) {
    }

    /** What is still on its way, and the line's status: derived from the figures, in the one place both are read. */
    private static final String IN_TRANSIT = "case when closed_at is null then greatest(dispatched - received - written_off, 0) else 0 end";
    private static final String STATUS = """
            case when closed_at is not null then 'CLOSED' when dispatched = 0 then 'AWAITING_DISPATCH'
                 when dispatched > received + written_off then 'IN_TRANSIT' else 'RECEIVED' end""";

    private static final String SELECT = "select reference, sku, from_warehouse, to_warehouse, dispatched, received, written_off, "
            + IN_TRANSIT + " as in_transit, " + STATUS + " as status, dispatched_at, received_at, closed_at, closed_by, close_reason"
            + " from stock_transfers";

    private static final RowMapper<Transfer> TRANSFER = (rs, n) -> new Transfer(rs.getString("reference"), rs.getString("sku"),
            rs.getString("from_warehouse"), rs.getString("to_warehouse"), rs.getInt("dispatched"), rs.getInt("received"), rs.getInt("written_off"),
            rs.getInt("in_transit"), Status.valueOf(rs.getString("status")), instant(rs.getTimestamp("dispatched_at")),
            instant(rs.getTimestamp("received_at")), instant(rs.getTimestamp("closed_at")), rs.getString("closed_by"), rs.getString("close_reason"));

    private final JdbcTemplate jdbc;
    private final StockLedger ledger;

    public StockTransfers(JdbcTemplate jdbc, StockLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /**
     * Units of {@code sku} left {@code from} for {@code to} under transfer {@code reference}: booked off the origin
     * (refused when fewer units would remain there than are reserved for orders).
     */
    @Transactional
    public Transfer dispatch(String reference, String sku, String from, String to, int units) {
        Transfer line = line(reference, sku, from, to, units);
        ledger.transfer(sku, from, -units, "transfer " + reference + " to " + to);
        jdbc.update("update stock_transfers set dispatched = dispatched + ?, dispatched_at = now() where reference = ? and sku = ?",
                units, line.reference(), line.sku());
        return transfer(line.reference(), line.sku());
    }

    /**
     * Units of {@code sku} arrived at {@code to} under transfer {@code reference}: booked onto the destination. More
     * than is still in transit is refused once the dispatch is known (the excess is an adjustment, with its reason).
     */
    @Transactional
    public Transfer receive(String reference, String sku, String from, String to, int units) {
        Transfer line = line(reference, sku, from, to, units);
        if (line.dispatched() > 0 && units > line.inTransit()) {
            throw new BadInputException("Transfer " + reference + " has " + line.inTransit() + " units of " + sku + " in transit to " + to
                    + "; " + units + " cannot be received (book the excess as an adjustment)");
        }
        ledger.transfer(sku, to, units, "transfer " + reference + " from " + line.from());
        jdbc.update("update stock_transfers set received = received + ?, received_at = now() where reference = ? and sku = ?",
                units, line.reference(), line.sku());
        return transfer(line.reference(), line.sku());
    }

    /** A person closes a transfer line: what is still in transit is written off (it left the origin and never arrived). */
    @Transactional
    public Transfer close(String reference, String sku, String by, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BadInputException("Say why the transfer is closed (reason)");
        }
        Transfer line = locked(reference, sku);
        if (line == null) {
            return null;
        }
        if (line.status() == Status.CLOSED) {
            throw new IllegalStateException("Transfer " + reference + " (" + sku + ") was closed by " + line.closedBy() + " at " + line.closedAt());
        }
        jdbc.update("""
                update stock_transfers set written_off = written_off + ?, closed_at = now(), closed_by = ?, close_reason = ?
                 where reference = ? and sku = ?""", line.inTransit(), by, reason.strip(), reference, sku);
        return transfer(reference, sku);
    }

    public Transfer transfer(String reference, String sku) {
        List<Transfer> found = jdbc.query(SELECT + " where reference = ? and sku = ?", TRANSFER, reference, sku);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Transfer lines, newest first; by status (null: all) and SKU (null: all). */
    public List<Transfer> transfers(Status status, String sku, int limit, long offset) {
        return jdbc.query(SELECT + " where " + FILTER + " order by created_at desc, reference, sku limit ? offset ?", TRANSFER,
                filterArguments(status, sku, limit, offset));
    }

    public long count(Status status, String sku) {
        return jdbc.queryForObject("select count(*) from stock_transfers where " + FILTER, Long.class, filterArguments(status, sku));
    }

    private static final String FILTER = "(?::varchar is null or ? = " + STATUS + ") and (?::varchar is null or sku = ?)";

    private static Object[] filterArguments(Status status, String sku, Object... more) {
        String s = status == null ? null : status.name();
        Object[] args = new Object[4 + more.length];
        args[0] = s;
        args[1] = s;
        args[2] = sku;
        args[3] = sku;
        System.arraycopy(more, 0, args, 4, more.length);
        return args;
    }

    /** Units of a SKU in transit, per destination warehouse. */
    public Map<String, Integer> inTransit(String sku) {
        Map<String, Integer> out = new TreeMap<>();
        // the lines IN_TRANSIT, as the partial index stock_transfers_in_transit has them
        jdbc.query("select to_warehouse, sum(" + IN_TRANSIT + ") from stock_transfers"
                        + " where sku = ? and closed_at is null and dispatched > received + written_off group by to_warehouse",
                rs -> {
                    out.put(rs.getString(1), rs.getInt(2));
                }, sku);
        return out;
    }

    /** The open transfer lines of a SKU that touch a warehouse (leaving it or on their way to it), for the reconciliation. */
    List<Transfer> open(String sku, String warehouse) {
        return jdbc.query(SELECT + " where sku = ? and (from_warehouse = ? or to_warehouse = ?) and closed_at is null"
                + " and dispatched <> received + written_off order by created_at", TRANSFER, sku, warehouse, warehouse);
    }

    /** The transfer line, created when this is the first leg told, locked; its other fields must agree with what is known. */
    private Transfer line(String reference, String sku, String from, String to, int units) {
        if (reference == null || reference.isBlank() || sku == null || sku.isBlank() || from == null || to == null) {
            throw new BadInputException("A transfer names its reference, SKU, origin and destination warehouse");
        }
        if (from.equals(to)) {
            throw new BadInputException("Transfer " + reference + " goes from " + from + " to itself");
        }
        if (units <= 0) {
            throw new BadInputException("Transfer " + reference + ": a leg moves at least one unit, not " + units);
        }
        String ref = reference.strip();
        String item = sku.strip();
        jdbc.update("insert into stock_transfers (reference, sku, from_warehouse, to_warehouse) values (?, ?, ?, ?) on conflict do nothing",
                ref, item, from, to);
        Transfer line = locked(ref, item);
        if (!line.from().equals(from) || !line.to().equals(to)) {
            throw new BadInputException("Transfer " + ref + " (" + item + ") goes from " + line.from() + " to " + line.to() + ", not from "
                    + from + " to " + to);
        }
        if (line.status() == Status.CLOSED) {
            throw new IllegalStateException("Transfer " + ref + " (" + item + ") was closed by " + line.closedBy() + ": " + line.closeReason());
        }
        return line;
    }

    private Transfer locked(String reference, String sku) {
        List<Transfer> found = jdbc.query(SELECT + " where reference = ? and sku = ? for update", TRANSFER, reference, sku);
        return found.isEmpty() ? null : found.get(0);
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
