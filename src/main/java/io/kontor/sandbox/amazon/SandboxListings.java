package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxCatalog;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The seller's listings as the Listings Items API 2021-08-01 and the FBA Inventory API show them
 * (../shared/docs/stock-and-payout-contracts.md §2.1, §2.4, §2.5): {@code patchListingsItem} answered 200 with
 * {@code ACCEPTED} or {@code INVALID} and its issues (a rejected patch is no HTTP error), 400 {@code InvalidInput} for
 * patches that cannot be parsed; {@code fulfillment_availability} entries keyed by their channel code (a replace with
 * another code adds an entry); accepted changes shown after a delay, and the attribute view apart from the summarised
 * {@code fulfillmentAvailability} one, so "accepted but not sellable" can be staged; FBA (AFN) SKUs whose stock is
 * Amazon's, read through {@code getInventorySummaries} and refused to the seller's writes.
 */
public final class SandboxListings {

    static final String LISTINGS = "/listings/2021-08-01/items/";
    static final String FBA_SUMMARIES = "/fba/inventory/v1/summaries";
    static final String MERCHANT = "DEFAULT";
    static final String FBA = "AMAZON_EU";
    private static final Set<String> OPS = Set.of("add", "replace", "merge", "delete");

    private static final class Listing {
        final String sku;
        final String productType;
        /** attributes.fulfillment_availability, by channel code */
        final Map<String, Integer> attribute = new LinkedHashMap<>();
        /** the summarised fulfillmentAvailability, by channel code */
        final Map<String, Integer> summary = new LinkedHashMap<>();
        final List<Object[]> pending = new ArrayList<>();

        Listing(String sku, String productType) {
            this.sku = sku;
            this.productType = productType;
        }
    }

    private final Map<String, Listing> listings = new LinkedHashMap<>();
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Duration applyAfter = Duration.ZERO;
    private volatile boolean summaryLags;
    /** Listings whose summarised view takes no accepted change until then (Amazon's "accepted but not sellable"). */
    private final Map<String, Instant> summaryStuckUntil = new HashMap<>();

    /** Every catalogue SKU listed merchant-fulfilled with 10 units, except the last three, which Amazon fulfils. */
    public SandboxListings(Clock clock) {
        this.clock = clock;
        List<SandboxCatalog.Product> products = SandboxCatalog.PRODUCTS;
        for (int i = 0; i < products.size(); i++) {
            Listing l = new Listing(products.get(i).sku(), "SHIRT");
            String code = i >= products.size() - 3 ? FBA : MERCHANT;
            l.attribute.put(code, 10 + i);
            l.summary.put(code, 10 + i);
            listings.put(l.sku, l);
        }
    }

    /** Every listing's two views (attributes, summary) by channel code, kept across a restart as Amazon keeps them. */
    public synchronized Map<String, Map<String, Map<String, Integer>>> saved() {
        Map<String, Map<String, Map<String, Integer>>> out = new LinkedHashMap<>();
        listings.values().forEach(l -> {
            settle(l);
            out.put(l.sku, Map.of("attributes", Map.copyOf(l.attribute), "summary", Map.copyOf(l.summary)));
        });
        return out;
    }

    /** The views saved before a restart, for the listings the seller still has. */
    public synchronized void restore(Map<String, Map<String, Map<String, Integer>>> saved) {
        saved.forEach((sku, views) -> {
            Listing l = listings.get(sku);
            if (l != null) {
                l.attribute.putAll(views.getOrDefault("attributes", Map.of()));
                l.summary.putAll(views.getOrDefault("summary", Map.of()));
            }
        });
    }

    /** The SKUs whose stock Amazon holds (FBA). */
    public synchronized List<String> fbaSkus() {
        return listings.values().stream().filter(l -> l.attribute.containsKey(FBA)).map(l -> l.sku).toList();
    }

    /** Accepted changes show this long after they were accepted (Amazon: minutes). */
    public void applyAfter(Duration delay) {
        applyAfter = delay;
    }

    /** From now on accepted changes reach the attribute view but not the summarised one (Amazon's two views). */
    public void summaryLags(boolean lags) {
        summaryLags = lags;
    }

    /**
     * Until {@code until}, changes accepted for the listing reach its attributes but not its summarised view, which
     * keeps the figure it had (as Amazon did for some SKUs of clean feeds, contracts §2.5 pitfall 5).
     */
    public synchronized void summaryStuck(String sku, Instant until) {
        summaryStuckUntil.put(sku, until);
    }

    /** The merchant-fulfilled SKUs (the seller sets their quantity). */
    public synchronized List<String> merchantSkus() {
        return listings.values().stream().filter(l -> l.attribute.containsKey(MERCHANT)).map(l -> l.sku).toList();
    }

    /** What buyers can buy, merchant-fulfilled (the summarised view); null for an unknown SKU. */
    public synchronized Integer sellable(String sku) {
        Listing l = listings.get(sku);
        if (l == null) {
            return null;
        }
        settle(l);
        return l.summary.get(MERCHANT);
    }

    /** The entries of the attribute view, by channel code (several when a patch added one). */
    public synchronized Map<String, Integer> attributeEntries(String sku) {
        Listing l = listings.get(sku);
        settle(l);
        return Map.copyOf(l.attribute);
    }

    /** A buyer's order: Amazon lowers the merchant-fulfilled quantity at once. */
    public synchronized void sold(String sku, int units) {
        Listing l = listings.get(sku);
        if (l != null && l.attribute.containsKey(MERCHANT)) {
            settle(l);
            l.attribute.merge(MERCHANT, -units, (a, b) -> Math.max(0, a + b));
            l.summary.merge(MERCHANT, -units, (a, b) -> Math.max(0, a + b));
        }
    }

    private void settle(Listing l) {
        Instant now = clock.instant();
        l.pending.removeIf(p -> {
            if (now.isBefore((Instant) p[0])) {
                return false;
            }
            l.attribute.put((String) p[1], (Integer) p[2]);
            Instant stuck = summaryStuckUntil.get(l.sku);
            if (!(Boolean) p[3] && (stuck == null || !now.isBefore(stuck))) {
                l.summary.put((String) p[1], (Integer) p[2]);
            }
            return true;
        });
    }

    /** {@code PATCH /listings/2021-08-01/items/{sellerId}/{sku}} for the given seller. */
    synchronized SellingPartnerApi.Response patch(String sku, List<String> marketplaceIds, String body) {
        if (marketplaceIds.isEmpty()) {
            return SellingPartnerApi.invalid("marketplaceIds is required.");
        }
        JsonNode request;
        try {
            request = json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return unparsable("The request body is not JSON.");
        }
        String malformed = malformed(request);
        if (malformed != null) {
            return unparsable(malformed);
        }
        List<Map<String, Object>> issues = apply(sku, request.path("productType").asText(), request.path("patches"));
        return submission(sku, issues.isEmpty() ? "ACCEPTED" : "INVALID", issues);
    }

    /** Why a patch request cannot be parsed (no product type, patches not a list of operations, a value missing); null if it can. */
    static String malformed(JsonNode request) {
        JsonNode patches = request.path("patches");
        if (!request.hasNonNull("productType") || !patches.isArray() || patches.isEmpty()) {
            return "Request has missing or invalid parameters and cannot be parsed.";
        }
        for (int i = 0; i < patches.size(); i++) {
            JsonNode p = patches.get(i);
            if (!OPS.contains(p.path("op").asText()) || !p.path("path").isTextual()) {
                return "Request has missing or invalid parameters and cannot be parsed.";
            }
            if (!"delete".equals(p.path("op").asText()) && !p.path("value").isArray()) {
                return "Value is missing for patch at index of " + i + ".";
            }
        }
        return null;
    }

    /**
     * A well-formed patch of one listing, whether from patchListingsItem or a listings feed: the issues that refuse it,
     * or none, and then its changes are accepted (shown after the delay).
     */
    synchronized List<Map<String, Object>> apply(String sku, String productType, JsonNode patches) {
        Listing listing = listings.get(sku);
        List<Map<String, Object>> issues = new ArrayList<>();
        if (listing == null) {
            issues.add(issue("4000001", "The SKU " + sku + " is not in the seller's catalogue.", List.of()));
            return issues;
        }
        if (!productType.equals(listing.productType) && !"PRODUCT".equals(productType)) {
            issues.add(issue("90001", "The product type " + productType + " does not match the listing's " + listing.productType + ".",
                    List.of()));
        }
        List<Object[]> changes = new ArrayList<>();
        for (JsonNode p : patches) {
            String path = p.path("path").asText();
            if (!path.matches("/attributes/[a-z_]+")) {
                issues.add(issue("90000900", "Only top-level attributes can be patched: " + path, List.of()));
                continue;
            }
            if (!"/attributes/fulfillment_availability".equals(path)) {
                issues.add(issue("90000900", "The attributes are invalid.", List.of(path.substring("/attributes/".length()))));
                continue;
            }
            for (JsonNode v : p.path("value")) {
                String code = v.path("fulfillment_channel_code").asText(null);
                if (code == null) {
                    issues.add(issue("90000900", "The field 'fulfillment_channel_code' does not have enough values.", List.of("fulfillment_availability")));
                } else if (code.startsWith("AMAZON_") || listing.attribute.containsKey(FBA)) {
                    issues.add(issue("8541", "Amazon fulfils this SKU (" + FBA + "); its quantity cannot be set by the seller.",
                            List.of("fulfillment_availability")));
                } else if (!v.path("quantity").canConvertToInt() || v.path("quantity").asInt() < 0) {
                    issues.add(issue("90000900", "The attributes are invalid.", List.of("fulfillment_availability")));
                } else {
                    changes.add(new Object[]{clock.instant().plus(applyAfter), code, v.path("quantity").asInt(), summaryLags});
                }
            }
        }
        if (issues.isEmpty()) {
            listing.pending.addAll(changes);
            settle(listing);
        }
        return issues;
    }

    /** {@code GET /listings/2021-08-01/items/{sellerId}/{sku}} with the included data asked for. */
    synchronized SellingPartnerApi.Response get(String sku, List<String> includedData) {
        Listing l = listings.get(sku);
        if (l == null) {
            return SellingPartnerApi.error(404, "NotFound", "The requested listings item was not found.", sku);
        }
        settle(l);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        List<String> included = includedData.isEmpty() ? List.of("summaries") : includedData;
        if (included.contains("attributes")) {
            List<Map<String, Object>> entries = new ArrayList<>();
            l.attribute.forEach((code, q) -> entries.add(Map.of("fulfillment_channel_code", code, "quantity", q)));
            item.put("attributes", Map.of("fulfillment_availability", entries));
        }
        if (included.contains("fulfillmentAvailability")) {
            List<Map<String, Object>> entries = new ArrayList<>();
            l.summary.forEach((code, q) -> entries.add(Map.of("fulfillmentChannelCode", code, "quantity", q)));
            item.put("fulfillmentAvailability", entries);
        }
        if (included.contains("issues")) {
            item.put("issues", List.of());
        }
        if (included.contains("summaries")) {
            item.put("summaries", List.of(Map.of("marketplaceId", "A1PA6795UKMFR9", "productType", l.productType, "status", List.of("BUYABLE"))));
        }
        return SellingPartnerApi.ok(item);
    }

    /** Summaries per page when the SKUs are not asked by name. */
    private int fbaPage = 50;
    /** How long a next token may be used (contracts §2.4: it expires after 30 seconds). */
    static final Duration NEXT_TOKEN_LIFE = Duration.ofSeconds(30);
    private final Map<String, Object[]> nextTokens = new HashMap<>();

    /**
     * {@code GET /fba/inventory/v1/summaries}: what Amazon holds of its SKUs — asked by name (at most 50), or all of
     * them a page at a time with a next token that expires after 30 seconds; the details only with {@code details=true}.
     */
    synchronized SellingPartnerApi.Response fbaSummaries(List<String> sellerSkus, String granularityType, String granularityId,
                                                         List<String> marketplaceIds, boolean details, String nextToken) {
        if (!"Marketplace".equals(granularityType) || granularityId == null || marketplaceIds.isEmpty()) {
            return SellingPartnerApi.invalid("granularityType must be Marketplace, with granularityId and marketplaceIds.");
        }
        if (sellerSkus.size() > 50) {
            return SellingPartnerApi.invalid("sellerSkus can hold at most 50 SKUs.");
        }
        int from = 0;
        if (nextToken != null) {
            Object[] token = nextTokens.remove(nextToken);
            if (token == null || clock.instant().isAfter((Instant) token[1])) {
                return SellingPartnerApi.invalid("The nextToken is invalid or has expired.");
            }
            from = (Integer) token[0];
        }
        List<Listing> held = listings.values().stream().filter(l -> l.attribute.containsKey(FBA) && (sellerSkus.isEmpty() || sellerSkus.contains(l.sku)))
                .toList();
        int to = sellerSkus.isEmpty() ? Math.min(held.size(), from + fbaPage) : held.size();
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Listing l : held.subList(Math.min(from, to), to)) {
            settle(l);
            int units = l.attribute.get(FBA);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("asin", "B0" + String.format("%08d", Math.abs(l.sku.hashCode() % 100_000_000)));
            s.put("fnSku", "X00" + Math.abs(l.sku.hashCode() % 10_000_000));
            s.put("sellerSku", l.sku);
            s.put("condition", "NewItem");
            if (details) {
                s.put("inventoryDetails", Map.of("fulfillableQuantity", units, "inboundWorkingQuantity", 0, "inboundShippedQuantity", 0,
                        "inboundReceivingQuantity", 0, "reservedQuantity", Map.of("totalReservedQuantity", 0),
                        "unfulfillableQuantity", Map.of("totalUnfulfillableQuantity", 0)));
            }
            s.put("lastUpdatedTime", clock.instant().toString());
            s.put("productName", l.sku);
            s.put("totalQuantity", units);
            summaries.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (to < held.size()) {
            String token = UUID.randomUUID().toString();
            nextTokens.put(token, new Object[]{to, clock.instant().plus(NEXT_TOKEN_LIFE)});
            body.put("pagination", Map.of("nextToken", token));
        }
        body.put("payload", Map.of("granularity", Map.of("granularityType", "Marketplace", "granularityId", granularityId),
                "inventorySummaries", summaries));
        return SellingPartnerApi.ok(body);
    }

    /** Fewer summaries a page, so that a few SKUs show the paging. */
    synchronized void fbaPageSize(int summaries) {
        fbaPage = summaries;
    }

    /** A person sets a merchant-fulfilled quantity in Seller Central (both views change at once). */
    public synchronized void setByHand(String sku, int quantity) {
        Listing l = listings.get(sku);
        if (l != null && l.attribute.containsKey(MERCHANT)) {
            settle(l);
            l.attribute.put(MERCHANT, quantity);
            l.summary.put(MERCHANT, quantity);
        }
    }

    private static SellingPartnerApi.Response unparsable(String details) {
        return SellingPartnerApi.error(400, "InvalidInput", "Request has missing or invalid parameters and cannot be parsed.", details);
    }

    private static Map<String, Object> issue(String code, String message, List<String> attributes) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("code", code);
        i.put("message", message);
        i.put("severity", "ERROR");
        i.put("attributeNames", attributes);
        i.put("categories", List.of(attributes.isEmpty() ? "INVALID_ATTRIBUTE" : message.contains("enough values") ? "MISSING_ATTRIBUTE" : "INVALID_ATTRIBUTE"));
        return i;
    }

    private static SellingPartnerApi.Response submission(String sku, String status, List<Map<String, Object>> issues) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("status", status);
        body.put("submissionId", UUID.randomUUID().toString().replace("-", ""));
        body.put("issues", issues);
        return new SellingPartnerApi.Response(200, Map.of("Content-Type", "application/json"), body);
    }
}
