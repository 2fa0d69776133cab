package io.kontor.stock;

import io.kontor.platform.TransientChannelException;
import io.kontor.stock.spi.ChannelStockReports;
import io.kontor.stock.spi.StockOutlet;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Available-to-sell to every channel. Each change of a stock level leaves a mark (a trigger on stock_levels); {@link #plan}
 * turns the marked SKUs into the figure each channel account should show at each of its locations (its warehouses, its
 * buffer), one row per target; {@link #due} hands a channel's stock sink the targets whose figure it has not
 * acknowledged, leased so that at most one request per target is in flight; {@link #pushed} and {@link #failed} take
 * the answers. A newer figure simply overwrites the wanted one: whatever was in flight, the newest is sent next.
 */
@Service("stockSync")
public class StockSync implements ChannelStockReports {

    private static final Logger log = LoggerFactory.getLogger(StockSync.class);
    /** A sink that has not answered within this is presumed lost; its targets are handed out again. */
    static final Duration LEASE = Duration.ofMinutes(1);
    /**
     * A figure a channel took for processing later (a bulk feed) stays in flight this long for its answer (Amazon
     * processes a feed in minutes, more at busy times); without one it is sent again.
     */
    static final Duration SUBMITTED_LEASE = Duration.ofMinutes(30);
    private static final long PLANNER_LOCK = 0x4b6f6e746f72L; // one planner at a time across instances
    /** A webhook stamped up to this long before the acknowledgement is still the echo of that write (clock skew). */
    private static final Duration ECHO_SKEW = Duration.ofSeconds(2);

    /** What one channel account shows of a SKU at one of its locations, as the sync knows it. */
    public record ChannelFigure(String channel, String account, String location, int wanted, Integer published, Instant acknowledgedAt,
                                Integer reported, Instant reportedAt, String status, String lastError, Integer sellable) {
    }

    /** How far behind one channel account is. */
    public record Lag(String channel, String account, long waiting, Instant oldestChange, long behindMillis, boolean overBound,
                      Instant lastAcknowledgedAt, Double p50Millis, Double p99Millis, long acknowledged) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectProvider<StockOutlet> outlets;
    private final StockProperties props;
    private final StockLedger ledger;
    private final MeterRegistry meters;
    private final Map<String, Timer> lagTimers = new ConcurrentHashMap<>();

    public StockSync(JdbcTemplate jdbc, ObjectProvider<StockOutlet> outlets, StockProperties props, StockLedger ledger, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.outlets = outlets;
        this.props = props;
        this.ledger = ledger;
        this.meters = meters;
    }

    public List<StockOutlet> outlets() {
        return outlets.orderedStream().toList();
    }

    private StockOutlet outlet(String channel, String account) {
        return outlets().stream().filter(o -> o.channel().code().equals(channel) && o.account().equals(account)).findFirst().orElse(null);
    }

    // ---- planning -----------------------------------------------------------------------------------------------

    /**
     * Turns up to {@code limit} marks of changed stock into the figure each channel should show. One planner at a time
     * (across instances too): two planners reading levels at different moments could otherwise write an older figure
     * over a newer one.
     *
     * @return the SKUs planned (0 when another planner is at work)
     */
    @Transactional
    public int plan(int limit) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, PLANNER_LOCK))) {
            return 0;
        }
        List<Long> ids = new ArrayList<>();
        Map<String, Instant> firstChange = new LinkedHashMap<>();
        jdbc.query("select id, sku, changed_at from stock_sync_pending order by id limit ?", rs -> {
            ids.add(rs.getLong(1));
            firstChange.putIfAbsent(rs.getString(2), rs.getTimestamp(3).toInstant());
        }, limit);
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.update("delete from stock_sync_pending where id = any(?)", (Object) ids.toArray(Long[]::new));
        Map<String, Map<String, Integer>> available = new HashMap<>();
        jdbc.query("select sku, warehouse, on_hand - reserved from stock_levels where sku = any(?)", rs -> {
            available.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getInt(3));
        }, (Object) firstChange.keySet().toArray(String[]::new));
        // a SKU the channel holds and sells itself (Amazon FBA) is never pushed to that channel
        Set<String> heldByChannel = new java.util.HashSet<>(jdbc.queryForList(
                "select channel || '|' || account || '|' || sku from channel_held_stock where sku = any(?)", String.class,
                (Object) firstChange.keySet().toArray(String[]::new)));
        List<Object[]> rows = new ArrayList<>();
        for (StockOutlet outlet : outlets()) {
            if (outlet.holdsOwnStock()) {
                continue;
            }
            StockProperties.Allocation allocation = props.allocation(outlet.channel().code());
            for (Map.Entry<String, Instant> sku : firstChange.entrySet()) {
                if (heldByChannel.contains(outlet.channel().code() + "|" + outlet.account() + "|" + sku.getKey())) {
                    continue;
                }
                Map<String, Integer> levels = available.getOrDefault(sku.getKey(), Map.of());
                for (Map.Entry<String, List<String>> location : locations(outlet).entrySet()) {
                    int units = 0;
                    for (Map.Entry<String, Integer> level : levels.entrySet()) {
                        if (allocation.sellsFrom(level.getKey()) && (location.getValue() == null || location.getValue().contains(level.getKey()))) {
                            units += Math.max(0, level.getValue());
                        }
                    }
                    rows.add(new Object[]{outlet.channel().code(), outlet.account(), sku.getKey(), location.getKey(), allocation.offer(units),
                            Timestamp.from(sku.getValue())});
                }
            }
        }
        // every writer of several targets locks them in key order (see pushed), so none waits for another in a circle
        rows.sort(java.util.Comparator.comparing((Object[] r) -> (String) r[0]).thenComparing(r -> (String) r[1])
                .thenComparing(r -> (String) r[2]).thenComparing(r -> (String) r[3]));
        // a target whose figure changed is sent (again); one in flight stays leased and is sent again when it answers; one
        // waiting whose figure came back to what the channel shows has nothing left to send
        jdbc.batchUpdate("""
                insert into stock_sync (channel, account, sku, location, wanted, wanted_since) values (?, ?, ?, ?, ?, ?)
                on conflict (channel, account, sku, location) do update set
                    wanted = excluded.wanted,
                    wanted_since = case when %1$s then null else coalesce(stock_sync.wanted_since, excluded.wanted_since) end,
                    pending_since = case when stock_sync.status = 'IN_FLIGHT' then coalesce(stock_sync.pending_since, excluded.wanted_since)
                                         else stock_sync.pending_since end,
                    status = case when stock_sync.status = 'IN_FLIGHT' then 'IN_FLIGHT' when %1$s then 'SYNCED' else 'PENDING' end,
                    next_attempt_at = case when stock_sync.status = 'PENDING' then stock_sync.next_attempt_at else now() end,
                    updated_at = now()
                where stock_sync.wanted <> excluded.wanted""".formatted("""
                (stock_sync.status in ('PENDING', 'SYNCED') and excluded.wanted = (case when stock_sync.reported_at is not null
                     and (stock_sync.acknowledged_at is null or stock_sync.reported_at > stock_sync.acknowledged_at)
                     then stock_sync.reported else stock_sync.published end))"""), rows);
        return firstChange.size();
    }

    /** The outlet's locations and their warehouses; null warehouses: every warehouse the allocation allows. */
    private static Map<String, List<String>> locations(StockOutlet outlet) {
        if (outlet.locations().isEmpty()) {
            Map<String, List<String>> one = new HashMap<>();
            one.put(StockOutlet.ONE_FIGURE, null);
            return one;
        }
        return outlet.locations();
    }

    /** Marks every SKU of the ledger for planning: a channel account new to the hub gets every figure. */
    @Transactional
    public int planEverything() {
        return jdbc.update("insert into stock_sync_pending (sku, changed_at) select distinct sku, now() from stock_levels");
    }

    /** At start: a channel account that has never been sent a figure gets all of them. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public void planForNewOutlets() {
        for (StockOutlet o : outlets()) {
            if (!o.holdsOwnStock() && !Boolean.TRUE.equals(jdbc.queryForObject(
                    "select exists (select 1 from stock_sync where channel = ? and account = ?)", Boolean.class, o.channel().code(), o.account()))) {
                log.info("{} {} is new to stock sync: every SKU's figure goes out", o.channel(), o.account());
                planEverything();
                return;
            }
        }
    }

    // ---- pushing ------------------------------------------------------------------------------------------------

    private static final String KNOWN_ON_CHANNEL = """
            case when s.reported_at is not null and (s.acknowledged_at is null or s.reported_at > s.acknowledged_at)
                 then s.reported else s.published end""";

    /** The figures one channel account has not acknowledged, oldest change first, each leased to the caller. */
    @Transactional
    public List<StockUpdate> due(String channel, String account, int limit) {
        return due(channel, account, limit, 1, 0);
    }

    /**
     * As {@link #due(String, String, int)}, but nothing unless at least {@code minimum} figures are due, and nothing
     * when {@code yieldAt} or more are (0: no such bound): a channel's bulk path (a feed) takes a backlog, its single
     * calls the smaller numbers.
     */
    @Transactional
    public List<StockUpdate> due(String channel, String account, int limit, int minimum, int yieldAt) {
        if (minimum > 1 || yieldAt > 0) {
            int due = jdbc.queryForObject("""
                    select count(*) from (select 1 from stock_sync
                     where channel = ? and account = ?
                       and ((status = 'PENDING' and next_attempt_at <= now()) or (status = 'IN_FLIGHT' and lease_until < now()))
                     limit ?) due""", Integer.class, channel, account, Math.max(minimum, yieldAt));
            if (due < minimum || (yieldAt > 0 && due >= yieldAt)) {
                return List.of();
            }
        }
        return jdbc.query("""
                with picked as (
                    select channel, account, sku, location from stock_sync
                     where channel = ? and account = ?
                       and ((status = 'PENDING' and next_attempt_at <= now()) or (status = 'IN_FLIGHT' and lease_until < now()))
                     order by next_attempt_at, wanted_since limit ? for update skip locked)
                update stock_sync s set status = 'IN_FLIGHT', lease_until = now() + ? * interval '1 second', attempts = s.attempts + 1,
                       attempt_key = case when s.attempt_key is null or s.attempt_quantity is distinct from s.wanted
                                               or s.attempt_from is distinct from (%1$s) then gen_random_uuid() else s.attempt_key end,
                       attempt_quantity = s.wanted, attempt_from = (%1$s), updated_at = now()
                  from picked p
                 where s.channel = p.channel and s.account = p.account and s.sku = p.sku and s.location = p.location
                returning s.sku, s.location, s.attempt_quantity, s.attempt_from, s.attempt_key, coalesce(s.wanted_since, now())
                """.formatted(KNOWN_ON_CHANNEL),
                (rs, i) -> new StockUpdate(channel, account, rs.getString(1), rs.getString(2), rs.getInt(3),
                        (Integer) rs.getObject(4), rs.getObject(5, UUID.class), rs.getTimestamp(6).toInstant()),
                channel, account, limit, LEASE.toSeconds());
    }

    /** The channel's answer to each figure of a call, in the order they were sent. */
    @Transactional
    public void pushed(List<StockUpdate> updates, List<StockPushResult> results) {
        if (updates.size() != results.size()) {
            throw new IllegalArgumentException(updates.size() + " figures sent, " + results.size() + " answers");
        }
        List<Object[]> outcomes = new ArrayList<>();
        for (int i : inKeyOrder(updates)) {
            StockUpdate u = updates.get(i);
            StockPushResult r = results.get(i);
            switch (r.outcome()) {
                case ACKNOWLEDGED -> outcomes.add(new Object[]{u.channel(), u.account(), r.outcome().name(), acknowledged(u).toMillis()});
                case STALE -> {
                    Duration lag = stale(u, r.reported());
                    if (lag != null) {
                        outcomes.add(new Object[]{u.channel(), u.account(), StockPushResult.Outcome.ACKNOWLEDGED.name(), lag.toMillis()});
                    }
                }
                case DEFERRED -> {
                    sendAt(u, r.retryAt(), r.message(), true);
                    meters.counter("kontor.stock.sync.deferred", "channel", u.channel()).increment();
                }
                case SUBMITTED -> jdbc.update("""
                        update stock_sync set lease_until = now() + ? * interval '1 second', updated_at = now()
                        where channel = ? and account = ? and sku = ? and location = ? and status = 'IN_FLIGHT'""",
                        SUBMITTED_LEASE.toSeconds(), u.channel(), u.account(), u.sku(), u.location());
                case NOT_APPLIED -> jdbc.update("""
                        update stock_sync set status = 'PENDING', lease_until = null, next_attempt_at = now(), pending_since = null, updated_at = now()
                        where channel = ? and account = ? and sku = ? and location = ? and status = 'IN_FLIGHT'""",
                        u.channel(), u.account(), u.sku(), u.location());
                case NOT_LISTED, REFUSED -> {
                    // not tried again until the figure changes (the planner sets PENDING then); nothing waits meanwhile
                    jdbc.update("""
                            update stock_sync set status = ?, lease_until = null, attempt_key = null, last_error = ?, wanted_since = null, pending_since = null,
                                   updated_at = now()
                            where channel = ? and account = ? and sku = ? and location = ? and status = 'IN_FLIGHT'""",
                            r.outcome().name(), r.message(), u.channel(), u.account(), u.sku(), u.location());
                    meters.counter("kontor.stock.sync.refused", "channel", u.channel(), "outcome", r.outcome().name()).increment();
                    log.info("{} {} refused {} units of {} at '{}': {}", u.channel(), u.account(), u.quantity(), u.sku(), u.location(), r.message());
                    outcomes.add(new Object[]{u.channel(), u.account(), r.outcome().name(), null});
                }
            }
        }
        jdbc.batchUpdate("insert into stock_sync_outcomes (channel, account, outcome, lag_ms) values (?, ?, ?, ?)", outcomes);
    }

    /** Forgets the channels' answers older than {@code days} (the dashboards look back no further). */
    public int forgetOutcomesOlderThan(int days) {
        return jdbc.update("delete from stock_sync_outcomes where at < now() - make_interval(days => ?)", days);
    }

    /** The figure acknowledged; answers the lag from the change behind it. */
    private Duration acknowledged(StockUpdate u) {
        Instant since = jdbc.query("""
                update stock_sync s set published = ?, acknowledged_at = now(), lease_until = null, attempts = 0, last_error = null,
                       status = case when s.wanted = ? then 'SYNCED' else 'PENDING' end,
                       next_attempt_at = now(),
                       wanted_since = case when s.wanted = ? then null else coalesce(s.pending_since, now()) end,
                       pending_since = null, updated_at = now()
                  from (select wanted_since from stock_sync
                         where channel = ? and account = ? and sku = ? and location = ? for update) before
                 where s.channel = ? and s.account = ? and s.sku = ? and s.location = ?
                returning before.wanted_since""",
                rs -> rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null,
                u.quantity(), u.quantity(), u.quantity(), u.channel(), u.account(), u.sku(), u.location(),
                u.channel(), u.account(), u.sku(), u.location());
        Instant from = since != null ? since : u.changedAt();
        Duration lag = Duration.between(from, Instant.now()).abs();
        lagTimer(u.channel()).record(lag);
        return lag;
    }

    /** A compare-and-set refusal: the figure was not set; answers the lag when the channel showed it already. */
    private Duration stale(StockUpdate u, Integer reported) {
        if (reported != null && reported == u.quantity()) {
            // the channel shows the figure already (its own orders took it there): nothing to send
            jdbc.update("update stock_sync set reported = ?, reported_at = now() where channel = ? and account = ? and sku = ? and location = ?",
                    reported, u.channel(), u.account(), u.sku(), u.location());
            return acknowledged(u);
        }
        Integer published = jdbc.query("""
                update stock_sync set reported = ?, reported_at = now(), status = 'PENDING', lease_until = null, next_attempt_at = now(),
                       updated_at = now()
                where channel = ? and account = ? and sku = ? and location = ?
                returning published""", rs -> rs.next() ? (Integer) rs.getObject(1) : null,
                reported, u.channel(), u.account(), u.sku(), u.location());
        if (reported != null && published != null && reported > published) {
            edited(u.channel(), u.account(), u.sku(), u.location(), published, reported);
        }
        return null;
    }

    /**
     * A call that failed as a whole. A transient fault (throttled, unreachable, 5xx) is tried again with the same
     * idempotency key, after a pause growing with the attempts (at most a minute); any other failure likewise, but
     * with a new key, since the channel may have refused what the old one carried.
     */
    @Transactional
    public void failed(List<StockUpdate> updates, Exception e) {
        boolean transientFault = e instanceof TransientChannelException || e.getCause() instanceof TransientChannelException;
        long paced = e instanceof TransientChannelException t ? t.waitMillis()
                : e.getCause() instanceof TransientChannelException c ? c.waitMillis() : 0;
        if (paced > 0) {
            // the channel's limit, known in advance: the figures go when it allows, no back-off, no attempt counted
            Instant at = Instant.now().plusMillis(paced);
            for (int i : inKeyOrder(updates)) {
                sendAt(updates.get(i), at, null, false);
            }
            meters.counter("kontor.stock.sync.paced", "channel", updates.isEmpty() ? "" : updates.get(0).channel()).increment();
            return;
        }
        for (int i : inKeyOrder(updates)) {
            StockUpdate u = updates.get(i);
            jdbc.update("""
                    update stock_sync set status = 'PENDING', lease_until = null, last_error = ?, pending_since = null,
                           attempt_key = case when ? then attempt_key else null end,
                           next_attempt_at = now() + least(60, power(2, least(attempts, 6)) * 0.25) * interval '1 second', updated_at = now()
                    where channel = ? and account = ? and sku = ? and location = ? and status = 'IN_FLIGHT'""",
                    String.valueOf(e.getMessage()), transientFault, u.channel(), u.account(), u.sku(), u.location());
        }
        if (!updates.isEmpty()) {
            meters.counter("kontor.stock.sync.failed", "channel", updates.get(0).channel(), "transient", String.valueOf(transientFault)).increment();
            log.info("{} {}: {} stock figures not sent ({}), tried again: {}", updates.get(0).channel(), updates.get(0).account(), updates.size(),
                    transientFault ? "transient" : "refused", e.getMessage());
        }
    }

    /**
     * A figure in flight that waits, not for a fault but for the channel's limit, to be sent at {@code at}: no back-off;
     * {@code why} shown as its last error where given; the attempt uncounted where the channel never saw it.
     */
    private void sendAt(StockUpdate u, Instant at, String why, boolean keepAttempt) {
        jdbc.update("""
                update stock_sync set status = 'PENDING', lease_until = null, next_attempt_at = ?, pending_since = null,
                       last_error = coalesce(?, last_error), attempts = case when ? then attempts else greatest(0, attempts - 1) end,
                       updated_at = now()
                where channel = ? and account = ? and sku = ? and location = ? and status = 'IN_FLIGHT'""",
                Timestamp.from(at), why, keepAttempt, u.channel(), u.account(), u.sku(), u.location());
    }

    /** The positions of the figures in the order of their targets' keys: the one order every writer locks targets in. */
    private static List<Integer> inKeyOrder(List<StockUpdate> updates) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing((Integer i) -> updates.get(i).channel()).thenComparing(i -> updates.get(i).account())
                .thenComparing(i -> updates.get(i).sku()).thenComparing(i -> updates.get(i).location()));
        return order;
    }

    private Timer lagTimer(String channel) {
        return lagTimers.computeIfAbsent(channel, c -> Timer.builder("kontor.stock.sync.lag")
                .description("From a stock movement to the channel's acknowledgement of the figure it leads to")
                .tag("channel", c).publishPercentiles(0.5, 0.99).publishPercentileHistogram(false)
                .distributionStatisticExpiry(Duration.ofMinutes(1)).distributionStatisticBufferLength(3)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters));
    }

    // ---- what channels report -----------------------------------------------------------------------------------

    @Override
    public List<String> toReadBack(String channel, String account, int limit, Duration settle) {
        return jdbc.queryForList("""
                select sku from stock_sync where channel = ? and account = ? and status = 'SYNCED' and acknowledged_at <= ?
                 group by sku order by min(coalesce(reported_at, 'epoch'::timestamptz)), sku limit ?""", String.class,
                channel, account, Timestamp.from(Instant.now().minus(settle)), limit);
    }

    /** A read of the channel: each figure judged, and what buyers can buy kept beside it where the channel shows that apart. */
    @Override
    @Transactional
    public Map<Verdict, Integer> reportedAll(String channel, String account, List<Report> reports) {
        // one transaction for the read: its targets locked in the key order every writer of several targets keeps
        List<Report> inKeyOrder = reports.stream().sorted(java.util.Comparator.comparing(Report::sku)
                .thenComparing(r -> r.location() == null ? "" : r.location())).toList();
        Map<Verdict, Integer> verdicts = ChannelStockReports.super.reportedAll(channel, account, inKeyOrder);
        List<Object[]> sellable = inKeyOrder.stream().filter(r -> r.sellable() != null)
                .map(r -> new Object[]{r.sellable(), Timestamp.from(r.at()), channel, account, r.sku(), r.location() == null ? "" : r.location()})
                .toList();
        jdbc.batchUpdate("update stock_sync set sellable = ?, sellable_at = ? where channel = ? and account = ? and sku = ? and location = ?",
                sellable);
        return verdicts;
    }

    @Override
    @Transactional
    public Verdict reported(String channel, String account, String sku, String location, int quantity, Instant at) {
        Map<String, Object> row = jdbc.query("""
                select published, acknowledged_at, attempt_quantity, status, reported_at from stock_sync
                where channel = ? and account = ? and sku = ? and location = ? for update""",
                rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    Map<String, Object> r = new HashMap<>();
                    r.put("published", rs.getObject(1));
                    r.put("acknowledgedAt", rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant());
                    r.put("attempt", rs.getObject(3));
                    r.put("status", rs.getString(4));
                    r.put("reportedAt", rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant());
                    return r;
                }, channel, account, sku, location);
        Instant when = at == null ? Instant.now() : at;
        if (row == null || (row.get("reportedAt") != null && when.isBefore((Instant) row.get("reportedAt")))) {
            return Verdict.IGNORED; // not a figure the hub publishes, or older than what the channel said since
        }
        Instant acknowledged = (Instant) row.get("acknowledgedAt");
        if (acknowledged != null && when.isBefore(acknowledged) && !Integer.valueOf(quantity).equals(row.get("published"))) {
            return Verdict.IGNORED; // a read begun before the channel took the hub's latest figure shows an older one
        }
        jdbc.update("update stock_sync set reported = ?, reported_at = ? where channel = ? and account = ? and sku = ? and location = ?",
                quantity, Timestamp.from(when), channel, account, sku, location);
        Integer published = (Integer) row.get("published");
        Instant acknowledgedAt = (Instant) row.get("acknowledgedAt");
        boolean inFlight = "IN_FLIGHT".equals(row.get("status"));
        if ((published != null && quantity == published && acknowledgedAt != null && !when.isBefore(acknowledgedAt.minus(ECHO_SKEW)))
                || (inFlight && Integer.valueOf(quantity).equals(row.get("attempt")))) {
            meters.counter("kontor.stock.sync.echo", "channel", channel).increment();
            return Verdict.ECHO;
        }
        if (published == null || quantity <= published) {
            return Verdict.SOLD_ON_CHANNEL;
        }
        edited(channel, account, sku, location, published, quantity);
        return Verdict.EDITED_ON_CHANNEL;
    }

    /**
     * Someone raised the figure on the channel above what the hub sent (orders only lower it). Recorded and announced;
     * then the ledger's figure goes out again, or, where the channel is trusted for this, the difference is booked in
     * the first warehouse the location sells from and goes out to every channel.
     */
    private void edited(String channel, String account, String sku, String location, int published, int found) {
        StockProperties.OnChannelEdit onEdit = props.allocation(channel).onChannelEdit();
        String warehouse = onEdit == StockProperties.OnChannelEdit.TAKE_OVER ? takeOverWarehouse(channel, account, location, sku, found - published)
                : null;
        StockProperties.OnChannelEdit action = warehouse == null ? StockProperties.OnChannelEdit.OVERWRITE : onEdit;
        jdbc.update("insert into stock_channel_edits (channel, account, sku, location, published, found, action) values (?, ?, ?, ?, ?, ?, ?)",
                channel, account, sku, location, published, found, action.name());
        meters.counter("kontor.stock.channel.edits", "channel", channel, "action", action.name()).increment();
        log.warn("{} {} shows {} units of {} at '{}' where the hub sent {}: changed on the channel; {}", channel, account, found, sku, location,
                published, action == StockProperties.OnChannelEdit.TAKE_OVER ? "taken over into " + warehouse : "the ledger's figure goes out again");
        if (action == StockProperties.OnChannelEdit.TAKE_OVER) {
            // the level changes, the planner sends the new figure to every channel (this one included)
            jdbc.update("update stock_sync set published = ?, acknowledged_at = now() where channel = ? and account = ? and sku = ? and location = ?",
                    found, channel, account, sku, location);
            ledger.adjust(sku, warehouse, found - published, channel, "changed on " + channel + " " + account + " from " + published + " to " + found);
        } else {
            jdbc.update("""
                    update stock_sync set status = case when status = 'IN_FLIGHT' then status else 'PENDING' end, next_attempt_at = now(),
                           wanted_since = coalesce(wanted_since, now()), updated_at = now()
                    where channel = ? and account = ? and sku = ? and location = ?""", channel, account, sku, location);
        }
    }

    /**
     * Where a channel's change is taken over: the first warehouse the location sells from, if the change leaves it no
     * fewer units than are reserved there (else the ledger's figure goes out again instead).
     */
    private String takeOverWarehouse(String channel, String account, String location, String sku, int delta) {
        StockOutlet outlet = outlet(channel, account);
        List<String> candidates = outlet == null || location.isEmpty() ? props.allocation(channel).warehouses() : outlet.locations().get(location);
        if (candidates == null || candidates.isEmpty()) {
            return null;
        }
        String warehouse = candidates.get(0);
        Boolean fits = jdbc.query("select on_hand + ? >= reserved from stock_levels where sku = ? and warehouse = ?",
                rs -> rs.next() ? rs.getBoolean(1) : delta >= 0, delta, sku, warehouse);
        return Boolean.TRUE.equals(fits) ? warehouse : null;
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    public List<ChannelFigure> channels(String sku) {
        return jdbc.query("""
                select channel, account, location, wanted, published, acknowledged_at, reported, reported_at, status, last_error, sellable
                  from stock_sync where sku = ? order by channel, account, location""",
                (rs, i) -> new ChannelFigure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), (Integer) rs.getObject(5),
                        instant(rs.getTimestamp(6)), (Integer) rs.getObject(7), instant(rs.getTimestamp(8)), rs.getString(9), rs.getString(10),
                        (Integer) rs.getObject(11)),
                sku);
    }

    /** Per channel account: figures waiting, the oldest unacknowledged change, the lag percentiles of about the last minute. */
    public List<Lag> lag() {
        Map<String, Lag> out = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        jdbc.query("""
                select channel, account, count(*) filter (where status in ('PENDING', 'IN_FLIGHT')),
                       min(wanted_since) filter (where status in ('PENDING', 'IN_FLIGHT')), max(acknowledged_at)
                  from stock_sync group by channel, account order by channel, account""", rs -> {
            String channel = rs.getString(1);
            Instant oldest = instant(rs.getTimestamp(4));
            Duration behind = oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
            Timer timer = lagTimers.get(channel);
            Double p50 = null;
            Double p99 = null;
            long count = 0;
            if (timer != null) {
                for (var v : timer.takeSnapshot().percentileValues()) {
                    if (v.percentile() == 0.5) {
                        p50 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                    } else if (v.percentile() == 0.99) {
                        p99 = v.value(java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
                count = timer.count();
            }
            seen.add(channel + "\n" + rs.getString(2));
            out.put(channel + "\n" + rs.getString(2), new Lag(channel, rs.getString(2), rs.getLong(3), oldest, behind.toMillis(),
                    behind.compareTo(props.lagBound()) > 0, instant(rs.getTimestamp(5)), p50, p99, count));
        });
        for (StockOutlet o : outlets()) {
            if (!o.holdsOwnStock() && seen.add(o.channel().code() + "\n" + o.account())) {
                out.put(o.channel().code() + "\n" + o.account(), new Lag(o.channel().code(), o.account(), 0, null, 0, false, null, null, null, 0));
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
