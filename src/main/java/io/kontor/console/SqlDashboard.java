package io.kontor.console;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A workflow dashboard counted by one SQL query: the query takes the unit ({@code date_trunc}'s "hour" or "day"),
 * the period's start and end, and answers per bucket and for the total (see {@link DashboardQueries#figures}); the
 * workflow's dead letters are those of the routes whose id is like {@code routes}.
 */
abstract class SqlDashboard implements WorkflowDashboard {

    private final JdbcTemplate jdbc;
    private final String workflow;
    private final String title;
    private final String processingTime;
    private final String select;
    private final String routes;

    SqlDashboard(JdbcTemplate jdbc, String workflow, String title, String processingTime, String select, String routes) {
        this.jdbc = jdbc;
        this.workflow = workflow;
        this.title = title;
        this.processingTime = processingTime;
        this.select = select;
        this.routes = routes;
    }

    @Override
    public String workflow() {
        return workflow;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String processingTime() {
        return processingTime;
    }

    @Override
    public Figures figures(Instant from, Instant to, ChronoUnit unit) {
        return DashboardQueries.figures(jdbc, select, from, to, unit, routes, DashboardQueries.unitName(unit), Timestamp.from(from),
                Timestamp.from(to));
    }
}
