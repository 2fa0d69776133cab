package io.kontor.sandbox.wholesale;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamReader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The wholesale partner's view of our stock, as its own system reads the files we put on its server: STOCK csv files
 * (sku, available, as_of) and EANCOM INVRPT inventory reports (read with StAEDI: each LIN group's PIA+5 article number
 * and QTY+145 actual stock; the LOC+18 of an extended report is summed per article). Every report is an absolute
 * snapshot of the articles it names: applied in the order the files were written, the later figure wins.
 */
public final class SandboxPartnerStock {

    private SandboxPartnerStock() {
    }

    /** The partner's figures after reading every stock file in {@code dir}, oldest first. */
    public static Map<String, Integer> read(Path dir) throws IOException {
        Map<String, Integer> stock = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            // in the order they were written: the names carry the time after the kind and the partner
            files = list.filter(f -> f.getFileName().toString().matches("(STOCK|INVRPT)_.*\\.(csv|edi)"))
                    .sorted(java.util.Comparator.comparing(f -> f.getFileName().toString().replaceFirst("^(STOCK|INVRPT)_", ""))).toList();
        }
        for (Path f : files) {
            stock.putAll(f.toString().endsWith(".csv") ? csv(f) : invrpt(f));
        }
        return stock;
    }

    /** A STOCK csv's figures per SKU. */
    public static Map<String, Integer> csv(Path file) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (Reader in = Files.newBufferedReader(file);
             CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            for (CSVRecord r : csv) {
                out.put(r.get("sku"), Integer.parseInt(r.get("available")));
            }
        }
        return out;
    }

    /** An INVRPT's figures per article; a message that is not an inventory report (BGM 35) is refused. */
    public static Map<String, Integer> invrpt(Path file) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (InputStream in = Files.newInputStream(file);
             EDIStreamReader r = EDIInputFactory.newFactory().createEDIStreamReader(in)) {
            String segment = null;
            List<String> elements = new ArrayList<>();
            String article = null;
            while (r.hasNext()) {
                EDIStreamEvent e = r.next();
                if (e == EDIStreamEvent.START_SEGMENT) {
                    segment = r.getText();
                    elements.clear();
                } else if (e == EDIStreamEvent.ELEMENT_DATA && segment != null) {
                    elements.add(r.getText());
                } else if (e == EDIStreamEvent.END_SEGMENT && segment != null) {
                    switch (segment) {
                        case "BGM" -> {
                            if (elements.isEmpty() || !"35".equals(elements.get(0))) {
                                throw new IOException(file.getFileName() + " is not an inventory report (BGM 35): " + elements);
                            }
                        }
                        case "LIN" -> article = null;
                        case "PIA" -> {
                            if (elements.size() >= 3 && "5".equals(elements.get(0)) && "SA".equals(elements.get(2))) {
                                article = elements.get(1);
                            }
                        }
                        case "QTY" -> {
                            if (article != null && elements.size() >= 2 && "145".equals(elements.get(0))) {
                                out.merge(article, Integer.parseInt(elements.get(1)), Integer::sum);
                            }
                        }
                        default -> {
                        }
                    }
                    segment = null;
                }
            }
        } catch (io.xlate.edi.stream.EDIStreamException e) {
            throw new IOException(file.getFileName() + " is no readable EDIFACT interchange: " + e.getMessage(), e);
        }
        return out;
    }
}
