package io.kontor.console;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Orders per hour or day of intake: touchless when never held and never released by a person; exceptions are the
 * orders that were held; processing time from intake to the routing decision.
 */
@Component
class OrdersDashboard implements WorkflowDashboard {

    private static final String SELECT = """
            with o as (
              select date_trunc(?, received_at at time zone 'UTC') at time zone 'UTC' as bucket,
                     extract(epoch from ((canonical -> 'routing' ->> 'decidedAt')::timestamptz - received_at)) as seconds,
                     status = 'ON_HOLD' or exists (select 1 from order_hold_releases r where r.order_id = orders.id) as held
                from orders where received_at >= ? and received_at < ?)
            select bucket, count(*), count(*) filter (where not held), 0, count(*) filter (where held),
                   percentile_cont(0.5) within group (order by seconds), percentile_cont(0.95) within group (order by seconds)
              from o group by grouping sets ((bucket), ())""";

    private final JdbcTemplate jdbc;

    OrdersDashboard(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String workflow() {
        return "orders";
    }

    @Override
    public String title() {
        return "Orders";
    }

    @Override
    public String processingTime() {
        return "intake → routed to a warehouse";
    }

    @Override
    public Figures figures(Instant from, Instant to, ChronoUnit unit) {
        return DashboardQueries.figures(jdbc, SELECT, from, to, unit, "%order%",
                DashboardQueries.unitName(unit), Timestamp.from(from), Timestamp.from(to));
    }
}
