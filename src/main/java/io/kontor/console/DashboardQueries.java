package io.kontor.console;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboards' queries share: buckets by {@code date_trunc} in UTC with a grand total from the same scan
 * ({@code grouping sets}), and the dead letters of a workflow's routes counted per bucket beside them.
 */
final class DashboardQueries {

    private DashboardQueries() {
    }

    /**
     * Runs {@code select} — which must answer, in this order, bucket (null for the total row), volume, touchless,
     * errors, exceptions, p50, p95 — and adds the dead letters of the routes whose id is like {@code routes}.
     */
    static WorkflowDashboard.Figures figures(JdbcTemplate jdbc, String select, Instant from, Instant to, ChronoUnit unit, String routes,
                                             Object... args) {
        Map<Instant, Long> deadLetters = new HashMap<>();
        long[] allDeadLetters = {0};
        jdbc.query("""
                select bucket, count(*) from (
                  select date_trunc(?, created_at at time zone 'UTC') at time zone 'UTC' as bucket from dead_letters
                   where created_at >= ? and created_at < ? and route_id like ?) d group by grouping sets ((bucket), ())""", rs -> {
            if (rs.getTimestamp(1) == null) {
                allDeadLetters[0] = rs.getLong(2);
            } else {
                deadLetters.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
            }
        }, unitName(unit), Timestamp.from(from), Timestamp.from(to), routes);
        List<WorkflowDashboard.Bucket> buckets = new ArrayList<>();
        WorkflowDashboard.Bucket[] overall = {new WorkflowDashboard.Bucket(null, 0, 0, allDeadLetters[0], 0, null, null)};
        jdbc.query(select, rs -> {
            Timestamp start = rs.getTimestamp(1);
            if (start == null) {
                overall[0] = bucket(rs, null, allDeadLetters[0]);
            } else {
                buckets.add(bucket(rs, start.toInstant(), deadLetters.getOrDefault(start.toInstant(), 0L)));
            }
        }, args);
        buckets.sort(java.util.Comparator.comparing(WorkflowDashboard.Bucket::start));
        return new WorkflowDashboard.Figures(filled(buckets, from, to, unit), overall[0]);
    }

    static String unitName(ChronoUnit unit) {
        return unit == ChronoUnit.HOURS ? "hour" : "day";
    }

    private static WorkflowDashboard.Bucket bucket(ResultSet rs, Instant start, long deadLetters) throws SQLException {
        return new WorkflowDashboard.Bucket(start, rs.getLong(2), rs.getLong(3), rs.getLong(4) + deadLetters, rs.getLong(5),
                (Double) rs.getObject(6), (Double) rs.getObject(7));
    }

    /** Every hour or day of the period, those without items as zeros, so that charts show quiet times as quiet. */
    private static List<WorkflowDashboard.Bucket> filled(List<WorkflowDashboard.Bucket> found, Instant from, Instant to, ChronoUnit unit) {
        Map<Instant, WorkflowDashboard.Bucket> byStart = new HashMap<>();
        found.forEach(b -> byStart.put(b.start(), b));
        List<WorkflowDashboard.Bucket> all = new ArrayList<>();
        for (Instant at = from.truncatedTo(unit); at.isBefore(to); at = at.plus(1, unit)) {
            all.add(byStart.getOrDefault(at, new WorkflowDashboard.Bucket(at, 0, 0, 0, 0, null, null)));
        }
        return all;
    }
}
