package io.kontor.api;

import io.kontor.platform.HtmlToPdf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;

@Tag(name = "Reports", description = "The daily stock variance between the ledger and every other system")
@RestController
@RequestMapping("/api/reports")
public class ReportsController {

    private final StockVarianceReport variance;

    public ReportsController(StockVarianceReport variance) {
        this.variance = variance;
    }

    private static LocalDate day(LocalDate date) {
        return date == null ? LocalDate.now(ZoneOffset.UTC) : date;
    }

    @Operation(summary = "The stock variance of a day (default today, UTC): per SKU, location and system the ledger's and the system's figure, "
            + "the difference and its value at the SKU's last purchase cost, the totals, and the 30 days up to it; also as .csv and .pdf, and "
            + "as a page with its chart at /console/reports/stock-variance")
    @GetMapping("/stock-variance")
    public StockVarianceReport.Report stockVariance(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return variance.of(day(date));
    }

    @GetMapping(path = "/stock-variance.csv", produces = "text/csv")
    public ResponseEntity<String> stockVarianceCsv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date)
            throws IOException {
        LocalDate day = day(date);
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"stock-variance-" + day + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(variance.csv(variance.of(day)));
    }

    @GetMapping(path = "/stock-variance.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    public ResponseEntity<byte[]> stockVariancePdf(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        LocalDate day = day(date);
        return ResponseEntity.ok().header("Content-Disposition", "inline; filename=\"stock-variance-" + day + ".pdf\"")
                .contentType(MediaType.APPLICATION_PDF).body(HtmlToPdf.render(xhtml(variance.of(day)), "the stock variance of " + day));
    }

    /** The report as a printable page: the totals, the trend as a table, the day's lines. */
    static String xhtml(StockVarianceReport.Report r) {
        StringBuilder h = new StringBuilder("<html><head><style>body{font-size:9pt} table{border-collapse:collapse;width:100%} "
                + "td,th{border-bottom:0.5pt solid #ccc;padding:2pt 4pt;text-align:left} td.n,th.n{text-align:right}</style></head><body>");
        h.append("<h1>Stock variance ").append(r.date()).append("</h1><p>").append(r.lines().size()).append(" differences, ")
                .append(r.units()).append(" units; at cost ").append(HtmlToPdf.esc(String.valueOf(r.value()))).append("</p>");
        h.append("<h2>The 30 days up to it</h2><table><tr><th>Day</th><th class=\"n\">Differences</th><th class=\"n\">Units</th><th>At cost</th></tr>");
        r.trend().forEach(d -> h.append("<tr><td>").append(d.day()).append("</td><td class=\"n\">").append(d.lines()).append("</td><td class=\"n\">")
                .append(d.units()).append("</td><td>").append(HtmlToPdf.esc(String.valueOf(d.value()))).append("</td></tr>"));
        h.append("</table><h2>Differences</h2><table><tr><th>SKU</th><th>Location</th><th>System</th><th class=\"n\">Ledger</th>"
                + "<th class=\"n\">System's</th><th class=\"n\">Difference</th><th class=\"n\">At cost</th></tr>");
        r.lines().forEach(l -> h.append("<tr><td>").append(HtmlToPdf.esc(l.sku())).append("</td><td>").append(HtmlToPdf.esc(l.location()))
                .append("</td><td>").append(HtmlToPdf.esc(l.system())).append("</td><td class=\"n\">").append(l.ledger()).append("</td><td class=\"n\">")
                .append(l.reported()).append("</td><td class=\"n\">").append(l.difference()).append("</td><td class=\"n\">")
                .append(l.value() == null ? "" : l.value().toPlainString() + " " + l.currency()).append("</td></tr>"));
        return h.append("</table></body></html>").toString();
    }
}
