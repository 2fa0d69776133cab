package io.kontor.stock;

import io.kontor.platform.BadInputException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A WMS's stock files read with that warehouse's mapping, bound from properties as the hub binds them: its own
 * headers, delimiter, movement codes and local times; anything that does not fit refuses the whole file, saying where.
 */
class WmsStockFilesTest {

    private static final Instant FILE_TIME = Instant.parse("2026-12-07T10:00:00Z");

    private static WmsFileDrops.Drop vienna() {
        Map<String, String> p = new HashMap<>();
        String prefix = "kontor.stock.wms-files.AT-WIEN.";
        p.put(prefix + "host", "wms.example");
        p.put(prefix + "delimiter", ";");
        p.put(prefix + "snapshot-files", "BESTAND_.*\\.csv");
        p.put(prefix + "movement-files", "BEWEGUNG_.*\\.csv");
        p.put(prefix + "time-pattern", "dd.MM.yyyy HH:mm:ss");
        p.put(prefix + "time-zone", "Europe/Vienna");
        p.put(prefix + "columns.sku", "Artikelnummer");
        p.put(prefix + "columns.quantity", "Menge");
        p.put(prefix + "columns.as-of", "Stand");
        p.put(prefix + "columns.id", "Beleg");
        p.put(prefix + "columns.type", "Bewegungsart");
        p.put(prefix + "columns.transfer", "Umlagerung");
        p.put(prefix + "columns.other-warehouse", "Gegenlager");
        p.put(prefix + "types.WE", "RECEIPT");
        p.put(prefix + "types.UA", "TRANSFER_OUT");
        p.put(prefix + "types.ue", "TRANSFER_IN");
        WmsFileDrops drops = new Binder(new MapConfigurationPropertySource(p)).bind("kontor.stock", WmsFileDrops.class).get();
        return drops.drop("at-wien").orElseThrow();
    }

    @Test
    void aSnapshotInTheWarehousesOwnColumnsAndLocalTimeBecomesItsLines() {
        WmsFileDrops.Drop drop = vienna();
        assertThat(drop.port()).isEqualTo(22);
        assertThat(drop.directory()).isEqualTo("/outbound/stock");
        WmsStockFiles.Content read = WmsStockFiles.parse(drop, "AT-WIEN", "BESTAND_1.csv",
                "\uFEFFArtikelnummer;Menge;Stand\nTS-BLK-M;12;07.12.2026 11:30:00\n\n\"CP;GRY\";0;07.12.2026 11:30:00\n", FILE_TIME);
        assertThat(read).isEqualTo(new WmsStockFiles.SnapshotFile(Instant.parse("2026-12-07T10:30:00Z"), java.util.List.of(
                new StockReconciliation.ReportLine("TS-BLK-M", "AT-WIEN", 12), new StockReconciliation.ReportLine("CP;GRY", "AT-WIEN", 0))));
    }

    @Test
    void movementsTakeTheirTypeFromTheWarehousesCodesAndATransferLegNamesTheOtherWarehouse() {
        WmsStockFiles.Content read = WmsStockFiles.parse(vienna(), "AT-WIEN", "BEWEGUNG_7.csv", """
                Beleg;Artikelnummer;Bewegungsart;Menge;Umlagerung;Gegenlager
                B-1;TS-BLK-M;WE;+5;;
                B-2;TS-BLK-M;UA;-3;U-9;DE-KOELN
                B-3;CP-GRY;UE;2;U-8;GB-LEEDS
                """, FILE_TIME);
        assertThat(((WmsStockFiles.MovementFile) read).movements()).containsExactly(
                new StockFeeds.WmsMovement("B-1", "AT-WIEN", "TS-BLK-M", "RECEIPT", 5, null, FILE_TIME, null, null, null),
                new StockFeeds.WmsMovement("B-2", "AT-WIEN", "TS-BLK-M", "TRANSFER_OUT", -3, null, FILE_TIME, "U-9", null, "DE-KOELN"),
                new StockFeeds.WmsMovement("B-3", "AT-WIEN", "CP-GRY", "TRANSFER_IN", 2, null, FILE_TIME, "U-8", "GB-LEEDS", null));
    }

    @Test
    void aFileThatDoesNotFitTheMappingIsRefusedWholeSayingWhere() {
        WmsFileDrops.Drop drop = vienna();
        assertRefused(drop, "BESTAND_1.csv", "Artikel;Menge;Stand\nX;1;07.12.2026 11:30:00\n", "no column Artikelnummer (sku)");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer,Menge,Stand\nX,1,07.12.2026 11:30:00\n", "no column Artikelnummer (sku)");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Stand\nX;1;07.12.2026 11:30:00\nY;1,5;07.12.2026 11:30:00\n",
                "line 2: Menge (quantity) is not a whole number: 1,5");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Stand\nX;;07.12.2026 11:30:00\n", "line 1: Menge (quantity) is empty");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Stand\nX;1;2026-12-07\n", "line 1: Stand (as-of) is not a time like dd.MM.yyyy HH:mm:ss");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Stand\nX;1\n", "line 1: Stand (as-of) is empty");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Stand\n", "a header and no lines");
        assertRefused(drop, "BESTAND_1.csv", "", "no column Artikelnummer (sku)");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Stand\n\"X;1;07.12.2026 11:30:00\n", "not a CSV file as configured");
        assertRefused(drop, "BESTAND_1.csv", "Artikelnummer;Menge;Menge\nX;1;2\n", "not a CSV file as configured");
        assertRefused(drop, "BEWEGUNG_1.csv", "Beleg;Artikelnummer;Bewegungsart;Menge;Umlagerung;Gegenlager\n;X;WE;1;;\n", "line 1: Beleg (id) is empty");
        assertRefused(drop, "BEWEGUNG_1.csv", "Beleg;Artikelnummer;Bewegungsart;Menge\nB-1;X;WE;1\n", "no column Gegenlager (other-warehouse)");
        assertRefused(drop, "orders.csv", "Artikelnummer;Menge\nX;1\n", "matches neither snapshot files");
    }

    private static void assertRefused(WmsFileDrops.Drop drop, String file, String content, String reason) {
        assertThatThrownBy(() -> WmsStockFiles.parse(drop, "AT-WIEN", file, content, FILE_TIME)).as(content)
                .isInstanceOf(BadInputException.class).hasMessageContaining(reason);
    }
}
