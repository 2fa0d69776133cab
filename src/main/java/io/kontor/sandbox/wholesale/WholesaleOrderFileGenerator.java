package io.kontor.sandbox.wholesale;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a wholesale partner: writes order files the way partners do (under a temporary name, then renamed),
 * several orders with several lines each, net prices, German and Austrian branches with umlauts and quoted
 * fields. File numbers continue across restarts (they are taken from the clock), so names never repeat.
 */
public final class WholesaleOrderFileGenerator {

    /** The partner's order file columns, as the wholesale contract lists them (one row per order line). */
    static final java.util.List<String> COLUMNS = java.util.List.of("order_number", "order_date", "buyer_gln", "buyer_name",
            "ship_to_name", "ship_to_line1", "ship_to_line2", "ship_to_city", "ship_to_region", "ship_to_postcode", "ship_to_country",
            "currency", "line_no", "sku", "gtin", "description", "qty", "unit_price", "requested_delivery_date");

    private static final String[][] BRANCHES = {
            {"4012345000009", "Großhandel Müller GmbH", "Filiale Köln, Lager 2", "Hohe Straße 12", "Köln", "NRW", "50667", "DE"},
            {"4012345000016", "Großhandel Müller GmbH", "Filiale München", "Sendlinger Straße 3", "München", "BY", "80331", "DE"},
            {"9012345000004", "Kaufhaus Öberg KG", "Zentrallager Graz", "Annenstraße 27", "Graz", "ST", "8020", "AT"}};
    private static final String[][] ITEMS = {
            {"CUP-03", "4006381333931", "Becher \"Classic\", 0,3 l", "2.35"},
            {"CUP-05", "", "Becher \"Classic\", 0,5 l", "3.10"},
            {"PLT-26", "4000417025005", "Teller flach, 26 cm", "4.85"},
            {"BWL-15", "", "Schale 15 cm – Steingut", "3.95"},
            // shop assortment the partner buys too: its orders compete with the channels' for the same stock
            {"MG-CER-350", "4006381333948", "Ceramic Mug 350 ml", "7.90"},
            {"NB-A5-DOT", "", "Notebook A5 dotted", "5.50"}};

    /** The SKUs the partner orders. */
    public static List<String> skus() {
        return java.util.Arrays.stream(ITEMS).map(i -> i[0]).toList();
    }

    private final Path dir;
    private final String partner;
    private final Clock clock;
    private final Random random;
    private final AtomicLong sequence;

    public WholesaleOrderFileGenerator(Path dir, String partner, long seed, Clock clock) {
        this.dir = dir;
        this.partner = partner;
        this.clock = clock;
        this.random = new Random(seed);
        // file names, interchange references and EDIFACT order numbers stay unique across restarts of the sandbox
        this.sequence = new AtomicLong(clock.instant().getEpochSecond() % 100_000_000L * 10);
    }

    /** Writes one file with 1–4 orders and returns its path. */
    public synchronized Path writeFile() {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
        long seq = sequence.incrementAndGet();
        String name = "ORDERS_" + partner + "_" + stamp + "_" + seq + ".csv";
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        int orders = 1 + random.nextInt(4);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (int o = 0; o < orders; o++) {
            String number = "PO-" + stamp + "-" + seq + "-" + (o + 1);
            String[] b = BRANCHES[random.nextInt(BRANCHES.length)];
            int lines = 1 + random.nextInt(4);
            for (int l = 1; l <= lines; l++) {
                String[] item = ITEMS[(o + l) % ITEMS.length];
                int qty = 6 * (1 + random.nextInt(8));
                csv.append(String.join(",", number, today.toString(), b[0], quote(b[1]), quote(b[2]), quote(b[3]), "",
                        b[4], b[5], b[6], b[7], "EUR", String.valueOf(l), item[0], item[1], quote(item[2]),
                        String.valueOf(qty), new BigDecimal(item[3]).toPlainString(), today.plusDays(5 + random.nextInt(10)).toString()))
                        .append("\r\n");
            }
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.writeString(tmp, csv, StandardCharsets.UTF_8);
            return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one EDIFACT ORDERS interchange (EANCOM D.96A, UNOC = Latin-1) with 1–2 orders into {@code edifactDir}. */
    public synchronized Path writeEdifact(Path edifactDir) {
        String stamp = DateTimeFormatter.ofPattern("yyMMdd:HHmm").withZone(ZoneOffset.UTC).format(clock.instant());
        long ref = sequence.incrementAndGet();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        StringBuilder edi = new StringBuilder("UNA:+.? '\n");
        edi.append("UNB+UNOC:3+").append(BRANCHES[0][0]).append(":14+4000001000005:14+").append(stamp).append('+').append(ref).append("'\n");
        int messages = 1 + random.nextInt(2);
        for (int m = 1; m <= messages; m++) {
            String[] b = BRANCHES[random.nextInt(BRANCHES.length)];
            List<String> segments = new ArrayList<>();
            segments.add("UNH+" + m + "+ORDERS:D:96A:UN:EAN008");
            segments.add("BGM+220+EDI-" + ref + "-" + m + "+9");
            segments.add("DTM+137:" + today.format(DateTimeFormatter.BASIC_ISO_DATE) + ":102");
            segments.add("NAD+BY+" + b[0] + "::9");
            segments.add("NAD+DP+" + b[0] + "::9++" + escape(b[2]) + "+" + escape(b[3]) + "+" + escape(b[4]) + "++" + b[6] + "+" + b[7]);
            segments.add("CUX+2:EUR:9");
            int lines = 1 + random.nextInt(3);
            for (int l = 1; l <= lines; l++) {
                String[] item = ITEMS[(m + l) % ITEMS.length];
                segments.add("LIN+" + l + (item[1].isEmpty() ? "" : "++" + item[1] + ":EN"));
                segments.add("PIA+5+" + item[0] + ":SA");
                segments.add("IMD+F++:::" + escape(item[2]));
                segments.add("QTY+21:" + 6 * (1 + random.nextInt(8)));
                segments.add("PRI+AAA:" + item[3]);
            }
            segments.add("UNS+S");
            segments.add("UNT+" + (segments.size() + 1) + "+" + m);
            segments.forEach(seg -> edi.append(seg).append("'\n"));
        }
        edi.append("UNZ+").append(messages).append('+').append(ref).append("'\n");
        String name = "ORDERS_" + partner + "_" + ref + ".edi";
        try {
            Files.createDirectories(edifactDir);
            Path tmp = edifactDir.resolve("." + name + ".tmp");
            Files.write(tmp, edi.toString().getBytes(StandardCharsets.ISO_8859_1));
            return Files.move(tmp, edifactDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** EDIFACT release character: ? before the service characters. */
    private static String escape(String s) {
        return s.replace("?", "??").replace("+", "?+").replace(":", "?:").replace("'", "?'");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
