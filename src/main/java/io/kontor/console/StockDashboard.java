package io.kontor.console;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stock figures sent to the channels per hour or day of the channel's answer: touchless when acknowledged; errors are
 * refused figures and the stock routes' dead letters; exceptions the changes found made on a channel by hand and the
 * discrepancies the reconciliation found; processing time the sync lag, from the change to the channel's
 * acknowledgement — also per channel, below the charts.
 */
@Component
class StockDashboard implements WorkflowDashboard {

    private static final String SELECT = """
            with e as (
              select date_trunc(?, at at time zone 'UTC') at time zone 'UTC' as bucket, kind, seconds from (
                select at, outcome as kind, lag_ms / 1000.0 as seconds from stock_sync_outcomes where at >= ? and at < ?
                union all
                select found_at, 'EDITED', null from stock_channel_edits where found_at >= ? and found_at < ?
                union all
                select found_at, 'DISCREPANCY', null from stock_discrepancies where found_at >= ? and found_at < ?) x)
            select bucket, count(*) filter (where kind in ('ACKNOWLEDGED', 'REFUSED', 'NOT_LISTED')),
                   count(*) filter (where kind = 'ACKNOWLEDGED'), count(*) filter (where kind = 'REFUSED'),
                   count(*) filter (where kind in ('EDITED', 'DISCREPANCY')),
                   percentile_cont(0.5) within group (order by seconds), percentile_cont(0.95) within group (order by seconds)
              from e group by grouping sets ((bucket), ())""";

    private final JdbcTemplate jdbc;

    StockDashboard(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String workflow() {
        return "stock";
    }

    @Override
    public String title() {
        return "Stock to the channels";
    }

    @Override
    public String processingTime() {
        return "stock change → acknowledged by the channel";
    }

    @Override
    public Figures figures(Instant from, Instant to, ChronoUnit unit) {
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        return DashboardQueries.figures(jdbc, SELECT, from, to, unit, "%stock%", DashboardQueries.unitName(unit), f, t, f, t, f, t);
    }

    @Override
    public Breakdown breakdown(Instant from, Instant to) {
        List<List<String>> rows = new ArrayList<>();
        jdbc.query("""
                select channel || ' ' || account, count(*) filter (where outcome = 'ACKNOWLEDGED'), count(*) filter (where outcome <> 'ACKNOWLEDGED'),
                       percentile_cont(0.5) within group (order by lag_ms), percentile_cont(0.99) within group (order by lag_ms), max(lag_ms)
                  from stock_sync_outcomes where at >= ? and at < ? group by channel, account order by channel, account""", rs -> {
            rows.add(List.of(rs.getString(1), String.valueOf(rs.getLong(2)), String.valueOf(rs.getLong(3)), millis(rs.getObject(4)),
                    millis(rs.getObject(5)), millis(rs.getObject(6))));
        }, Timestamp.from(from), Timestamp.from(to));
        return new Breakdown("Sync lag per channel", List.of("Channel", "Acknowledged", "Refused / not listed", "Lag p50", "Lag p99", "Lag max"), rows);
    }

    private static String millis(Object value) {
        return value == null ? "—" : String.format(Locale.ROOT, "%.0f ms", ((Number) value).doubleValue());
    }
}
