package io.kontor.api;

import io.kontor.purchasing.PurchaseOrders;
import io.kontor.stock.StockVariance;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The daily stock variance report: the day's differences between the ledger and every other system, each valued at
 * the SKU's last purchase cost (a SKU never bought on a purchase order has no value), the totals per currency, and the
 * 30 days up to it — the same figures for the JSON, the CSV, the console's page and its PDF.
 */
@Component
public class StockVarianceReport {

    public record Line(String sku, String location, String system, int ledger, int reported, int difference, BigDecimal unitCost,
                       String currency, BigDecimal value) {
    }

    public record Day(LocalDate day, int lines, long units, Map<String, BigDecimal> value) {
    }

    public record Report(LocalDate date, List<Line> lines, long units, Map<String, BigDecimal> value, List<Day> trend) {
    }

    private final StockVariance variance;
    private final PurchaseOrders purchasing;

    public StockVarianceReport(StockVariance variance, PurchaseOrders purchasing) {
        this.variance = variance;
        this.purchasing = purchasing;
    }

    public Report of(LocalDate date) {
        if (date.equals(LocalDate.now(java.time.ZoneOffset.UTC))) {
            variance.takeToday(); // today's report shows now, not the last hourly taking
        }
        List<StockVariance.Line> month = variance.differencesSince(date);
        Set<String> skus = new HashSet<>();
        month.forEach(l -> skus.add(l.sku()));
        Map<String, PurchaseOrders.UnitCost> costs = purchasing.lastUnitCosts(skus);
        List<Line> lines = new ArrayList<>();
        Map<LocalDate, Day> days = new TreeMap<>();
        for (int i = 29; i >= 0; i--) {
            days.put(date.minusDays(i), new Day(date.minusDays(i), 0, 0, new TreeMap<>()));
        }
        long units = 0;
        Map<String, BigDecimal> value = new TreeMap<>();
        for (StockVariance.Line l : month) {
            PurchaseOrders.UnitCost cost = costs.get(l.sku());
            BigDecimal worth = cost == null ? null : cost.amount().multiply(BigDecimal.valueOf(l.difference())).setScale(2, java.math.RoundingMode.HALF_UP);
            Day d = days.get(l.day());
            Map<String, BigDecimal> dayValue = new TreeMap<>(d.value());
            if (worth != null) {
                dayValue.merge(cost.currency(), worth.abs(), BigDecimal::add);
            }
            days.put(l.day(), new Day(l.day(), d.lines() + 1, d.units() + Math.abs(l.difference()), dayValue));
            if (l.day().equals(date)) {
                lines.add(new Line(l.sku(), l.location(), l.system(), l.ledger(), l.reported(), l.difference(),
                        cost == null ? null : cost.amount(), cost == null ? null : cost.currency(), worth));
                units += Math.abs(l.difference());
                if (worth != null) {
                    value.merge(cost.currency(), worth.abs(), BigDecimal::add);
                }
            }
        }
        lines.sort(java.util.Comparator.comparing((Line l) -> l.value() == null ? BigDecimal.ZERO : l.value().abs()).reversed()
                .thenComparing(l -> -Math.abs(l.difference())));
        return new Report(date, lines, units, value, List.copyOf(days.values()));
    }

    /** The day's lines as CSV (RFC 4180). */
    public String csv(Report report) throws java.io.IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(out, org.apache.commons.csv.CSVFormat.RFC4180.builder()
                .setHeader("date", "sku", "location", "system", "ledger", "reported", "difference", "unit_cost", "currency", "value").get())) {
            for (Line l : report.lines()) {
                csv.printRecord(report.date(), l.sku(), l.location(), l.system(), l.ledger(), l.reported(), l.difference(),
                        l.unitCost() == null ? "" : l.unitCost().toPlainString(), l.currency() == null ? "" : l.currency(),
                        l.value() == null ? "" : l.value().toPlainString());
            }
        }
        return out.toString();
    }
}
