package io.kontor.channel.wholesale;

import io.kontor.shipping.spi.ShipmentNotice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SHIP files and DESADV despatch advices for wholesale partners, read back with the same libraries a partner would use. */
class WholesaleShipmentFilesTest {

    private final ObjectMapper json = new ObjectMapper();

    private ShipmentNotice notice(String orderJson) throws Exception {
        JsonNode order = json.readTree(orderJson);
        return new ShipmentNotice(UUID.randomUUID(), UUID.randomUUID(), "WHOLESALE_EDIFACT", "acme", "PO-4711", "PO-4711",
                null, "DE-KOELN", List.of(new ShipmentNotice.Line("PO-4711/1", "MUG-BLU", 5),
                new ShipmentNotice.Line("PO-4711/3", "BWL-15", 12)), "KONTOR_POST", "Kontor Post (sandbox)", "PARCEL",
                "34010000000000000017", null, Instant.parse("2026-11-27T09:15:00Z"), 4242, 1, order, null);
    }

    @Test
    void aShipFileHasARowPerLineInTheContractsColumns() throws Exception {
        String csv = WholesaleShipmentFiles.shipCsv(notice("{}"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getParser().getHeaderNames()).containsExactlyElementsOf(WholesaleShipmentFiles.SHIP_COLUMNS);
        assertThat(rows.get(1).toMap()).containsEntry("order_number", "PO-4711").containsEntry("line_no", "3").containsEntry("qty", "12")
                .containsEntry("carrier", "Kontor Post (sandbox)").containsEntry("tracking_no", "34010000000000000017")
                .containsEntry("shipped_at", "2026-11-27T09:15:00Z");
        assertThat(WholesaleShipmentFiles.fileName(notice("{}"), "acme", false)).isEqualTo("SHIP_acme_20261127091500_4242.csv");
        assertThat(WholesaleShipmentFiles.fileName(notice("{}"), "../evil", false)).doesNotContain("/");
    }

    @Test
    void aDesadvIsAWellFormedEancomInterchangeWithTheParcelsLinesAndTrackingNumber() throws Exception {
        byte[] edi = WholesaleShipmentFiles.desadv(notice("""
                {"buyer":{"gln":"5450534000002"},"shipTo":{"gln":"5450534000109"},"extensions":{"partySU":"5450534000003"},
                 "lines":[{"channelLineId":"PO-4711/1","productRefs":{"gtin":"9783898307529"}},{"channelLineId":"PO-4711/3","productRefs":{}}]}"""),
                "4012345000009");
        List<String> segments = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        EDIInputFactory factory = EDIInputFactory.newFactory();
        try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(edi))) {
            StringBuilder current = null;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case START_SEGMENT -> current = new StringBuilder(reader.getText());
                    case ELEMENT_DATA -> current.append('|').append(reader.getText());
                    case END_SEGMENT -> segments.add(current.toString());
                    case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> errors.add(reader.getErrorType() + " " + reader.getText());
                    default -> {
                    }
                }
            }
        }
        assertThat(errors).as("StAEDI's checks of the envelope (UNB/UNH/UNT/UNZ counts and references)").isEmpty();
        String text = String.join("\n", segments);
        assertThat(segments.get(0)).startsWith("UNB|UNOC|3|5450534000003|14|5450534000002|14|261127|0915|4242");
        assertThat(text).contains("UNH|1|DESADV|D|96A|UN|EAN005", "BGM|351|4242|9", "RFF|ON|PO-4711", "RFF|CN|34010000000000000017",
                "NAD|BY|5450534000002", "NAD|DP|5450534000109", "LIN|1||9783898307529|SRV", "QTY|12|5", "LIN|3", "QTY|12|12", "CNT|2|2");
        long messageSegments = segments.stream().filter(s -> !s.startsWith("UNB") && !s.startsWith("UNZ")).count();
        assertThat(segments).contains("UNT|" + messageSegments + "|1");
    }

    @Test
    void aDesadvNeedsTheGlnsOfBothSides() {
        assertThatThrownBy(() -> WholesaleShipmentFiles.desadv(notice("{\"extensions\":{}}"), ""))
                .hasMessageContaining("GLN");
    }
}
