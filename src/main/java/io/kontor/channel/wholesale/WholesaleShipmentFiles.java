package io.kontor.channel.wholesale;

import io.kontor.shipping.spi.ShipmentNotice;
import com.fasterxml.jackson.databind.JsonNode;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What a wholesale partner receives for a shipped parcel: a row per order line in a {@code SHIP_*.csv} file
 * (channel-contracts.md §4.1: order_number, line_no, qty, carrier, tracking_no, shipped_at) for CSV partners, an
 * EANCOM DESADV (D.96A) despatch advice written with StAEDI for EDIFACT partners. The file name comes from the
 * parcel alone, so a repeated attempt overwrites the same file instead of announcing the parcel twice.
 */
@Component("wholesaleShipmentFiles")
public class WholesaleShipmentFiles {

    static final List<String> SHIP_COLUMNS = List.of("order_number", "line_no", "qty", "carrier", "tracking_no", "shipped_at");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Puts the parcel's file on the exchange: body and {@code CamelFileName}. */
    public void render(Exchange exchange, String format, String partner, String senderGln) throws IOException, EDIStreamException {
        ShipmentNotice notice = exchange.getMessage().getBody(ShipmentNotice.class);
        boolean desadv = "DESADV".equalsIgnoreCase(format);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName(notice, partner, desadv));
        exchange.getMessage().setBody(desadv ? desadv(notice, senderGln) : shipCsv(notice).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String fileName(ShipmentNotice notice, String partner, boolean desadv) {
        String safePartner = partner.replaceAll("[^A-Za-z0-9-]", "_");
        return (desadv ? "DESADV_" : "SHIP_") + safePartner + "_" + STAMP.format(notice.shippedAt()) + "_" + notice.packageReference()
                + (desadv ? ".edi" : ".csv");
    }

    static String shipCsv(ShipmentNotice notice) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(SHIP_COLUMNS.toArray(String[]::new)).get())) {
            for (ShipmentNotice.Line line : notice.lines()) {
                csv.printRecord(notice.channelOrderId(), lineNumber(line), line.units(), notice.carrierName() != null ? notice.carrierName()
                        : notice.carrierCode(), notice.trackingNumber(), notice.shippedAt().toString());
            }
        }
        return out.toString();
    }

    /**
     * DESADV D.96A (EANCOM): BGM 351 with the parcel's number, the despatch date, the order it answers (RFF+ON), buyer
     * and supplier by GLN, the carrier (TDT) and its tracking number (RFF+CN), one package (CPS/PAC) and a LIN group
     * per order line with the despatched quantity (QTY+12).
     */
    static byte[] desadv(ShipmentNotice notice, String senderGln) throws EDIStreamException {
        JsonNode order = notice.order();
        String buyer = text(order.path("buyer").path("gln"));
        String supplier = text(order.path("extensions").path("partySU"));
        String from = supplier != null ? supplier : senderGln;
        if (from == null || from.isBlank() || buyer == null) {
            throw new IllegalStateException("A DESADV for " + notice.orderNumber() + " needs the buyer's and the supplier's GLN (NAD+BY, "
                    + "NAD+SU or kontor.channels.wholesale-edifact.sender-gln)");
        }
        String reference = String.valueOf(notice.packageReference());
        String date = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC).format(notice.shippedAt());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EDIStreamWriter w = EDIOutputFactory.newFactory().createEDIStreamWriter(bytes, "UTF-8");
        EdifactSegments.startInterchange(w, from, buyer, notice.shippedAt(), reference);
        int segments = 0;
        EdifactSegments.write(w, "UNH", "1", new String[]{"DESADV", "D", "96A", "UN", "EAN005"});
        segments++;
        EdifactSegments.write(w, "BGM", "351", reference, "9");
        EdifactSegments.write(w, "DTM", (Object) new String[]{"137", date, "102"});
        EdifactSegments.write(w, "DTM", (Object) new String[]{"11", date, "102"});
        EdifactSegments.write(w, "RFF", (Object) new String[]{"ON", notice.channelOrderId()});
        EdifactSegments.write(w, "RFF", (Object) new String[]{"CN", notice.trackingNumber()});
        EdifactSegments.write(w, "NAD", "BY", new String[]{buyer, "", "9"});
        EdifactSegments.write(w, "NAD", "SU", new String[]{from, "", "9"});
        segments += 7;
        String shipTo = text(order.path("shipTo").path("gln"));
        if (shipTo != null) {
            EdifactSegments.write(w, "NAD", "DP", new String[]{shipTo, "", "9"});
            segments++;
        }
        EdifactSegments.write(w, "TDT", "20", "", "30", "", new String[]{notice.carrierCode() == null ? "" : notice.carrierCode(), "", "",
                notice.carrierName() == null ? "" : notice.carrierName()});
        EdifactSegments.write(w, "CPS", "1");
        EdifactSegments.write(w, "PAC", "1", "", "CT");
        segments += 3;
        for (ShipmentNotice.Line line : notice.lines()) {
            String gtin = gtinOf(order, line.channelLineId());
            if (gtin != null) {
                EdifactSegments.write(w, "LIN", lineNumber(line), "", new String[]{gtin, "SRV"});
            } else {
                EdifactSegments.write(w, "LIN", lineNumber(line));
            }
            EdifactSegments.write(w, "PIA", "5", new String[]{line.sku() == null ? "" : line.sku(), "SA"});
            EdifactSegments.write(w, "QTY", (Object) new String[]{"12", String.valueOf(line.units())});
            EdifactSegments.write(w, "RFF", (Object) new String[]{"ON", notice.channelOrderId(), lineNumber(line)});
            segments += 4;
        }
        EdifactSegments.write(w, "CNT", (Object) new String[]{"2", String.valueOf(notice.lines().size())});
        segments += 2; // CNT and UNT
        EdifactSegments.write(w, "UNT", String.valueOf(segments), "1");
        EdifactSegments.write(w, "UNZ", "1", reference);
        w.endInterchange();
        w.close();
        return bytes.toByteArray();
    }


    /** The partner's line number: the part of the channel line id after the order number. */
    static String lineNumber(ShipmentNotice.Line line) {
        String id = line.channelLineId();
        return id.substring(id.lastIndexOf('/') + 1);
    }

    private static String gtinOf(JsonNode order, String channelLineId) {
        for (JsonNode l : order.path("lines")) {
            if (channelLineId.equals(l.path("channelLineId").asText())) {
                return text(l.path("productRefs").path("gtin"));
            }
        }
        return null;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
}
