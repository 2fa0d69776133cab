package io.kontor.console;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Supplier invoices per hour or day of receipt: touchless when no person acted on them and none waits for one;
 * errors are refused invoices and duplicates; exceptions those that failed the three-way match; processing time
 * from receipt to approval for payment.
 */
@Component
class InvoicesDashboard extends SqlDashboard {

    private static final String SELECT = """
            with i as (
              select date_trunc(?, received_at at time zone 'UTC') at time zone 'UTC' as bucket, status,
                     exists (select 1 from invoice_events e where e.invoice_id = invoices.id and e.actor <> 'kontor') as touched,
                     status = 'EXCEPTION' or exists (select 1 from invoice_events e where e.invoice_id = invoices.id and e.action = 'EXCEPTION') as excepted,
                     extract(epoch from (select min(e.at) from invoice_events e where e.invoice_id = invoices.id and e.action = 'APPROVED')
                                        - received_at) as seconds
                from invoices where received_at >= ? and received_at < ?)
            select bucket, count(*),
                   count(*) filter (where not touched and status not in ('NEEDS_REVIEW', 'DUPLICATE_SUSPECTED', 'AWAITING_APPROVAL', 'EXCEPTION')),
                   count(*) filter (where status in ('REJECTED', 'DUPLICATE')), count(*) filter (where excepted or status = 'NEEDS_REVIEW'),
                   percentile_cont(0.5) within group (order by seconds), percentile_cont(0.95) within group (order by seconds)
              from i group by grouping sets ((bucket), ())""";

    InvoicesDashboard(JdbcTemplate jdbc) {
        super(jdbc, "invoices", "Supplier invoices", "received → approved for payment", SELECT, "%invoice%");
    }
}
