package io.kontor.stock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.JsonColumns;
import io.kontor.platform.KafkaRecords;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stock workflow's events on {@code kontor.stock.events.v1}, keyed by SKU (or channel): a discrepancy found, a
 * discrepancy resolved (by whom, how), a change made on a channel by someone else, a channel behind its lag bound. The
 * first three come from their tables through this outbox (each announced once, after it is on the topic); the lag alert
 * is computed each time and repeated at most once a minute per channel account while it lasts.
 */
@Component("stockEvents")
public class StockEvents {

    static final String MARKS = "kontorStockEventMarks";
    private static final Duration ALERT_EVERY = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final StockSync sync;
    private final Map<String, Instant> alerted = new ConcurrentHashMap<>();

    public StockEvents(JdbcTemplate jdbc, ObjectMapper json, StockSync sync) {
        this.jdbc = jdbc;
        this.json = json;
        this.sync = sync;
    }

    /** The events not on the topic yet, as Kafka records; what to mark once they are is kept on the exchange. */
    public List<Message> pending(Exchange exchange) {
        List<Message> out = new ArrayList<>();
        List<Long> found = new ArrayList<>();
        List<Long> resolved = new ArrayList<>();
        List<Long> edits = new ArrayList<>();
        jdbc.query("""
                select id, sku, location, system, kind, ledger_quantity, reported, difference, explanation, suggestion, status, resolution,
                       resolved_by, resolved_at, comment, announced_at is null from stock_discrepancies
                 where announced_at is null or (status = 'RESOLVED' and resolution_announced_at is null) order by id limit 200""", rs -> {
            boolean first = rs.getBoolean(16);
            boolean resolvedNow = "RESOLVED".equals(rs.getString(11));
            if (first) {
                found.add(rs.getLong(1));
                out.add(KafkaRecords.message(exchange, rs.getString(2), JsonColumns.write(json, discrepancyEvent(rs, false)), "1"));
            }
            if (resolvedNow) {
                // a discrepancy found and resolved before either went out gets both events, in order
                resolved.add(rs.getLong(1));
                out.add(KafkaRecords.message(exchange, rs.getString(2), JsonColumns.write(json, discrepancyEvent(rs, true)), "1"));
            }
        });
        jdbc.query("""
                select id, channel, account, sku, location, published, found, action, found_at from stock_channel_edits
                 where announced_at is null order by id limit 200""", rs -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "CHANNEL_EDITED");
            e.put("channel", rs.getString(2));
            e.put("account", rs.getString(3));
            e.put("sku", rs.getString(4));
            e.put("location", rs.getString(5));
            e.put("sent", rs.getObject(6));
            e.put("found", rs.getInt(7));
            e.put("action", rs.getString(8));
            e.put("at", rs.getTimestamp(9).toInstant().toString());
            edits.add(rs.getLong(1));
            out.add(KafkaRecords.message(exchange, rs.getString(4), JsonColumns.write(json, e), "1"));
        });
        Instant now = Instant.now();
        for (StockSync.Lag lag : sync.lag()) {
            String key = lag.channel() + " " + lag.account();
            if (lag.overBound() && !now.isBefore(alerted.getOrDefault(key, Instant.EPOCH).plus(ALERT_EVERY))) {
                alerted.put(key, now);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", "SYNC_BEHIND");
                e.put("channel", lag.channel());
                e.put("account", lag.account());
                e.put("waiting", lag.waiting());
                e.put("oldestChange", String.valueOf(lag.oldestChange()));
                e.put("behindMillis", lag.behindMillis());
                out.add(KafkaRecords.message(exchange, key, JsonColumns.write(json, e), "1"));
            }
        }
        exchange.setProperty(MARKS, List.of(found, resolved, edits));
        return out;
    }

    private static Map<String, Object> discrepancyEvent(java.sql.ResultSet rs, boolean resolution) throws java.sql.SQLException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", resolution ? "DISCREPANCY_RESOLVED" : "DISCREPANCY_FOUND");
        e.put("discrepancy", rs.getLong(1));
        e.put("sku", rs.getString(2));
        e.put("location", rs.getString(3));
        e.put("system", rs.getString(4));
        e.put("kind", rs.getString(5));
        e.put("ledger", rs.getInt(6));
        e.put("reported", rs.getInt(7));
        e.put("difference", rs.getInt(8));
        e.put("explanation", rs.getString(9));
        e.put("suggestion", rs.getString(10));
        if (resolution) {
            e.put("resolution", rs.getString(12));
            e.put("resolvedBy", rs.getString(13));
            e.put("resolvedAt", rs.getTimestamp(14).toInstant().toString());
            e.put("comment", rs.getString(15));
        }
        return e;
    }

    /** The batch is on the topic: its rows are announced. */
    @SuppressWarnings("unchecked")
    public void announced(Exchange exchange) {
        List<List<Long>> marks = exchange.getProperty(MARKS, List.class);
        if (marks == null) {
            return;
        }
        update("update stock_discrepancies set announced_at = now() where id = any(?)", marks.get(0));
        update("update stock_discrepancies set resolution_announced_at = now() where id = any(?)", marks.get(1));
        update("update stock_channel_edits set announced_at = now() where id = any(?)", marks.get(2));
    }

    private void update(String sql, List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.update(sql, (Object) ids.toArray(Long[]::new));
        }
    }
}
