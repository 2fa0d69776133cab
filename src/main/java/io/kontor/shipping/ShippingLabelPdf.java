package io.kontor.shipping;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import io.kontor.fulfilment.FulfilmentProperties;
import io.kontor.platform.HtmlToPdf;
import org.springframework.stereotype.Component;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;

import static io.kontor.platform.HtmlToPdf.esc;

/**
 * A carrier-neutral A6 shipping label: sender (the warehouse) and recipient, the tracking number as a Code 128
 * barcode (ZXing) and in plain text, and the order it carries. A carrier's own label format plugs in beside it.
 */
@Component
public class ShippingLabelPdf {

    public byte[] render(Map<String, Object> shipment, FulfilmentProperties.Warehouse from) {
        String tracking = (String) shipment.get("trackingNumber");
        if (tracking == null) {
            throw new IllegalStateException("Shipment " + shipment.get("id") + " is not booked with a carrier yet");
        }
        if (shipment.get("labelledAt") == null) {
            throw new IllegalStateException("Shipment " + shipment.get("id") + " was booked by its warehouse with " + shipment.get("carrierName")
                    + ": its label is the warehouse's");
        }
        JsonNode to = (JsonNode) shipment.get("shipTo");
        JsonNode a = to.path("address");
        StringBuilder toLines = new StringBuilder();
        appendLine(toLines, to.path("name").asText(null));
        appendLine(toLines, to.path("company").asText(null));
        a.path("lines").forEach(l -> appendLine(toLines, l.asText()));
        appendLine(toLines, (a.path("postalCode").asText("") + " " + a.path("city").asText("")).trim());
        appendLine(toLines, a.path("countryCode").asText(null));
        int units = 0;
        for (JsonNode l : (JsonNode) shipment.get("lines")) {
            units += l.path("units").asInt();
        }
        String html = """
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml"><head><style>
                  @page { size: 105mm 148mm; margin: 5mm; }
                  body { font-size: 9pt; }
                  .from { font-size: 7.5pt; border-bottom: 0.5pt solid #000; padding-bottom: 2mm; }
                  .to { font-size: 12pt; margin: 5mm 0; min-height: 35mm; }
                  .carrier { font-size: 10pt; font-weight: bold; }
                  .barcode { width: 95mm; height: 24mm; }
                  .number { font-size: 11pt; letter-spacing: 0.5pt; text-align: center; }
                  .ref { font-size: 8pt; border-top: 0.5pt solid #000; padding-top: 2mm; margin-top: 3mm; }
                </style></head><body>
                """
                + "<div class=\"from\">" + esc(nz(from.name(), from.code())) + " · " + esc(nz(from.street(), "")) + " · "
                + esc(nz(from.postalCode(), "")) + " " + esc(nz(from.city(), "")) + " · " + esc(nz(from.country(), "")) + "</div>"
                + "<div class=\"to\">" + toLines + "</div>"
                + "<div class=\"carrier\">" + esc(String.valueOf(shipment.get("carrierName"))) + " · " + esc(String.valueOf(shipment.get("service")))
                + "</div><img class=\"barcode\" src=\"data:image/png;base64," + code128Png(tracking) + "\"/>"
                + "<div class=\"number\">" + esc(tracking) + "</div>"
                + "<div class=\"ref\">" + esc(String.valueOf(shipment.get("channel"))) + " " + esc(String.valueOf(shipment.get("orderNumber")))
                + " · " + units + " units · " + esc(String.valueOf(shipment.get("warehouse"))) + " tote " + shipment.get("tote") + "</div>"
                + "</body></html>";
        return HtmlToPdf.render(html, "Label of shipment " + shipment.get("id"));
    }

    /** The Code 128 symbol as a black-and-white PNG, 3 pixels per module, with quiet zones. */
    static String code128Png(String contents) {
        BitMatrix matrix = new Code128Writer().encode(contents, BarcodeFormat.CODE_128, 0, 80);
        int scale = 3;
        BufferedImage image = new BufferedImage(matrix.getWidth() * scale, matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int x = 0; x < matrix.getWidth(); x++) {
            for (int y = 0; y < matrix.getHeight(); y++) {
                int rgb = matrix.get(x, y) ? 0x000000 : 0xFFFFFF;
                for (int s = 0; s < scale; s++) {
                    image.setRGB(x * scale + s, y, rgb);
                }
            }
        }
        try (ByteArrayOutputStream png = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", png);
            return Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendLine(StringBuilder sb, String line) {
        if (line != null && !line.isBlank()) {
            sb.append(esc(line)).append("<br/>");
        }
    }

    private static String nz(String s, String fallback) {
        return s == null ? fallback : s;
    }
}
