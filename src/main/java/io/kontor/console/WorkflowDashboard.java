package io.kontor.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The console's extension point for a workflow's dashboard: a Spring bean that counts, per hour or day of a period,
 * what the workflow handled, from PostgreSQL. The console adds the backlog (from the workflow's {@link InboxSource}),
 * the touchless rate, the ROI panel and the CSV. See docs/console.md.
 */
public interface WorkflowDashboard {

    /** The workflow, as the inbox names it. */
    String workflow();

    /** The dashboard's heading ("Orders"). */
    String title();

    /** What the processing time measures, in the words of the page ("intake → routed"). */
    String processingTime();

    /** The figures per {@code unit} (hours or days) in [from, to), and over the whole period. */
    Figures figures(Instant from, Instant to, ChronoUnit unit);

    /**
     * One hour or day (or the whole period, {@code start} null).
     *
     * @param volume     items taken in
     * @param touchless  of those, handled to the end without a person
     * @param errors     refused input and dead letters
     * @param exceptions items that stopped for a person (holds, reviews, match exceptions)
     * @param p50Seconds median processing time, null without a finished item
     * @param p95Seconds 95th percentile processing time
     */
    record Bucket(Instant start, long volume, long touchless, long errors, long exceptions, Double p50Seconds, Double p95Seconds) {

        /** Share of the volume handled without a person, 0..1 (null without volume). */
        public Double touchlessRate() {
            return volume == 0 ? null : (double) touchless / volume;
        }

        public Double errorRate() {
            return volume == 0 ? null : (double) errors / volume;
        }

        public Double exceptionRate() {
            return volume == 0 ? null : (double) exceptions / volume;
        }
    }

    record Figures(List<Bucket> buckets, Bucket overall) {
    }

    /** A table of the period's figures by some part of the workflow (per channel), shown below the charts. */
    record Breakdown(String title, List<String> columns, List<List<String>> rows) {
    }

    /** The workflow's own breakdown of [from, to), or null when it has none. */
    default Breakdown breakdown(Instant from, Instant to) {
        return null;
    }
}
