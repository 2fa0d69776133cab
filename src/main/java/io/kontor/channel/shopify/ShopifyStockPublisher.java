package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.stock.spi.ChannelStockReports;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import io.kontor.platform.TransientChannelException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Available-to-sell to Shopify: one {@code inventorySetQuantities} ({@code name: available}, reason {@code correction})
 * per batch of figures, each figure per location with {@code changeFromQuantity} — what the hub last knew the shop to
 * show — so a figure the shop changed meanwhile is refused (CHANGE_FROM_QUANTITY_STALE), read back and reported rather
 * than overwritten blindly. The first figure for a location, when the hub has never known one, is set as it is
 * ({@code changeFromQuantity: null}). The call carries {@code @idempotent} with a key derived from the figures' own keys: a batch
 * sent again after a lost answer gets the first answer back. Shopify applies a call whole or not at all, so the figures
 * of a refused call that were not at fault are handed back to be sent again.
 * <p>
 * A SKU is found through its inventory item ({@code inventoryItems(query: "sku:…")}), remembered both ways: the
 * {@code inventory_levels/update} webhook names the item, not the SKU.
 */
@Component("shopifyStockPublisher")
public class ShopifyStockPublisher {

    static final String LOOKUP = """
            query StockItems($query: String!, $first: Int!) {
              inventoryItems(first: $first, query: $query) {
                nodes { id sku inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available"]) { name quantity } } } }
              }
            }""";
    static final String ITEM = """
            query StockItem($id: ID!) {
              inventoryItem(id: $id) {
                id sku inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available"]) { name quantity } } }
              }
            }""";
    static final String SET = """
            mutation SetAvailable($input: InventorySetQuantitiesInput!) {
              inventorySetQuantities(input: $input) @idempotent(key: "%s") {
                inventoryAdjustmentGroup { id createdAt }
                userErrors { field message code }
              }
            }""";
    /** SKUs looked up in one query: 10 items of up to 10 levels stay far below the single-query cost limit. */
    static final int LOOKUP_BATCH = 10;
    /** LOOKUP as Shopify counts it: 10 items of 10 levels with their locations. */
    static final int LOOKUP_COST = 2 + LOOKUP_BATCH * (3 + 10 * 2);
    private static final Set<String> NOT_LISTED = Set.of("INVALID_INVENTORY_ITEM", "ITEM_NOT_STOCKED_AT_LOCATION", "INVALID_LOCATION",
            "NON_MUTABLE_INVENTORY_ITEM");

    private final ShopifyAdminClient admin;
    private final ShopifyChannelProperties props;
    private final ChannelStockReports reports;
    private final Map<String, String> itemBySku = new ConcurrentHashMap<>();
    private final Map<String, String> skuByItem = new ConcurrentHashMap<>();

    public ShopifyStockPublisher(ShopifyAdminClient admin, ShopifyChannelProperties props, ChannelStockReports reports) {
        this.admin = admin;
        this.props = props;
        this.reports = reports;
    }

    private ShopifyAccessTokens.Credentials credentials(String shop, String baseUrl, String clientId) {
        return new ShopifyAccessTokens.Credentials(shop, baseUrl, props.accessToken(), clientId, props.clientSecret(), props.refreshToken());
    }

    /** Sends the figures; one answer per figure, in their order. */
    public List<StockPushResult> push(List<StockUpdate> updates, String shop, String baseUrl, String apiVersion, String clientId) throws Exception {
        ShopifyAccessTokens.Credentials credentials = credentials(shop, baseUrl, clientId);
        String endpoint = baseUrl + "/admin/api/" + apiVersion + "/graphql.json";
        Set<String> unknown = new LinkedHashSet<>();
        updates.forEach(u -> {
            if (!itemBySku.containsKey(u.sku())) {
                unknown.add(u.sku());
            }
        });
        Map<String, Map<String, Integer>> shown = lookUp(credentials, endpoint, unknown);
        StockPushResult[] results = new StockPushResult[updates.size()];
        List<Integer> sent = new ArrayList<>();
        List<Map<String, Object>> quantities = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate u = updates.get(i);
            String item = itemBySku.get(u.sku());
            Map<String, Integer> levels = shown.get(u.sku());
            if (item == null) {
                results[i] = StockPushResult.notListed("Shopify " + shop + " has no inventory item with SKU " + u.sku());
                continue;
            }
            if (levels != null && !levels.containsKey(u.location())) {
                results[i] = StockPushResult.notListed("Shopify " + shop + " does not stock " + u.sku() + " at " + u.location());
                continue;
            }
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("inventoryItemId", item);
            q.put("locationId", u.location());
            q.put("quantity", u.quantity());
            // what the hub knew; never known (the first figure for this location) is an explicit null, which opts out of
            // the comparison: the same figure sent again after a lost answer then carries the same input, so the key
            // replays the first answer instead of being refused as a mismatch or applied twice
            q.put("changeFromQuantity", u.previous());
            quantities.add(q);
            sent.add(i);
        }
        if (!quantities.isEmpty()) {
            String key = callKey(updates, sent);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", "available");
            input.put("reason", "correction");
            input.put("referenceDocumentUri", "gid://kontor/StockSync/" + key);
            input.put("quantities", quantities);
            JsonNode payload = admin.graphql(credentials, endpoint, SET.formatted(key), Map.of("input", input))
                    .path("data").path("inventorySetQuantities");
            answer(updates, sent, payload, results, credentials, endpoint);
        }
        return List.of(results);
    }

    private void answer(List<StockUpdate> updates, List<Integer> sent, JsonNode payload, StockPushResult[] results,
                        ShopifyAccessTokens.Credentials credentials, String endpoint) throws Exception {
        JsonNode errors = payload.path("userErrors");
        if (errors.isEmpty()) {
            sent.forEach(i -> results[i] = StockPushResult.acknowledged());
            return;
        }
        Map<Integer, JsonNode> byEntry = new HashMap<>();
        for (JsonNode e : errors) {
            String code = e.path("code").asText();
            if (code.equals("IDEMPOTENCY_CONCURRENT_REQUEST")) {
                throw new TransientChannelException("Shopify " + credentials.shop() + " is still running the same stock call: " + e.path("message").asText());
            }
            JsonNode field = e.path("field");
            if (field.size() >= 3 && "quantities".equals(field.get(1).asText())) {
                byEntry.put(field.get(2).asInt(), e);
            } else {
                // the call itself was refused (its key, its name or reason): nothing applied, sent again with a new key
                throw new ShopifyApiException("Shopify " + credentials.shop() + " refused the stock call: " + errors);
            }
        }
        Set<String> stale = new LinkedHashSet<>();
        for (Map.Entry<Integer, JsonNode> e : byEntry.entrySet()) {
            if (e.getValue().path("code").asText().endsWith("_STALE")) {
                stale.add(updates.get(sent.get(e.getKey())).sku());
            }
        }
        Map<String, Map<String, Integer>> now = stale.isEmpty() ? Map.of() : lookUp(credentials, endpoint, stale);
        for (int n = 0; n < sent.size(); n++) {
            int i = sent.get(n);
            StockUpdate u = updates.get(i);
            JsonNode e = byEntry.get(n);
            if (e == null) {
                results[i] = StockPushResult.notApplied();
            } else if (e.path("code").asText().endsWith("_STALE")) {
                results[i] = StockPushResult.stale(now.getOrDefault(u.sku(), Map.of()).get(u.location()));
            } else if (NOT_LISTED.contains(e.path("code").asText())) {
                itemBySku.remove(u.sku());
                results[i] = StockPushResult.notListed(e.path("code").asText() + ": " + e.path("message").asText());
            } else {
                results[i] = StockPushResult.refused(e.path("code").asText() + ": " + e.path("message").asText());
            }
        }
    }

    /** One key per set of figures: the same figures (by their own keys) make the same call. */
    static String callKey(List<StockUpdate> updates, List<Integer> sent) {
        StringBuilder all = new StringBuilder();
        sent.forEach(i -> all.append(updates.get(i).idempotencyKey()).append(','));
        return UUID.nameUUIDFromBytes(all.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Finds the SKUs' inventory items; answers what each shows per location (available). */
    private Map<String, Map<String, Integer>> lookUp(ShopifyAccessTokens.Credentials credentials, String endpoint, Set<String> skus) throws Exception {
        Map<String, Map<String, Integer>> shown = new HashMap<>();
        List<String> all = new ArrayList<>(skus);
        for (int from = 0; from < all.size(); from += LOOKUP_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + LOOKUP_BATCH));
            String query = String.join(" OR ", batch.stream().map(s -> "sku:'" + s.replace("'", "\\'") + "'").toList());
            JsonNode nodes = admin.graphql(credentials, endpoint, LOOKUP, Map.of("query", query, "first", LOOKUP_BATCH), LOOKUP_COST)
                    .path("data").path("inventoryItems").path("nodes");
            for (JsonNode item : nodes) {
                remember(item, shown);
            }
        }
        return shown;
    }

    private void remember(JsonNode item, Map<String, Map<String, Integer>> shown) {
        String sku = item.path("sku").asText(null);
        if (sku == null) {
            return;
        }
        itemBySku.put(sku, item.path("id").asText());
        skuByItem.put(item.path("id").asText(), sku);
        Map<String, Integer> levels = new HashMap<>();
        for (JsonNode level : item.path("inventoryLevels").path("nodes")) {
            for (JsonNode q : level.path("quantities")) {
                if ("available".equals(q.path("name").asText())) {
                    levels.put(level.path("location").path("id").asText(), q.path("quantity").asInt());
                }
            }
        }
        shown.put(sku, levels);
    }

    /**
     * An {@code inventory_levels/update} webhook (REST shape, verified): what the shop shows now, told to the stock
     * workflow, which recognises the echo of its own write.
     */
    public ChannelStockReports.Verdict levelChanged(JsonNode level, String shop, String baseUrl, String apiVersion, String clientId) throws Exception {
        String item = "gid://shopify/InventoryItem/" + level.path("inventory_item_id").asText();
        String sku = skuByItem.get(item);
        if (sku == null) {
            JsonNode found = admin.graphql(credentials(shop, baseUrl, clientId), baseUrl + "/admin/api/" + apiVersion + "/graphql.json", ITEM,
                    Map.of("id", item)).path("data").path("inventoryItem");
            if (found.isMissingNode() || found.isNull()) {
                return ChannelStockReports.Verdict.IGNORED;
            }
            remember(found, new HashMap<>());
            sku = skuByItem.get(item);
        }
        if (sku == null || !level.path("available").canConvertToInt()) {
            return ChannelStockReports.Verdict.IGNORED;
        }
        Instant at = level.hasNonNull("updated_at") ? java.time.OffsetDateTime.parse(level.path("updated_at").asText()).toInstant() : Instant.now();
        return reports.reported(ShopifyChannel.SHOPIFY.code(), shop, sku, "gid://shopify/Location/" + level.path("location_id").asText(),
                level.path("available").asInt(), at);
    }
}
