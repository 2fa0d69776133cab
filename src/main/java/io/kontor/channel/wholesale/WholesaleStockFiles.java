package io.kontor.channel.wholesale;

import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What a wholesale partner receives as available stock: a {@code STOCK_*.csv} (sku, available, as_of) for CSV partners,
 * an EANCOM INVRPT (D.96A, EAN004) inventory report written with StAEDI for EDIFACT partners — BGM 35, the report date,
 * the reporting party (NAD+GY, our GLN) and per SKU a LIN with the article number (PIA+5 …:SA, the partner orders by
 * it) and QTY+145 (actual stock). Each file is a snapshot of absolute figures (an INVRPT is never a delta), named from
 * the figures it carries, so a batch written again after a lost answer overwrites its own file.
 */
@Component("wholesaleStockFiles")
public class WholesaleStockFiles {

    static final List<String> STOCK_COLUMNS = List.of("sku", "available", "as_of");
    /** Where the kamelet keeps the answers until the file is on the partner's server. */
    static final String RESULTS = "kontorStockResults";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** In file names, to the millisecond: the partner reads its reports in the order of their names. */
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Puts the batch's file on the exchange (body and {@code CamelFileName}) and the answers it will give once written. */
    @SuppressWarnings("unchecked")
    public void render(Exchange exchange, String format, String partner, String senderGln) throws IOException, EDIStreamException {
        List<StockUpdate> updates = exchange.getMessage().getBody(List.class);
        Instant asOf = Instant.now();
        boolean invrpt = "INVRPT".equalsIgnoreCase(format);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName(updates, partner, asOf, invrpt));
        exchange.getMessage().setBody(invrpt ? invrpt(updates, senderGln, asOf) : stockCsv(updates, asOf).getBytes(StandardCharsets.UTF_8));
        exchange.setProperty(RESULTS, updates.stream().map(u -> StockPushResult.acknowledged()).toList());
    }

    static String fileName(List<StockUpdate> updates, String partner, Instant asOf, boolean invrpt) {
        StringBuilder keys = new StringBuilder();
        updates.forEach(u -> keys.append(u.idempotencyKey()).append(','));
        String id = UUID.nameUUIDFromBytes(keys.toString().getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return (invrpt ? "INVRPT_" : "STOCK_") + partner.replaceAll("[^A-Za-z0-9-]", "_") + "_" + FILE_STAMP.format(asOf) + "_" + id
                + (invrpt ? ".edi" : ".csv");
    }

    static String stockCsv(List<StockUpdate> updates, Instant asOf) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(STOCK_COLUMNS.toArray(String[]::new)).get())) {
            for (StockUpdate u : updates) {
                csv.printRecord(u.sku(), u.quantity(), asOf.toString());
            }
        }
        return out.toString();
    }

    static byte[] invrpt(List<StockUpdate> updates, String senderGln, Instant asOf) throws EDIStreamException {
        if (senderGln == null || senderGln.isBlank()) {
            throw new IllegalStateException("An INVRPT names us as the reporting party by GLN: set kontor.channels.wholesale-edifact.sender-gln");
        }
        String date = DAY.format(asOf);
        String reference = STAMP.format(asOf).substring(2); // UNB's control reference: 14 characters at most
        String document = "INV" + reference;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EDIStreamWriter w = EDIOutputFactory.newFactory().createEDIStreamWriter(bytes, "UTF-8");
        EdifactSegments.startInterchange(w, senderGln, senderGln, asOf, reference);
        int segments = 0;
        EdifactSegments.write(w, "UNH", "1", new String[]{"INVRPT", "D", "96A", "UN", "EAN004"});
        EdifactSegments.write(w, "BGM", "35", document, "9");
        EdifactSegments.write(w, "DTM", (Object) new String[]{"137", date, "102"});
        EdifactSegments.write(w, "DTM", (Object) new String[]{"366", date, "102"});
        EdifactSegments.write(w, "NAD", "GY", new String[]{senderGln, "", "9"});
        segments += 5;
        int line = 0;
        for (StockUpdate u : updates) {
            EdifactSegments.write(w, "LIN", String.valueOf(++line));
            EdifactSegments.write(w, "PIA", "5", new String[]{u.sku(), "SA"});
            EdifactSegments.write(w, "QTY", (Object) new String[]{"145", String.valueOf(u.quantity())});
            segments += 3;
        }
        segments++; // UNT
        EdifactSegments.write(w, "UNT", String.valueOf(segments), "1");
        EdifactSegments.write(w, "UNZ", "1", reference);
        w.endInterchange();
        w.close();
        return bytes.toByteArray();
    }
}
