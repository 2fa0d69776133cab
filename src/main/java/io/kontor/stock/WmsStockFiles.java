package io.kontor.stock;

import io.kontor.platform.BadInputException;
import io.kontor.platform.DeadLetters;
import io.kontor.platform.FileDrops;
import io.kontor.platform.KafkaRecords;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A WMS's stock files from its SFTP drop, read with that warehouse's column mapping ({@link WmsFileDrops}): a
 * snapshot file is kept for the reconciliation like a snapshot from the topic; a movement file is booked whole or not
 * at all (each movement once by its id, however often the file comes). A file that cannot be read as configured goes
 * to error/ with its reason and into quarantine; nothing of it is booked.
 */
@Component("wmsStockFiles")
public class WmsStockFiles {

    private static final Logger log = LoggerFactory.getLogger(WmsStockFiles.class);

    private final WmsFileDrops drops;
    private final StockFeeds feeds;
    private final StockReconciliation reconciliation;
    private final TransactionTemplate tx;
    private final DeadLetters deadLetters;

    public WmsStockFiles(WmsFileDrops drops, StockFeeds feeds, StockReconciliation reconciliation, TransactionTemplate tx,
                         DeadLetters deadLetters) {
        this.drops = drops;
        this.feeds = feeds;
        this.reconciliation = reconciliation;
        this.tx = tx;
        this.deadLetters = deadLetters;
    }

    /** One file from the drop of {@code warehouse}'s WMS; answers the lines kept or movements booked. */
    public int read(Exchange exchange, String routeId, String warehouse) {
        WmsFileDrops.Drop drop = drops.drop(warehouse).orElseThrow(() -> new IllegalStateException("No WMS file drop configured for " + warehouse));
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        String content = bytes == null ? "" : new String(bytes, Charset.forName(drop.charset()));
        try {
            Long modified = exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
            int n = read(drop, warehouse, file, content, modified == null ? Instant.now() : Instant.ofEpochMilli(modified));
            log.info("WMS {} file {}: {} {}", warehouse, file, n, isSnapshot(drop, file) ? "lines kept" : "movements booked");
            return n;
        } catch (BadInputException refused) {
            String reason = "WMS " + warehouse + " file " + file + ": " + refused.getMessage();
            exchange.setProperty(FileDrops.REJECTION, reason);
            deadLetters.quarantine(routeId, KafkaRecords.message(exchange, "WMS:" + warehouse + ":" + file, content, null), reason);
            return 0;
        }
    }

    /** What a file holds: a snapshot's lines and time, or movements. */
    sealed interface Content permits SnapshotFile, MovementFile {
    }

    record SnapshotFile(Instant asOf, List<StockReconciliation.ReportLine> lines) implements Content {
    }

    record MovementFile(List<StockFeeds.WmsMovement> movements) implements Content {
    }

    /** Reads and applies a file's content: a snapshot's lines kept, or a movement file's movements booked together. */
    int read(WmsFileDrops.Drop drop, String warehouse, String file, String content, Instant fileTime) {
        Content read = parse(drop, warehouse, file, content, fileTime);
        if (read instanceof SnapshotFile snapshot) {
            return reconciliation.report("WMS " + warehouse, snapshot.asOf(), snapshot.lines());
        }
        List<StockFeeds.WmsMovement> movements = ((MovementFile) read).movements();
        Integer booked = tx.execute(status -> {
            int n = 0;
            for (StockFeeds.WmsMovement m : movements) {
                n += feeds.book(m) ? 1 : 0;
            }
            return n;
        });
        return booked == null ? 0 : booked;
    }

    /** A file read with the warehouse's mapping; refused whole (BadInputException) at the first thing that does not fit. */
    static Content parse(WmsFileDrops.Drop drop, String warehouse, String file, String content, Instant fileTime) {
        boolean snapshot = isSnapshot(drop, file);
        if (!snapshot && (file == null || !Pattern.matches(drop.movementFiles(), file))) {
            throw new BadInputException("the name matches neither snapshot files (" + drop.snapshotFiles() + ") nor movement files ("
                    + drop.movementFiles() + ")");
        }
        List<CSVRecord> rows = rows(drop, content);
        if (snapshot) {
            Instant asOf = fileTime;
            List<StockReconciliation.ReportLine> lines = new ArrayList<>();
            for (CSVRecord row : rows) {
                if (drop.hasColumn("as-of")) {
                    asOf = time(drop, row, "as-of");
                }
                lines.add(new StockReconciliation.ReportLine(text(drop, row, "sku"), warehouse, number(drop, row, "quantity")));
            }
            return new SnapshotFile(asOf, lines);
        }
        List<StockFeeds.WmsMovement> movements = new ArrayList<>();
        for (CSVRecord row : rows) {
            String type = drop.type(text(drop, row, "type"));
            String other = drop.hasColumn("other-warehouse") ? optional(drop, row, "other-warehouse") : null;
            movements.add(new StockFeeds.WmsMovement(text(drop, row, "id"), warehouse, text(drop, row, "sku"), type, number(drop, row, "quantity"),
                    drop.hasColumn("reason") ? optional(drop, row, "reason") : null, drop.hasColumn("at") ? time(drop, row, "at") : fileTime,
                    drop.hasColumn("transfer") ? optional(drop, row, "transfer") : null,
                    "TRANSFER_IN".equals(type) ? other : null, "TRANSFER_OUT".equals(type) ? other : null));
        }
        return new MovementFile(movements);
    }

    private static boolean isSnapshot(WmsFileDrops.Drop drop, String file) {
        return file != null && Pattern.matches(drop.snapshotFiles(), file);
    }

    private static List<CSVRecord> rows(WmsFileDrops.Drop drop, String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(drop.delimiter()).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setIgnoreSurroundingSpaces(true)
                .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).get();
        try (CSVParser parser = format.parse(new StringReader(text))) {
            List<String> header = parser.getHeaderNames();
            for (String field : List.of("sku", "quantity")) {
                if (!header.contains(drop.column(field))) {
                    throw new BadInputException("no column " + drop.column(field) + " (" + field + ") in the header " + header);
                }
            }
            List<CSVRecord> rows = parser.getRecords();
            if (rows.isEmpty()) {
                throw new BadInputException("the file has a header and no lines");
            }
            return rows;
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException("not a CSV file as configured (delimiter '" + drop.delimiter() + "'): " + e.getMessage(), e);
        }
    }

    private static String optional(WmsFileDrops.Drop drop, CSVRecord row, String field) {
        String column = drop.column(field);
        if (!row.isMapped(column)) {
            throw new BadInputException("no column " + column + " (" + field + ")");
        }
        String value = row.isSet(column) ? row.get(column) : null;
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(WmsFileDrops.Drop drop, CSVRecord row, String field) {
        String value = optional(drop, row, field);
        if (value == null) {
            throw new BadInputException("line " + row.getRecordNumber() + ": " + drop.column(field) + " (" + field + ") is empty");
        }
        return value;
    }

    private static int number(WmsFileDrops.Drop drop, CSVRecord row, String field) {
        String value = text(drop, row, field);
        try {
            return Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw new BadInputException("line " + row.getRecordNumber() + ": " + drop.column(field) + " (" + field + ") is not a whole number: " + value);
        }
    }

    private static Instant time(WmsFileDrops.Drop drop, CSVRecord row, String field) {
        String value = text(drop, row, field);
        try {
            if (!drop.timePattern().isEmpty()) {
                return LocalDateTime.parse(value, DateTimeFormatter.ofPattern(drop.timePattern())).atZone(drop.timeZone()).toInstant();
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(value).atZone(drop.timeZone()).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new BadInputException("line " + row.getRecordNumber() + ": " + drop.column(field) + " (" + field + ") is not a time"
                    + (drop.timePattern().isEmpty() ? "" : " like " + drop.timePattern()) + ": " + value);
        }
    }
}
