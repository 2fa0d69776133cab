package io.kontor.stock;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a channel may offer of the stock available: its buffer in units and percent, its warehouses. */
class StockAllocationTest {

    @Test
    void theBufferIsUnitsPlusAShareRoundedUpAndNeverMakesTheOfferNegative() {
        StockProperties.Allocation allocation = new StockProperties.Allocation(2, new BigDecimal("10"), List.of(), StockProperties.OnChannelEdit.OVERWRITE, null);
        assertThat(allocation.offer(100)).isEqualTo(88);
        assertThat(allocation.offer(11)).isEqualTo(7); // 2 + ceil(1.1)
        assertThat(allocation.offer(3)).isEqualTo(0);
        assertThat(allocation.offer(0)).isZero();
        assertThat(allocation.offer(-4)).as("an oversold level offers nothing").isZero();
        assertThat(StockProperties.Allocation.ALL.offer(5)).isEqualTo(5);
    }

    @Test
    void aCapShowsAtMostThatManyUnitsAndNothingChangesAboveIt() {
        StockProperties.Allocation capped = new StockProperties.Allocation(2, BigDecimal.ZERO, List.of(), StockProperties.OnChannelEdit.OVERWRITE, 20);
        assertThat(capped.offer(300)).isEqualTo(20);
        assertThat(capped.offer(23)).isEqualTo(20);
        assertThat(capped.offer(21)).as("below the cap the buffer rules").isEqualTo(19);
        assertThat(capped.offer(0)).isZero();
        assertThatThrownBy(() -> new StockProperties.Allocation(0, BigDecimal.ZERO, List.of(), StockProperties.OnChannelEdit.OVERWRITE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChannelSellsFromItsWarehousesOnlyAndIsFoundWhateverTheCaseOfItsCode() {
        StockProperties props = new StockProperties(true, 100, java.time.Duration.ofSeconds(30), Map.of("amazon",
                new StockProperties.Allocation(0, BigDecimal.ZERO, List.of("DE-KOELN"), StockProperties.OnChannelEdit.TAKE_OVER, null)));
        assertThat(props.allocation("AMAZON").sellsFrom("DE-KOELN")).isTrue();
        assertThat(props.allocation("AMAZON").sellsFrom("GB-LEEDS")).isFalse();
        assertThat(props.allocation("EBAY")).isEqualTo(StockProperties.Allocation.ALL);
        assertThat(props.allocation("EBAY").sellsFrom("GB-LEEDS")).isTrue();
    }

    @Test
    void aBufferBeyondAllOrBelowNothingIsRefused() {
        assertThatThrownBy(() -> new StockProperties.Allocation(0, new BigDecimal("101"), List.of(), StockProperties.OnChannelEdit.OVERWRITE, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StockProperties.Allocation(-1, BigDecimal.ZERO, List.of(), StockProperties.OnChannelEdit.OVERWRITE, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
