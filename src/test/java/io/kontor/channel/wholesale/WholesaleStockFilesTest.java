package io.kontor.channel.wholesale;

import io.kontor.sandbox.wholesale.SandboxPartnerStock;
import io.kontor.stock.spi.StockUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The partner's stock files as the partner reads them: the STOCK csv and the EANCOM INVRPT (read back by the sandbox
 * partner with StAEDI), with the segments an inventory report must have (BGM 35, DTM 137, NAD+GY, LIN/PIA/QTY+145, a
 * UNT that counts them), the same name for the same figures, and no INVRPT without our GLN.
 */
class WholesaleStockFilesTest {

    @TempDir
    Path dir;

    private static final Instant AS_OF = Instant.parse("2026-12-07T10:15:00Z");
    private final List<StockUpdate> updates = List.of(
            new StockUpdate("WHOLESALE_EDIFACT", "ACME", "TS-BLK-M", "", 40, null, UUID.randomUUID(), AS_OF),
            new StockUpdate("WHOLESALE_EDIFACT", "ACME", "PLT-26", "", 0, 3, UUID.randomUUID(), AS_OF));

    @Test
    void anInventoryReportCarriesActualStockPerArticleAndReadsBackTheSame() throws Exception {
        byte[] invrpt = WholesaleStockFiles.invrpt(updates, "4099999000005", AS_OF);
        String text = new String(invrpt, StandardCharsets.UTF_8);
        assertThat(text).contains("UNH+1+INVRPT:D:96A:UN:EAN004'", "BGM+35+", "DTM+137:20261207:102'", "NAD+GY+4099999000005::9'",
                "LIN+1'PIA+5+TS-BLK-M:SA'QTY+145:40'", "LIN+2'PIA+5+PLT-26:SA'QTY+145:0'", "UNT+12+1'");
        Path file = Files.write(dir.resolve(WholesaleStockFiles.fileName(updates, "ACME", AS_OF, true)), invrpt);
        assertThat(SandboxPartnerStock.invrpt(file)).containsEntry("TS-BLK-M", 40).containsEntry("PLT-26", 0).hasSize(2);
        Files.writeString(dir.resolve(WholesaleStockFiles.fileName(updates, "ACME", AS_OF, false)), WholesaleStockFiles.stockCsv(updates, AS_OF));
        assertThat(SandboxPartnerStock.read(dir)).containsEntry("TS-BLK-M", 40).containsEntry("PLT-26", 0);
    }

    @Test
    void theSameFiguresMakeTheSameFileNameAndAnInvrptNeedsOurGln() {
        assertThat(WholesaleStockFiles.fileName(updates, "ACME & Co", AS_OF, true))
                .isEqualTo(WholesaleStockFiles.fileName(List.copyOf(updates), "ACME & Co", AS_OF, true))
                .startsWith("INVRPT_ACME___Co_20261207101500000_").endsWith(".edi");
        assertThatThrownBy(() -> WholesaleStockFiles.invrpt(updates, " ", AS_OF)).hasMessageContaining("sender-gln");
    }
}
