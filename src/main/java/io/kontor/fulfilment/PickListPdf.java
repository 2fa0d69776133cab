package io.kontor.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.platform.HtmlToPdf;
import org.springframework.stereotype.Component;

import static io.kontor.platform.HtmlToPdf.esc;

/**
 * A pick list as the picker carries it: the SKUs of the wave, each once with its total and how many go into which
 * tote, then the totes with their orders for sorting. XHTML rendered by openhtmltopdf; every value is escaped.
 */
@Component
public class PickListPdf {

    public byte[] render(JsonNode doc) {
        StringBuilder html = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml"><head><style>
                  @page { size: A4; margin: 14mm; }
                  body { font-size: 10pt; }
                  h1 { font-size: 15pt; margin: 0 0 4mm 0; }
                  table { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
                  th, td { border-bottom: 0.5pt solid #999; padding: 1.5mm; text-align: left; vertical-align: top; }
                  td.n, th.n { text-align: right; }
                  .box { display: inline-block; width: 4mm; height: 4mm; border: 0.8pt solid #000; }
                </style></head><body>
                """);
        html.append("<h1>Pick list ").append(esc(doc.path("warehouse").asText())).append(" · wave ").append(doc.path("wave").asInt())
                .append("</h1><p>").append(esc(doc.path("createdAt").asText())).append(" · ").append(doc.path("orders").asInt())
                .append(" orders · ").append(doc.path("units").asInt()).append(" units · ").append(esc(doc.path("id").asText())).append("</p>");
        html.append("<table><thead><tr><th></th><th>SKU</th><th>Item</th><th class=\"n\">Units</th><th>Totes</th></tr></thead><tbody>");
        for (JsonNode pick : doc.path("picks")) {
            StringBuilder totes = new StringBuilder();
            for (JsonNode t : pick.path("totes")) {
                totes.append(totes.length() == 0 ? "" : ", ").append('#').append(t.path("tote").asInt()).append(" × ").append(t.path("units").asInt());
            }
            html.append("<tr><td><span class=\"box\"></span></td><td>").append(esc(pick.path("sku").asText())).append("</td><td>")
                    .append(esc(pick.path("title").asText(""))).append("</td><td class=\"n\">").append(pick.path("units").asInt())
                    .append("</td><td>").append(esc(totes.toString())).append("</td></tr>");
        }
        html.append("</tbody></table><table><thead><tr><th>Tote</th><th>Order</th><th>Channel</th><th>To</th><th>Lines</th></tr></thead><tbody>");
        for (JsonNode tote : doc.path("totes")) {
            StringBuilder lines = new StringBuilder();
            for (JsonNode l : tote.path("lines")) {
                lines.append(lines.length() == 0 ? "" : "; ").append(l.path("units").asInt()).append(" × ").append(l.path("sku").asText());
            }
            html.append("<tr><td>#").append(tote.path("tote").asInt()).append("</td><td>").append(esc(tote.path("orderNumber").asText("")))
                    .append("</td><td>").append(esc(tote.path("channel").asText())).append("</td><td>")
                    .append(esc(tote.path("shipToCountry").asText(""))).append("</td><td>").append(esc(lines.toString())).append("</td></tr>");
        }
        html.append("</tbody></table></body></html>");
        return HtmlToPdf.render(html.toString(), "Pick list " + doc.path("id").asText());
    }
}
