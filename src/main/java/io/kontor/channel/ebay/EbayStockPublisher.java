package io.kontor.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import io.kontor.channel.SellerAccount;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Available-to-sell to eBay through the Sell Inventory API's {@code bulk_update_price_quantity}: per SKU its ship-to
 * quantity and the available quantity of each of its published offers (eBay shows the smaller of the two), at most 25
 * SKUs a call — or one, where the account is held to the strict reading of the spec. A 207 answer is read entry by
 * entry. eBay takes no idempotency key and needs none here: quantities are absolute, so a call sent again sets the same
 * figures. A SKU's offers are read once ({@code GET offer?sku=}) and remembered; a SKU without a published offer is
 * not listed. eBay revises a listing at most 250 times a day: a figure the listing's budget has no revision for now
 * is held back until it has ({@link EbayRevisionBudget}).
 */
@Component("ebayStockPublisher")
public class EbayStockPublisher {

    static final String BULK_PATH = "/sell/inventory/v1/bulk_update_price_quantity";
    static final String OFFERS_PATH = "/sell/inventory/v1/offer";
    static final int MAX_SKUS_PER_CALL = 25;
    /** eBay's error for a SKU it does not know. */
    private static final int UNKNOWN_SKU = 25702;

    private final EbaySellApi api;
    private final ObjectMapper json;
    private final EbayChannelProperties props;
    private final EbayRevisionBudget budget;
    private final Map<String, List<String>> offersBySku = new ConcurrentHashMap<>();

    public EbayStockPublisher(EbaySellApi api, ObjectMapper json, EbayChannelProperties props, EbayRevisionBudget budget) {
        this.api = api;
        this.json = json;
        this.props = props;
        this.budget = budget;
    }

    /** Sends the figures; one answer per figure, in their order. */
    public List<StockPushResult> push(List<StockUpdate> updates, String sellerId, String baseUrl, String tokenUrl, String clientId,
                                      int skusPerCall) throws Exception {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        StockPushResult[] results = new StockPushResult[updates.size()];
        List<Integer> listed = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            if (offers(seller, updates.get(i).sku()).isEmpty()) {
                results[i] = StockPushResult.notListed("eBay " + sellerId + " has no published offer of SKU " + updates.get(i).sku());
            } else {
                listed.add(i);
            }
        }
        List<java.time.Instant> waits = budget.take(sellerId, listed.stream().map(updates::get).toList());
        List<Integer> batch = new ArrayList<>();
        int perCall = Math.max(1, Math.min(MAX_SKUS_PER_CALL, skusPerCall));
        for (int n = 0; n < listed.size(); n++) {
            int i = listed.get(n);
            if (waits.get(n) != null) {
                results[i] = StockPushResult.deferred(waits.get(n), "eBay's daily revisions of the listing are spent for now: "
                        + updates.get(i).sku() + "'s next revision at " + waits.get(n));
                continue;
            }
            batch.add(i);
            if (batch.size() == perCall) {
                send(seller, updates, batch, results);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            send(seller, updates, batch, results);
        }
        return List.of(results);
    }

    private void send(SellerAccount seller, List<StockUpdate> updates, List<Integer> batch, StockPushResult[] results) throws Exception {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i : batch) {
            StockUpdate u = updates.get(i);
            List<Map<String, Object>> offers = new ArrayList<>();
            offersBySku.get(u.sku()).forEach(offerId -> offers.add(Map.of("offerId", offerId, "availableQuantity", u.quantity())));
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("sku", u.sku());
            request.put("shipToLocationAvailability", Map.of("quantity", u.quantity()));
            request.put("offers", offers);
            requests.add(request);
        }
        JsonNode answer = api.call(seller, "POST", BULK_PATH, Map.of(), json.writeValueAsString(Map.of("requests", requests))).body();
        Map<String, List<JsonNode>> bySku = new HashMap<>();
        for (JsonNode r : answer.path("responses")) {
            bySku.computeIfAbsent(r.path("sku").asText(), k -> new ArrayList<>()).add(r);
        }
        for (int i : batch) {
            StockUpdate u = updates.get(i);
            List<JsonNode> entries = bySku.getOrDefault(u.sku(), List.of());
            List<String> errors = new ArrayList<>();
            boolean unknown = false;
            for (JsonNode entry : entries) {
                if (entry.path("statusCode").asInt() != 200) {
                    for (JsonNode e : entry.path("errors")) {
                        unknown |= e.path("errorId").asInt() == UNKNOWN_SKU;
                        errors.add(e.path("errorId").asText() + " " + e.path("message").asText()
                                + (entry.hasNonNull("offerId") ? " (offer " + entry.path("offerId").asText() + ")" : ""));
                    }
                    if (entry.path("errors").isEmpty()) {
                        errors.add("status " + entry.path("statusCode").asText());
                    }
                }
            }
            if (entries.isEmpty()) {
                results[i] = StockPushResult.refused("eBay answered nothing for SKU " + u.sku());
            } else if (unknown) {
                offersBySku.remove(u.sku());
                results[i] = StockPushResult.notListed(String.join("; ", errors));
            } else {
                results[i] = errors.isEmpty() ? StockPushResult.acknowledged() : StockPushResult.refused(String.join("; ", errors));
            }
        }
    }

    /** The SKU's published offers on eBay, read once and remembered (none: not listed, read again next time). */
    private List<String> offers(SellerAccount seller, String sku) {
        List<String> known = offersBySku.get(sku);
        if (known != null) {
            return known;
        }
        ChannelHttp.Answer a;
        try {
            a = api.call(seller, "GET", OFFERS_PATH, Map.of("sku", sku), null);
        } catch (EbayApiException notFound) {
            return List.of(); // 404 / 25702 / 25713: no offer for this SKU
        }
        List<String> published = new ArrayList<>();
        for (JsonNode offer : a.body().path("offers")) {
            if ("PUBLISHED".equals(offer.path("status").asText())) {
                published.add(offer.path("offerId").asText());
            }
        }
        if (!published.isEmpty()) {
            offersBySku.put(sku, List.copyOf(published));
        }
        return published;
    }
}
