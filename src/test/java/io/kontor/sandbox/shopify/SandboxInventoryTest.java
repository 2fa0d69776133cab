package io.kontor.sandbox.shopify;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulated shop's inventorySetQuantities against Shopify's documented contract
 * (../shared/docs/stock-and-payout-contracts.md §1.3, §1.8 and the emulator checklist): the compare-and-set of each API
 * version (absent is not null), the idempotency key's replay and mismatch, the allow-listed reasons and names, bounds,
 * duplicate pairs, unstocked locations, all-or-nothing, and the webhook for every change including the app's own.
 */
class SandboxInventoryTest {

    private static final String KOELN = "gid://shopify/Location/71001";
    private static final String SKU = "TS-BLK-M";
    private static final String ITEM = "gid://shopify/InventoryItem/" + SandboxInventory.itemId(SKU);

    private final SandboxInventory inventory = new SandboxInventory(List.of(KOELN), 3);

    private static Map<String, Object> input(List<Map<String, Object>> quantities) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", "gid://kontor/StockSync/1");
        input.put("quantities", quantities);
        return input;
    }

    private static Map<String, Object> quantity(String item, String location, int quantity, String casField, Integer from) {
        Map<String, Object> q = new HashMap<>();
        q.put("inventoryItemId", item);
        q.put("locationId", location);
        q.put("quantity", quantity);
        if (casField != null) {
            q.put(casField, from);
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Object payload) {
        List<String> codes = new ArrayList<>();
        ((List<Map<String, Object>>) ((Map<String, Object>) payload).get("userErrors")).forEach(e -> codes.add((String) e.get("code")));
        return codes;
    }

    @Test
    void changeFromQuantityIsTheCompareAndSetOf2026_01AndAnExplicitNullOptsOut() {
        int shown = inventory.available(SKU, KOELN);
        assertThat(codes(inventory.setQuantities("2026-01", "k1", input(List.of(quantity(ITEM, KOELN, 7, "changeFromQuantity", shown + 1))))))
                .containsExactly("CHANGE_FROM_QUANTITY_STALE");
        assertThat(inventory.available(SKU, KOELN)).isEqualTo(shown);
        assertThat(codes(inventory.setQuantities("2026-01", "k2", input(List.of(quantity(ITEM, KOELN, 7, "changeFromQuantity", shown)))))).isEmpty();
        assertThat(inventory.available(SKU, KOELN)).isEqualTo(7);
        // explicit null: no comparison at all (2026-01 ignores compareQuantity once changeFromQuantity is there)
        assertThat(codes(inventory.setQuantities("2026-01", "k3", input(List.of(quantity(ITEM, KOELN, 9, "changeFromQuantity", null)))))).isEmpty();
        assertThat(inventory.available(SKU, KOELN)).isEqualTo(9);
        // absent: the old rule applies, compareQuantity is required
        assertThat(codes(inventory.setQuantities("2026-01", "k4", input(List.of(quantity(ITEM, KOELN, 3, null, null))))))
                .containsExactly("COMPARE_QUANTITY_REQUIRED");
    }

    @Test
    void from2026_04ChangeFromQuantityAndTheIdempotencyKeyAreMandatory() {
        int shown = inventory.available(SKU, KOELN);
        assertThat(inventory.setQuantities("2026-04", null, input(List.of(quantity(ITEM, KOELN, 1, "changeFromQuantity", shown)))))
                .isInstanceOf(String.class);
        assertThat(inventory.setQuantities("2026-04", "k", input(List.of(quantity(ITEM, KOELN, 1, null, null))))).asString()
                .contains("changeFromQuantity");
        assertThat(inventory.setQuantities("2026-04", "k", input(List.of(quantity(ITEM, KOELN, 1, "compareQuantity", shown))))).asString()
                .contains("compareQuantity");
        assertThat(codes(inventory.setQuantities("2026-04", "k5", input(List.of(quantity(ITEM, KOELN, 1, "changeFromQuantity", null)))))).isEmpty();
    }

    @Test
    void theOldCompareQuantityRuleUpTo2025_10() {
        int shown = inventory.available(SKU, KOELN);
        assertThat(codes(inventory.setQuantities("2025-10", null, input(List.of(quantity(ITEM, KOELN, 4, "compareQuantity", shown + 2))))))
                .containsExactly("COMPARE_QUANTITY_STALE");
        Map<String, Object> ignoring = input(List.of(quantity(ITEM, KOELN, 4, null, null)));
        ignoring.put("ignoreCompareQuantity", true);
        assertThat(codes(inventory.setQuantities("2025-10", null, ignoring))).isEmpty();
        assertThat(inventory.available(SKU, KOELN)).isEqualTo(4);
    }

    @Test
    void theSameKeyAnswersTheFirstResultAndRefusesOtherParameters() {
        int shown = inventory.available(SKU, KOELN);
        Map<String, Object> first = input(List.of(quantity(ITEM, KOELN, 11, "changeFromQuantity", shown)));
        Object answer = inventory.setQuantities("2026-01", "same", first);
        assertThat(codes(answer)).isEmpty();
        // the retry after a lost answer: the first answer again, although changeFromQuantity is now stale
        assertThat(inventory.setQuantities("2026-01", "same", input(List.of(quantity(ITEM, KOELN, 11, "changeFromQuantity", shown)))))
                .isEqualTo(answer);
        assertThat(codes(inventory.setQuantities("2026-01", "same", input(List.of(quantity(ITEM, KOELN, 12, "changeFromQuantity", 11))))))
                .containsExactly("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        assertThat(inventory.available(SKU, KOELN)).isEqualTo(11);
    }

    @Test
    void aRefusedCallChangesNothingAndNamesEachEntryAtFault() {
        String other = "gid://shopify/InventoryItem/" + SandboxInventory.itemId("CP-GRY");
        int before = inventory.available("CP-GRY", KOELN);
        Object answer = inventory.setQuantities("2026-01", "m", input(List.of(
                quantity(other, KOELN, 5, "changeFromQuantity", null),
                quantity(ITEM, "gid://shopify/Location/99", 5, "changeFromQuantity", null),
                quantity("gid://shopify/InventoryItem/1", KOELN, 5, "changeFromQuantity", null),
                quantity(ITEM, KOELN, -1, "changeFromQuantity", null),
                quantity(other, KOELN, 6, "changeFromQuantity", null))));
        assertThat(codes(answer)).containsExactly("ITEM_NOT_STOCKED_AT_LOCATION", "INVALID_INVENTORY_ITEM", "INVALID_QUANTITY_NEGATIVE",
                "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR");
        assertThat(inventory.available("CP-GRY", KOELN)).isEqualTo(before);
        Map<String, Object> badReason = input(List.of(quantity(ITEM, KOELN, 5, "changeFromQuantity", null)));
        badReason.put("reason", "sync");
        badReason.put("name", "committed");
        assertThat(codes(inventory.setQuantities("2026-01", "r", badReason))).containsExactlyInAnyOrder("INVALID_REASON", "INVALID_NAME");
        assertThat(codes(inventory.setQuantities("2026-01", "h", input(List.of(quantity(ITEM, KOELN, 1_000_000_001, "changeFromQuantity", null))))))
                .containsExactly("INVALID_QUANTITY_TOO_HIGH");
    }

    @Test
    void everyChangeIsAnnouncedWithoutSayingWhoMadeIt() {
        List<SandboxInventory.LevelChange> changes = new ArrayList<>();
        inventory.onChange(changes::add);
        inventory.setQuantities("2026-01", "w", input(List.of(quantity(ITEM, KOELN, 8, "changeFromQuantity", null))));
        inventory.setByHand(SKU, KOELN, 30);
        inventory.committed(SKU, KOELN, 2);
        assertThat(changes).extracting(SandboxInventory.LevelChange::available).containsExactly(8, 30, 28);
        assertThat(changes).allSatisfy(c -> assertThat(c.locationId()).isEqualTo(71001));
    }
}
