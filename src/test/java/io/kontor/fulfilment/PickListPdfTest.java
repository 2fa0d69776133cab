package io.kontor.fulfilment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pick list PDF carries every SKU with its total and every tote, and markup in the data stays text. */
class PickListPdfTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void rendersPicksAndTotesAndEscapesWhatLooksLikeMarkup() throws Exception {
        ObjectNode doc = json.createObjectNode().put("id", "7f1c").put("warehouse", "DE-KOELN").put("wave", 12)
                .put("createdAt", "2026-11-27T10:00:00Z").put("orders", 2).put("units", 5);
        ObjectNode pick = doc.putArray("picks").addObject().put("sku", "HD-NAV-M").put("title", "Hoodie „Nordsee“ <b>&</b> Müller").put("units", 3);
        pick.putArray("totes").addObject().put("tote", 1).put("units", 2);
        ((com.fasterxml.jackson.databind.node.ArrayNode) pick.get("totes")).addObject().put("tote", 2).put("units", 1);
        ObjectNode tote = doc.putArray("totes").addObject().put("tote", 1).put("orderNumber", "#1001</td><script>").put("channel", "SHOPIFY")
                .put("shipToCountry", "DE");
        tote.putArray("lines").addObject().put("sku", "HD-NAV-M").put("units", 2);

        byte[] pdf = new PickListPdf().render(doc);
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        try (PDDocument d = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(d);
            assertThat(text).contains("Pick list DE-KOELN", "wave 12", "HD-NAV-M", "Hoodie „Nordsee“ <b>&</b> Müller", "#1 × 2, #2 × 1",
                    "#1001</td><script>", "2 × HD-NAV-M");
        }
    }

    @Test
    void controlCharactersXmlCannotCarryAreDropped() {
        assertThat(io.kontor.platform.HtmlToPdf.esc("A\u0001B\u0000C<")).isEqualTo("ABC&lt;");
    }
}
