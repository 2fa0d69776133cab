package io.kontor.fulfilment;

import io.kontor.model.Channel;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing rules: fill the whole order from one warehouse if any can, else split where allowed, else wait. */
class WarehouseRouterTest {

    private static final FulfilmentProperties.Warehouse KOELN =
            new FulfilmentProperties.Warehouse("DE-KOELN", "Köln", "DE", List.of("AT", "NL", "FR"), new BigDecimal("4.20"), null, null, null);
    private static final FulfilmentProperties.Warehouse WIEN =
            new FulfilmentProperties.Warehouse("AT-WIEN", "Wien", "AT", List.of("DE", "CH"), new BigDecimal("4.90"), null, null, null);
    private static final FulfilmentProperties.Warehouse LEEDS =
            new FulfilmentProperties.Warehouse("GB-LEEDS", "Leeds", "GB", List.of("IE"), new BigDecimal("5.10"), null, null, null);
    private final WarehouseRouter router = new WarehouseRouter(new FulfilmentProperties(true, 15000, 60000, 200, "w", List.of(KOELN, WIEN, LEEDS),
            Set.of(Channel.of("SHOPIFY")), new FulfilmentProperties.Weights(100, 30, 2)));

    private static final List<WarehouseRouter.Need> TWO_LINES = List.of(
            new WarehouseRouter.Need("1", "TS-BLK-M", 2), new WarehouseRouter.Need("2", "CP-GRY", 1));

    @Test
    void theWarehouseServingTheDestinationWinsWhenSeveralCanFill() {
        Map<String, Map<String, Integer>> stock = Map.of("TS-BLK-M", Map.of("DE-KOELN", 10, "AT-WIEN", 10, "GB-LEEDS", 10),
                "CP-GRY", Map.of("DE-KOELN", 5, "AT-WIEN", 5, "GB-LEEDS", 5));
        WarehouseRouter.Plan toGb = router.plan(TWO_LINES, "GB", Channel.of("SHOPIFY"), stock, List.of());
        assertThat(toGb.rule()).isEqualTo(WarehouseRouter.SINGLE);
        assertThat(toGb.allocations()).extracting(WarehouseRouter.Allocation::warehouse).containsOnly("GB-LEEDS");
        // DE: both Köln (home) and Wien (zone) serve it; Köln is cheaper
        WarehouseRouter.Plan toDe = router.plan(TWO_LINES, "DE", Channel.of("SHOPIFY"), stock, List.of());
        assertThat(toDe.allocations()).extracting(WarehouseRouter.Allocation::warehouse).containsOnly("DE-KOELN");
        assertThat(toDe.candidates().get(0).reasons()).contains("has all 3 units", "serves DE", "cost per order 4.20");
        // a warehouse already holding units of the order gets the rest when it can fill too
        WarehouseRouter.Plan sticky = router.plan(TWO_LINES, "DE", Channel.of("SHOPIFY"), stock, List.of("AT-WIEN"));
        assertThat(sticky.allocations()).extracting(WarehouseRouter.Allocation::warehouse).containsOnly("AT-WIEN");
    }

    @Test
    void aWarehouseThatCanFillBeatsACloserOneThatCannot() {
        Map<String, Map<String, Integer>> stock = Map.of("TS-BLK-M", Map.of("DE-KOELN", 1, "GB-LEEDS", 9),
                "CP-GRY", Map.of("DE-KOELN", 5, "GB-LEEDS", 5));
        WarehouseRouter.Plan plan = router.plan(TWO_LINES, "DE", Channel.of("SHOPIFY"), stock, List.of());
        assertThat(plan.rule()).isEqualTo(WarehouseRouter.SINGLE);
        assertThat(plan.allocations()).extracting(WarehouseRouter.Allocation::warehouse).containsOnly("GB-LEEDS");
        assertThat(plan.backordered()).isEmpty();
    }

    @Test
    void noSingleWarehouseCanFill_splitWhereTheChannelAllowsItElseWaitAtTheBest() {
        Map<String, Map<String, Integer>> stock = Map.of("TS-BLK-M", Map.of("DE-KOELN", 1, "AT-WIEN", 1),
                "CP-GRY", Map.of("AT-WIEN", 1));
        WarehouseRouter.Plan split = router.plan(TWO_LINES, "DE", Channel.of("SHOPIFY"), stock, List.of());
        assertThat(split.rule()).isEqualTo(WarehouseRouter.SPLIT);
        assertThat(split.allocations()).containsExactlyInAnyOrder(
                new WarehouseRouter.Allocation("1", "TS-BLK-M", "AT-WIEN", 1),
                new WarehouseRouter.Allocation("1", "TS-BLK-M", "DE-KOELN", 1),
                new WarehouseRouter.Allocation("2", "CP-GRY", "AT-WIEN", 1));
        assertThat(split.backordered()).isEmpty();

        WarehouseRouter.Plan wait = router.plan(TWO_LINES, "DE", Channel.of("WHOLESALE_CSV"), stock, List.of());
        assertThat(wait.rule()).isEqualTo(WarehouseRouter.WAIT_AT_BEST);
        assertThat(wait.allocations()).extracting(WarehouseRouter.Allocation::warehouse).containsOnly("AT-WIEN");
        assertThat(wait.backordered()).containsExactly(new WarehouseRouter.Need("1", "TS-BLK-M", 1));
    }

    @Test
    void whatNoWarehouseHasIsBackordered() {
        WarehouseRouter.Plan plan = router.plan(TWO_LINES, "FR", Channel.of("SHOPIFY"), Map.of("CP-GRY", Map.of("DE-KOELN", 1)), List.of());
        assertThat(plan.allocations()).containsExactly(new WarehouseRouter.Allocation("2", "CP-GRY", "DE-KOELN", 1));
        assertThat(plan.backordered()).containsExactly(new WarehouseRouter.Need("1", "TS-BLK-M", 2));
        WarehouseRouter none = new WarehouseRouter(new FulfilmentProperties(true, 15000, 60000, 200, "w", List.of(), Set.of(), new FulfilmentProperties.Weights(100, 30, 2)));
        assertThat(none.plan(TWO_LINES, "DE", Channel.of("SHOPIFY"), Map.of(), List.of()).rule()).isEqualTo(WarehouseRouter.NO_WAREHOUSE);
    }
}
