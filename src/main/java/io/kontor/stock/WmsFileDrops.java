package io.kontor.stock;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Warehouses whose WMS hands over stock as CSV files on its SFTP server (kontor.stock.wms-files.&lt;warehouse&gt;.*):
 * where to fetch them and how to read each WMS's own columns.
 */
@ConfigurationProperties("kontor.stock")
public record WmsFileDrops(Map<String, Drop> wmsFiles) {

    public WmsFileDrops {
        wmsFiles = wmsFiles == null ? Map.of() : Map.copyOf(wmsFiles);
    }

    /**
     * One WMS's SFTP drop and file layout.
     *
     * @param snapshotFiles file names (regular expression) of snapshots: what the warehouse counts per SKU
     * @param movementFiles file names of movements: receipts, adjustments, transfer legs, one per line
     * @param delimiter     the field separator
     * @param columns       the WMS's header per field: sku, quantity, as-of (snapshot; else the file's time), id, type,
     *                      reason, at, transfer, other-warehouse (a transfer leg's destination or origin)
     * @param types         the WMS's movement type codes → RECEIPT, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN
     * @param timeZone      the zone of times written without an offset
     * @param timePattern   how times are written (java.time pattern); empty: ISO-8601
     */
    public record Drop(@DefaultValue("true") boolean enabled, String host, @DefaultValue("22") int port, String username, String password,
                       @DefaultValue("/outbound/stock") String directory, @DefaultValue("5000") long pollDelay,
                       @DefaultValue("yes") String strictHostKeyChecking, @DefaultValue("") String knownHostsFile,
                       @DefaultValue("STOCK_.*\\.csv") String snapshotFiles, @DefaultValue("MOVES_.*\\.csv") String movementFiles,
                       @DefaultValue(",") char delimiter, @DefaultValue("UTF-8") String charset, Map<String, String> columns,
                       Map<String, String> types, @DefaultValue("UTC") ZoneId timeZone, @DefaultValue("") String timePattern) {

        public Drop {
            columns = columns == null ? Map.of() : Map.copyOf(columns);
            types = types == null ? Map.of() : Map.copyOf(types);
        }

        /** The WMS's header of one of our fields (its own name when not mapped). */
        public String column(String field) {
            return lookUp(columns, field).orElse(field);
        }

        /** Whether the WMS's files carry a field at all (as-of is optional: the file's time stands in). */
        public boolean hasColumn(String field) {
            return lookUp(columns, field).isPresent();
        }

        /** Our movement type of the WMS's code (the code itself when not mapped). */
        public String type(String code) {
            return lookUp(types, code).orElse(code);
        }

        public String include() {
            return "(" + snapshotFiles + ")|(" + movementFiles + ")";
        }
    }

    /** Keys of maps bound from properties may come in any case, and with or without dashes. */
    private static Optional<String> lookUp(Map<String, String> map, String key) {
        String wanted = normal(key);
        return map.entrySet().stream().filter(e -> normal(e.getKey()).equals(wanted)).map(Map.Entry::getValue).findFirst();
    }

    private static String normal(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    public Optional<Drop> drop(String warehouse) {
        return wmsFiles.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(warehouse)).map(Map.Entry::getValue).findFirst();
    }
}
