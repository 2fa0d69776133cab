package io.kontor.shipping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import io.kontor.fulfilment.FulfilmentProperties;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The label carries both addresses and a Code 128 barcode a scanner reads back as the tracking number. */
class ShippingLabelPdfTest {

    private final ObjectMapper json = new ObjectMapper();
    private static final FulfilmentProperties.Warehouse KOELN = new FulfilmentProperties.Warehouse("DE-KOELN", "Lager Köln", "DE",
            List.of(), BigDecimal.ZERO, "Industriestraße 17", "50829", "Köln");

    @Test
    void theBarcodeScansAsTheTrackingNumberAndBothAddressesAreThere() throws Exception {
        String tracking = new SandboxCarrier(1_700_000_000_000L).book(new Carrier.Parcel("s-1", "Lager Köln", null, "Jörg Müller", null, null, 3, "x"))
                .trackingNumber();
        Map<String, Object> shipment = shipment(tracking);
        byte[] pdf = new ShippingLabelPdf().render(shipment, KOELN);
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(d)).contains("Lager Köln", "Industriestraße 17", "Jörg Müller", "Hohe Straße 12",
                    "50667 Köln", tracking, "SHOPIFY #1001", "3 units");
            BufferedImage page = new PDFRenderer(d).renderImageWithDPI(0, 300);
            int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            Result scanned = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels))));
            assertThat(scanned.getText()).isEqualTo(tracking);
            assertThat(scanned.getBarcodeFormat()).isEqualTo(com.google.zxing.BarcodeFormat.CODE_128);
        }
    }

    /**
     * Customers are named in every script: Latin, Greek, Cyrillic, CJK and Arabic names print as themselves (the PDF's
     * own Helvetica has Latin-1 only and printed "#"), read back from the PDF's text; Arabic in its right-to-left order.
     */
    @Test
    void namesInEveryScriptPrintAsThemselves() throws Exception {
        boolean fonts = !io.kontor.platform.HtmlToPdf.fonts().isEmpty();
        if (!fonts && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs Debian's fonts-noto-core and fonts-droid-fallback (.ci/run installs them)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(fonts, "no Unicode font on this machine: apt-get install fonts-noto-core fonts-droid-fallback");
        List<String> names = List.of("Anaïs 山田", "Νίκος Παπαδόπουλος", "Светлана Иванова", "王秀英", "محمد العلي");
        for (String name : names) {
            Map<String, Object> shipment = shipment("34010000000000000017");
            ((com.fasterxml.jackson.databind.node.ObjectNode) shipment.get("shipTo")).put("name", name);
            try (PDDocument d = Loader.loadPDF(new ShippingLabelPdf().render(shipment, KOELN))) {
                String text = java.text.Normalizer.normalize(new PDFTextStripper().getText(d), java.text.Normalizer.Form.NFKC);
                assertThat(text).as(name).contains(name).doesNotContain("#" + "#");
                // every font the text is set in is embedded, none is the unembedded standard 14 for the name
                for (var font : fontsOf(d)) {
                    assertThat(font.isEmbedded() || font.getName().contains("Helvetica")).as(font.getName()).isTrue();
                }
            }
        }
    }

    @Test
    void aParcelItsWarehouseBookedGetsNoLabelFromTheHub() {
        Map<String, Object> shipment = shipment("00340434161094042557");
        shipment.put("labelledAt", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShippingLabelPdf().render(shipment, null))
                .hasMessageContaining("label is the warehouse's");
        shipment.put("trackingNumber", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ShippingLabelPdf().render(shipment, null))
                .hasMessageContaining("not booked");
    }

    private static List<org.apache.pdfbox.pdmodel.font.PDFont> fontsOf(PDDocument d) throws java.io.IOException {
        List<org.apache.pdfbox.pdmodel.font.PDFont> fonts = new java.util.ArrayList<>();
        var resources = d.getPage(0).getResources();
        for (var name : resources.getFontNames()) {
            fonts.add(resources.getFont(name));
        }
        return fonts;
    }

    @Test
    void anUnbookedShipmentHasNoLabel() {
        assertThatThrownBy(() -> new ShippingLabelPdf().render(shipment(null), KOELN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not booked");
    }

    @Test
    void theSandboxCarrierBooksOnceperKeyWithValidCheckDigits() {
        SandboxCarrier carrier = new SandboxCarrier(42);
        Carrier.Booking first = carrier.book(new Carrier.Parcel("k", null, null, null, null, null, 1, null));
        assertThat(carrier.book(new Carrier.Parcel("k", null, null, null, null, null, 1, null))).isEqualTo(first);
        assertThat(carrier.book(new Carrier.Parcel("other", null, null, null, null, null, 1, null)).trackingNumber())
                .isNotEqualTo(first.trackingNumber());
        String n = first.trackingNumber();
        assertThat(n).hasSize(20).containsOnlyDigits();
        assertThat(SandboxCarrier.checkDigit(n.substring(0, 19))).isEqualTo(n.charAt(19) - '0');
        assertThat(SandboxCarrier.checkDigit("37610425002123456")).isEqualTo(9); // GS1's published SSCC example check digit
    }

    private Map<String, Object> shipment(String tracking) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", "s-1");
        s.put("trackingNumber", tracking);
        s.put("labelledAt", java.time.Instant.parse("2026-12-07T08:00:00Z"));
        s.put("carrierName", "Kontor Post (sandbox)");
        s.put("service", "PARCEL");
        s.put("channel", "SHOPIFY");
        s.put("orderNumber", "#1001");
        s.put("warehouse", "DE-KOELN");
        s.put("tote", 4);
        s.put("lines", json.createArrayNode().add(json.createObjectNode().put("sku", "TS-BLK-M").put("units", 3)));
        var to = json.createObjectNode().put("name", "Jörg Müller");
        to.putObject("address").put("city", "Köln").put("postalCode", "50667").put("countryCode", "DE").putArray("lines").add("Hohe Straße 12");
        s.put("shipTo", to);
        return s;
    }
}
