package io.kontor.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Location of an adjustment names the SKU's movements as one path segment, whatever characters the SKU has. */
class StockLocationsTest {

    @Test
    void aSkuWithASpaceOrASlashStaysOneSegmentAndASpaceIsNotAPlus() {
        assertThat(StockController.movementsUri("CP GRY").toString()).isEqualTo("/api/stock/CP%20GRY/movements");
        assertThat(StockController.movementsUri("A/B+C").toString()).isEqualTo("/api/stock/A%2FB%2BC/movements");
    }
}
