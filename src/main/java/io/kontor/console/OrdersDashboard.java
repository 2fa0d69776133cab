package io.kontor.console;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Orders per hour or day of intake: touchless when never held and never released by a person; exceptions are the
 * orders that were held; processing time from intake to the routing decision.
 */
@Component
class OrdersDashboard extends SqlDashboard {

    private static final String SELECT = """
            with o as (
              select date_trunc(?, received_at at time zone 'UTC') at time zone 'UTC' as bucket,
                     extract(epoch from ((canonical -> 'routing' ->> 'decidedAt')::timestamptz - received_at)) as seconds,
                     status = 'ON_HOLD' or exists (select 1 from order_hold_releases r where r.order_id = orders.id) as held
                from orders where received_at >= ? and received_at < ?)
            select bucket, count(*), count(*) filter (where not held), 0, count(*) filter (where held),
                   percentile_cont(0.5) within group (order by seconds), percentile_cont(0.95) within group (order by seconds)
              from o group by grouping sets ((bucket), ())""";

    OrdersDashboard(JdbcTemplate jdbc) {
        super(jdbc, "orders", "Orders", "intake → routed to a warehouse", SELECT, "%order%");
    }
}
