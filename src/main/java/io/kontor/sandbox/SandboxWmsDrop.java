package io.kontor.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warehouse system of its own making: it writes its stock snapshots (BESTAND_*.csv) and movements (BEWEGUNG_*.csv)
 * into the outbound folder of its SFTP server, semicolon-separated with German headers and Vienna's local time, its
 * movement types coded WE (receipt), KORR (correction), UA and UE (transfer out, in). Each file is written under a
 * temporary name and renamed, as such systems do.
 */
public final class SandboxWmsDrop {

    static final String[] SNAPSHOT = {"Artikelnummer", "Menge", "Stand"};
    static final String[] MOVEMENT = {"Beleg", "Artikelnummer", "Bewegungsart", "Menge", "Grund", "Zeitpunkt", "Umlagerung", "Gegenlager"};
    private static final Map<String, String> CODES = Map.of("RECEIPT", "WE", "ADJUSTMENT", "KORR", "TRANSFER_OUT", "UA", "TRANSFER_IN", "UE");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss").withZone(ZoneId.of("Europe/Vienna"));

    private final Path outbound;
    private final ObjectMapper json;
    private final AtomicLong files = new AtomicLong();

    public SandboxWmsDrop(Path outbound, ObjectMapper json) {
        this.outbound = outbound;
        this.json = json;
    }

    /** A snapshot ({warehouse, asOf, lines:[{sku, quantity}]}) as a BESTAND file. */
    public void snapshot(String document) {
        JsonNode s = read(document);
        String stand = LOCAL.format(Instant.parse(s.path("asOf").asText()));
        write("BESTAND_", SNAPSHOT, csv -> {
            for (JsonNode line : s.path("lines")) {
                csv.printRecord(line.path("sku").asText(), line.path("quantity").asInt(), stand);
            }
        });
    }

    /** A movement ({id, sku, type, quantity, reason, at, transfer, origin|destination}) as a BEWEGUNG file of one line. */
    public void movement(String document) {
        JsonNode m = read(document);
        String other = m.hasNonNull("destination") ? m.path("destination").asText() : m.path("origin").asText("");
        write("BEWEGUNG_", MOVEMENT, csv -> csv.printRecord(m.path("id").asText(), m.path("sku").asText(),
                CODES.getOrDefault(m.path("type").asText(), m.path("type").asText()), m.path("quantity").asInt(), m.path("reason").asText(""),
                LOCAL.format(Instant.parse(m.path("at").asText())), m.path("transfer").asText(""), other));
    }

    private interface Lines {
        void print(CSVPrinter csv) throws IOException;
    }

    private void write(String prefix, String[] header, Lines lines) {
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setDelimiter(';').setHeader(header).get())) {
            lines.print(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = prefix + System.currentTimeMillis() + "-" + files.incrementAndGet() + ".csv";
        try {
            Path temporary = outbound.resolve("." + name + ".tmp");
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            Files.move(temporary, outbound.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox WMS could not write " + name, e);
        }
    }

    private JsonNode read(String document) {
        try {
            return json.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
