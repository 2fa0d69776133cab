package io.kontor.sandbox.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.sandbox.SandboxCatalog;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulated Sell Inventory API (v1.13.0, ../shared/docs/stock-and-payout-contracts.md §3 and
 * channels/ebay-inventory/sell_inventory_v1_oas3.json) for the seller's stock: {@code bulk_update_price_quantity} with at
 * most 25 requests (or, strict, one SKU per call), duplicate offers and offers of another SKU refused, only published
 * offers taken, answered 200 when every entry succeeded and 207 with each entry's {@code statusCode}, {@code errors} and
 * {@code warnings} otherwise; a listing's quantity is the smaller of the SKU's ship-to quantity and the offer's
 * available quantity, revised at most 250 times a day; {@code GET/PUT inventory_item/{sku}} (a full replace:
 * {@code Content-Language} required, a replace without {@code availability} loses the quantity); {@code GET offer?sku=};
 * a token with the {@code sell.inventory} scope; a daily call quota answered with 429.
 */
public final class EbayInventoryApi {

    public static final String BASE = "/sell/inventory/v1";
    static final int MAX_REQUESTS = 25;
    static final int REVISIONS_PER_DAY = 250;
    private static final String MARKETPLACE = "EBAY_DE";

    /** One SKU: its ship-to quantity and its offers. */
    private static final class Item {
        final String sku;
        int shipTo;
        final Map<String, Offer> offers = new LinkedHashMap<>();

        Item(String sku, int shipTo) {
            this.sku = sku;
            this.shipTo = shipTo;
        }
    }

    private static final class Offer {
        final String offerId;
        final boolean published;
        int availableQuantity;
        final Map<LocalDate, Integer> revisions = new HashMap<>();

        Offer(String offerId, boolean published, int availableQuantity) {
            this.offerId = offerId;
            this.published = published;
            this.availableQuantity = availableQuantity;
        }
    }

    private final SandboxEbayOAuth oauth;
    private final Clock clock;
    private final int dailyCallLimit;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<LocalDate, AtomicInteger> callsPerDay = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger faults = new AtomicInteger();
    private volatile int faultStatus;
    private volatile boolean oneSkuPerCall;

    /** Every catalogue SKU with one published offer on eBay.de; the last one's offer is not published. */
    public EbayInventoryApi(SandboxEbayOAuth oauth, Clock clock, int dailyCallLimit) {
        this.oauth = oauth;
        this.clock = clock;
        this.dailyCallLimit = dailyCallLimit;
        List<SandboxCatalog.Product> products = SandboxCatalog.PRODUCTS;
        for (int i = 0; i < products.size(); i++) {
            Item item = new Item(products.get(i).sku(), 10);
            String offerId = String.valueOf(5_000_000_000L + Math.abs(products.get(i).sku().hashCode() % 1_000_000));
            item.offers.put(offerId, new Offer(offerId, i < products.size() - 1, 10));
            items.put(item.sku, item);
        }
    }

    /** The strictest reading of the contradictory spec: one SKU per call (up to 25 of its offers). */
    public void oneSkuPerCall(boolean strict) {
        oneSkuPerCall = strict;
    }

    /** The next {@code count} calls answer {@code status}. */
    public void injectFaults(int status, int count) {
        faultStatus = status;
        faults.set(count);
    }

    /** Every SKU's ship-to quantity and its offers' available quantities, kept across a restart as eBay keeps them. */
    public synchronized Map<String, Map<String, Integer>> saved() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        items.values().forEach(i -> {
            Map<String, Integer> figures = new LinkedHashMap<>();
            figures.put("shipTo", i.shipTo);
            i.offers.values().forEach(o -> figures.put(o.offerId, o.availableQuantity));
            out.put(i.sku, figures);
        });
        return out;
    }

    /** The figures saved before a restart, for the SKUs and offers the seller still has. */
    public synchronized void restore(Map<String, Map<String, Integer>> saved) {
        saved.forEach((sku, figures) -> {
            Item item = items.get(sku);
            if (item != null) {
                figures.forEach((key, quantity) -> {
                    if ("shipTo".equals(key)) {
                        item.shipTo = quantity;
                    } else if (item.offers.containsKey(key)) {
                        item.offers.get(key).availableQuantity = quantity;
                    }
                });
            }
        });
    }

    /** What the SKU's listing shows buyers: the smaller of the ship-to quantity and its published offer's. */
    public synchronized Integer listed(String sku) {
        Item item = items.get(sku);
        if (item == null) {
            return null;
        }
        return item.offers.values().stream().filter(o -> o.published).map(o -> Math.min(item.shipTo, o.availableQuantity)).findFirst().orElse(null);
    }

    /** A buyer bought units: the ship-to quantity goes down (eBay lowers it with each sale). */
    public synchronized void sold(String sku, int units) {
        Item item = items.get(sku);
        if (item != null) {
            item.shipTo = Math.max(0, item.shipTo - units);
            item.offers.values().forEach(o -> o.availableQuantity = Math.max(0, o.availableQuantity - units));
        }
    }

    public EbayFulfillmentApi.Response handle(EbayFulfillmentApi.Request request) {
        if (!oauth.valid(request.headers().get("Authorization"), SandboxEbayOAuth.INVENTORY_SCOPE)) {
            return EbayFulfillmentApi.error(401, 1001, "OAuth", "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header (scope sell.inventory).");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (callsPerDay.computeIfAbsent(today, d -> new AtomicInteger()).incrementAndGet() > dailyCallLimit) {
            return EbayFulfillmentApi.error(429, 2001, "ACCESS", "Too many requests.", "The request limit has been reached for the resource.");
        }
        if (faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return faultStatus == 429
                    ? EbayFulfillmentApi.error(429, 2001, "ACCESS", "Too many requests.", "The request limit has been reached for the resource.")
                    : EbayFulfillmentApi.error(faultStatus, 25001, "API_INVENTORY", "A system error has occurred.", "A system error has occurred.");
        }
        String path = request.path();
        if ("POST".equals(request.method()) && (BASE + "/bulk_update_price_quantity").equals(path)) {
            return bulkUpdate(request.body(), today);
        }
        if ((BASE + "/inventory_item").equals(path) && "GET".equals(request.method())) {
            return items(request.query().get("limit"), request.query().get("offset"));
        }
        if ((BASE + "/offer").equals(path) && "GET".equals(request.method())) {
            return offers(request.query().get("sku"));
        }
        if (path.startsWith(BASE + "/inventory_item/")) {
            String sku = java.net.URLDecoder.decode(path.substring((BASE + "/inventory_item/").length()), java.nio.charset.StandardCharsets.UTF_8);
            if ("GET".equals(request.method())) {
                return item(sku);
            }
            if ("PUT".equals(request.method())) {
                return replace(sku, request.headers().get("Content-Language"), request.body());
            }
        }
        return EbayFulfillmentApi.error(404, 2002, "API_INVENTORY", "Resource not found", request.method() + " " + path);
    }

    private synchronized EbayFulfillmentApi.Response bulkUpdate(String body, LocalDate today) {
        JsonNode requests;
        try {
            requests = json.readTree(body == null ? "" : body).path("requests");
        } catch (IOException e) {
            return EbayFulfillmentApi.error(400, 25002, "API_INVENTORY", "Any User error", "The request body is not JSON.");
        }
        if (!requests.isArray() || requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            return EbayFulfillmentApi.error(400, 25709, "API_INVENTORY", "Invalid value for requests",
                    "requests must hold 1 to " + MAX_REQUESTS + " entries.");
        }
        Set<String> skus = new HashSet<>();
        requests.forEach(r -> skus.add(r.path("sku").asText()));
        if (oneSkuPerCall && skus.size() > 1) {
            return EbayFulfillmentApi.error(400, 25709, "API_INVENTORY", "Invalid value for requests", "Only one SKU can be updated per call.");
        }
        List<Map<String, Object>> responses = new ArrayList<>();
        boolean allGood = true;
        Set<String> offersSeen = new HashSet<>();
        for (JsonNode r : requests) {
            String sku = r.path("sku").asText(null);
            Item item = sku == null ? null : items.get(sku);
            if (sku == null || sku.length() > 50) {
                responses.add(entry(400, sku, null, entryError(25709, "Invalid value for sku", "sku")));
                allGood = false;
                continue;
            }
            if (item == null) {
                responses.add(entry(400, sku, null, entryError(25702, "The SKU " + sku + " could not be found", "sku")));
                allGood = false;
                continue;
            }
            JsonNode shipTo = r.path("shipToLocationAvailability");
            if (shipTo.has("quantity") && (!shipTo.path("quantity").canConvertToInt() || shipTo.path("quantity").asInt() < 0)) {
                responses.add(entry(400, sku, null, entryError(25709, "Invalid value for shipToLocationAvailability.quantity", "quantity")));
                allGood = false;
                continue;
            }
            List<Map<String, Object>> offerAnswers = new ArrayList<>();
            boolean entryGood = true;
            for (JsonNode o : r.path("offers")) {
                String offerId = o.path("offerId").asText(null);
                Offer offer = item.offers.get(offerId);
                Map<String, Object> error = null;
                if (offerId == null || !offersSeen.add(offerId)) {
                    error = entryError(25709, "Invalid value for offerId: the offer appears more than once", "offerId");
                } else if (offer == null) {
                    error = entryError(25709, "Invalid value for offerId: " + offerId + " is not an offer of SKU " + sku, "offerId");
                } else if (!offer.published) {
                    error = entryError(25002, "Offer " + offerId + " is not published; use updateOffer for unpublished offers", "offerId");
                } else if (o.has("availableQuantity") && o.path("availableQuantity").asInt(-1) < 0) {
                    error = entryError(25709, "Invalid value for availableQuantity", "availableQuantity");
                } else if (offer.revisions.getOrDefault(today, 0) >= REVISIONS_PER_DAY) {
                    error = entryError(25002, "The listing of offer " + offerId + " was revised " + REVISIONS_PER_DAY + " times today", "offerId");
                }
                offerAnswers.add(error == null ? entry(200, sku, offerId, null) : entry(400, sku, offerId, error));
                entryGood &= error == null;
            }
            if (!entryGood) {
                responses.addAll(offerAnswers);
                allGood = false;
                continue;
            }
            // every part of the entry is valid: applied
            if (shipTo.has("quantity")) {
                item.shipTo = shipTo.path("quantity").asInt();
            }
            for (JsonNode o : r.path("offers")) {
                Offer offer = item.offers.get(o.path("offerId").asText());
                if (o.has("availableQuantity")) {
                    offer.availableQuantity = o.path("availableQuantity").asInt();
                }
                offer.revisions.merge(today, 1, Integer::sum);
            }
            if (offerAnswers.isEmpty()) {
                responses.add(entry(200, sku, null, null));
            } else {
                responses.addAll(offerAnswers);
            }
        }
        return new EbayFulfillmentApi.Response(allGood ? 200 : 207, Map.of("Content-Type", "application/json"), Map.of("responses", responses));
    }

    private synchronized EbayFulfillmentApi.Response offers(String sku) {
        Item item = sku == null ? null : items.get(sku);
        if (item == null) {
            return EbayFulfillmentApi.error(404, 25713, "API_INVENTORY", "This Offer is not available.",
                    "No offer found for SKU " + sku + ".");
        }
        List<Map<String, Object>> offers = new ArrayList<>();
        item.offers.values().forEach(o -> {
            Map<String, Object> offer = new LinkedHashMap<>();
            offer.put("offerId", o.offerId);
            offer.put("sku", item.sku);
            offer.put("marketplaceId", MARKETPLACE);
            offer.put("format", "FIXED_PRICE");
            offer.put("availableQuantity", o.availableQuantity);
            offer.put("status", o.published ? "PUBLISHED" : "UNPUBLISHED");
            offers.add(offer);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", offers.size());
        body.put("size", offers.size());
        body.put("limit", 25);
        body.put("offers", offers);
        return new EbayFulfillmentApi.Response(200, Map.of("Content-Type", "application/json"), body);
    }

    private synchronized EbayFulfillmentApi.Response item(String sku) {
        Item item = items.get(sku);
        if (item == null) {
            return EbayFulfillmentApi.error(404, 25702, "API_INVENTORY", "SKU could not be found", "The SKU " + sku + " could not be found");
        }
        return new EbayFulfillmentApi.Response(200, Map.of("Content-Type", "application/json"), itemBody(item));
    }

    private static Map<String, Object> itemBody(Item item) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", item.sku);
        body.put("locale", "de_DE");
        body.put("availability", Map.of("shipToLocationAvailability", Map.of("quantity", item.shipTo)));
        body.put("condition", "NEW");
        return body;
    }

    /**
     * {@code GET inventory_item?limit&offset} (getInventoryItems): {@code limit} 1 to 100 records a page (default 100),
     * {@code offset} the page number from 0 — both strings holding integers, as the spec has them.
     */
    private synchronized EbayFulfillmentApi.Response items(String limitParam, String offsetParam) {
        int limit;
        int page;
        try {
            limit = limitParam == null ? 100 : Integer.parseInt(limitParam);
            page = offsetParam == null ? 0 : Integer.parseInt(offsetParam);
        } catch (NumberFormatException e) {
            return EbayFulfillmentApi.error(400, 25709, "API_INVENTORY", "Invalid value for limit or offset", "limit and offset are integers.");
        }
        if (limit < 1 || limit > 100 || page < 0) {
            return EbayFulfillmentApi.error(400, 25709, "API_INVENTORY", "Invalid value for limit or offset",
                    "limit is 1 to 100, offset a page number from 0.");
        }
        List<Item> all = new ArrayList<>(items.values());
        int pages = (all.size() + limit - 1) / limit;
        List<Map<String, Object>> onPage = new ArrayList<>();
        all.stream().skip((long) page * limit).limit(limit).forEach(i -> onPage.add(itemBody(i)));
        String href = BASE + "/inventory_item?limit=" + limit + "&offset=";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("href", href + page);
        body.put("inventoryItems", onPage);
        body.put("limit", limit);
        if (page + 1 < pages) {
            body.put("next", href + (page + 1));
        }
        if (page > 0) {
            body.put("prev", href + (page - 1));
        }
        body.put("size", pages);
        body.put("total", all.size());
        return new EbayFulfillmentApi.Response(200, Map.of("Content-Type", "application/json"), body);
    }

    /** A person changes a SKU's quantity in Seller Hub (the hub finds it on its next read). */
    public synchronized void setByHand(String sku, int quantity) {
        Item item = items.get(sku);
        if (item != null) {
            item.shipTo = quantity;
            item.offers.values().forEach(o -> o.availableQuantity = quantity);
        }
    }

    private synchronized EbayFulfillmentApi.Response replace(String sku, String contentLanguage, String body) {
        if (contentLanguage == null || contentLanguage.isBlank()) {
            return EbayFulfillmentApi.error(400, 25709, "API_INVENTORY", "Invalid value for header Content-Language",
                    "The Content-Language header is required.");
        }
        JsonNode item;
        try {
            item = json.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return EbayFulfillmentApi.error(400, 25002, "API_INVENTORY", "Any User error", "The request body is not JSON.");
        }
        Item existing = items.computeIfAbsent(sku, k -> new Item(k, 0));
        // a full replace: what is not sent is gone, the quantity included
        existing.shipTo = item.path("availability").path("shipToLocationAvailability").path("quantity").asInt(0);
        return new EbayFulfillmentApi.Response(204, Map.of(), null);
    }

    private static Map<String, Object> entry(int status, String sku, String offerId, Map<String, Object> error) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("statusCode", status);
        e.put("sku", sku);
        if (offerId != null) {
            e.put("offerId", offerId);
        }
        e.put("errors", error == null ? List.of() : List.of(error));
        e.put("warnings", List.of());
        return e;
    }

    private static Map<String, Object> entryError(int errorId, String message, String field) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("errorId", errorId);
        e.put("domain", "API_INVENTORY");
        e.put("subdomain", "Selling");
        e.put("category", "REQUEST");
        e.put("message", message);
        e.put("longMessage", message);
        e.put("inputRefIds", List.of());
        e.put("outputRefIds", List.of());
        e.put("parameters", List.of(Map.of("name", field, "value", "")));
        return e;
    }
}
