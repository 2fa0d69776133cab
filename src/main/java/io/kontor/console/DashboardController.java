package io.kontor.console;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Each workflow's dashboard over a chosen period: charts with the figures beside them, the backlog, the ROI panel, CSV. */
@Controller
class DashboardController {

    /** The longest period a dashboard covers; up to two days it counts per hour, beyond per day. */
    static final int MAX_DAYS = 366;

    private final Map<String, WorkflowDashboard> dashboards;
    private final List<InboxSource> inboxes;
    private final ConsoleProperties properties;
    private final Clock clock;

    DashboardController(List<WorkflowDashboard> dashboards, List<InboxSource> inboxes, ConsoleProperties properties, Optional<Clock> clock) {
        this.dashboards = dashboards.stream().collect(Collectors.toMap(WorkflowDashboard::workflow, Function.identity()));
        this.inboxes = inboxes;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** What the hub saved, from the configured cost of doing one item by hand; null when none is configured. */
    record Roi(long touchless, double hoursSaved, BigDecimal savedLow, BigDecimal savedHigh, String currency,
               ConsoleProperties.ManualWork assumption) {
    }

    @GetMapping("/console/dashboards/{workflow}")
    String dashboard(@PathVariable String workflow, @RequestParam(defaultValue = "7") int days, Model model) {
        WorkflowDashboard dashboard = dashboard(workflow);
        int period = Math.min(Math.max(days, 1), MAX_DAYS);
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        ChronoUnit unit = period <= 2 ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        WorkflowDashboard.Figures figures = dashboard.figures(to.minus(period, ChronoUnit.DAYS), to, unit);
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("workflows", dashboards.keySet().stream().sorted().toList());
        model.addAttribute("days", period);
        model.addAttribute("unit", unit == ChronoUnit.HOURS ? "hour" : "day");
        model.addAttribute("figures", figures);
        model.addAttribute("backlog", inboxes.stream().filter(s -> s.workflow().equals(workflow)).mapToLong(InboxSource::waiting).sum());
        model.addAttribute("roi", roi(workflow, figures.overall().touchless()));
        model.addAttribute("breakdown", dashboard.breakdown(to.minus(period, ChronoUnit.DAYS), to));
        return "console/dashboard";
    }

    @GetMapping(value = "/console/dashboards/{workflow}.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable String workflow, @RequestParam(defaultValue = "7") int days) {
        WorkflowDashboard dashboard = dashboard(workflow);
        int period = Math.min(Math.max(days, 1), MAX_DAYS);
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        ChronoUnit unit = period <= 2 ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        StringBuilder csv = new StringBuilder("start,volume,touchless,touchless_rate,errors,exceptions,p50_seconds,p95_seconds\n");
        for (WorkflowDashboard.Bucket b : dashboard.figures(to.minus(period, ChronoUnit.DAYS), to, unit).buckets()) {
            csv.append(b.start()).append(',').append(b.volume()).append(',').append(b.touchless()).append(',')
                    .append(number(b.touchlessRate())).append(',').append(b.errors()).append(',').append(b.exceptions()).append(',')
                    .append(number(b.p50Seconds())).append(',').append(number(b.p95Seconds())).append('\n');
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(workflow + "-" + period + "d.csv").build().toString())
                .body(csv.toString());
    }

    private WorkflowDashboard dashboard(String workflow) {
        WorkflowDashboard dashboard = dashboards.get(workflow);
        if (dashboard == null) {
            throw new NoSuchElementException("No dashboard for " + workflow + "; there are " + dashboards.keySet());
        }
        return dashboard;
    }

    private Roi roi(String workflow, long touchless) {
        ConsoleProperties.ManualWork manual = properties.manualWork(workflow);
        if (manual == null) {
            return null;
        }
        BigDecimal items = BigDecimal.valueOf(touchless);
        return new Roi(touchless, touchless * manual.minutes() / 60.0, manual.costLow().multiply(items), manual.costHigh().multiply(items),
                properties.roiCurrency(), manual);
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
