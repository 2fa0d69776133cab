package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.SellerAccount;
import io.kontor.stock.spi.ChannelHeldStock;
import io.kontor.stock.spi.ChannelStockReports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Amazon shows and holds of the seller's stock. The merchant-fulfilled listings are read back a few SKUs at a
 * time ({@code getListingsItem}, paced at its 5 a second), the longest unread first: Amazon sends no stock
 * notification for them. The figure judged is the one the listing's attributes hold — what the hub or a person in
 * Seller Central set; the summarised {@code fulfillmentAvailability} Amazon sells from may lag behind it by design
 * (contracts §2 pitfall 5): it is reported beside the setting as what buyers can buy, not mistaken for an edit, and a
 * listing that stays unsellable at the figure it is set to is for the reconciliation to find. What Amazon's fulfilment centres hold
 * (FBA) is read whole from the FBA Inventory API ({@code getInventorySummaries}, page by page with its next token):
 * Amazon's stock, shown beside the warehouses', never written.
 */
@Component("amazonStockReader")
public class AmazonStockReader {

    private static final Logger log = LoggerFactory.getLogger(AmazonStockReader.class);
    static final String FBA_SUMMARIES_PATH = "/fba/inventory/v1/summaries";
    /** The merchant-fulfilled channel code, the only one the seller sets. */
    static final String MERCHANT = "DEFAULT";
    /** Pages read at most in one FBA read: a runaway next token must not keep the read going for ever. */
    static final int MAX_PAGES = 1_000;

    private final SellingPartnerClient client;
    private final AmazonChannelProperties props;
    private final ChannelStockReports reports;

    public AmazonStockReader(SellingPartnerClient client, AmazonChannelProperties props, ChannelStockReports reports) {
        this.client = client;
        this.props = props;
        this.reports = reports;
    }

    /**
     * Up to {@code perRead} merchant-fulfilled listings read back, the longest unread first, each only {@code settle}
     * (ISO-8601) after Amazon accepted the hub's figure: Amazon shows an accepted change minutes later.
     */
    public List<ChannelStockReports.Report> listings(String sellerId, String baseUrl, String tokenUrl, String clientId, int perRead,
                                                     String settle) {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        List<ChannelStockReports.Report> out = new ArrayList<>();
        for (String sku : reports.toReadBack(AmazonChannel.AMAZON.name(), sellerId, perRead, java.time.Duration.parse(settle))) {
            Instant at = Instant.now();
            JsonNode item;
            try {
                item = client.get(seller, SellingPartnerClient.Operation.GET_LISTINGS_ITEM, AmazonStockPublisher.listingPath(sellerId, sku),
                        Map.of("marketplaceIds", props.marketplaceIds(), "includedData", "attributes,fulfillmentAvailability"), null, null);
            } catch (SellingPartnerApiException gone) {
                log.info("Amazon {}: listing {} not read back: {}", sellerId, sku, gone.getMessage());
                continue;
            }
            Integer set = null;
            for (JsonNode e : item.path("attributes").path("fulfillment_availability")) {
                if (MERCHANT.equals(e.path("fulfillment_channel_code").asText()) && e.path("quantity").canConvertToInt()) {
                    set = e.path("quantity").asInt();
                }
            }
            if (set == null) {
                continue; // not a merchant-fulfilled listing (any more)
            }
            Integer sellable = null;
            for (JsonNode e : item.path("fulfillmentAvailability")) {
                if (MERCHANT.equals(e.path("fulfillmentChannelCode").asText()) && e.path("quantity").canConvertToInt()) {
                    sellable = e.path("quantity").asInt();
                }
            }
            if (sellable != null && sellable != set) {
                log.debug("Amazon {}: {} is set to {} but sold as {} (Amazon's summarised view lags behind)", sellerId, sku, set, sellable);
            }
            out.add(new ChannelStockReports.Report(sku, "", set, sellable, at));
        }
        return out;
    }

    /** Everything Amazon's fulfilment centres hold for the seller in its first marketplace. */
    public List<ChannelHeldStock.Held> fulfilmentCentres(String sellerId, String baseUrl, String tokenUrl, String clientId) {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        String marketplace = props.marketplaceIds().split(",")[0].strip();
        List<ChannelHeldStock.Held> out = new ArrayList<>();
        String next = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new HashMap<>(Map.of("details", "true", "granularityType", "Marketplace", "granularityId", marketplace,
                    "marketplaceIds", marketplace));
            if (next != null) {
                query.put("nextToken", next);
            }
            JsonNode body = client.get(seller, SellingPartnerClient.Operation.GET_INVENTORY_SUMMARIES, FBA_SUMMARIES_PATH, query, null, null);
            for (JsonNode s : body.path("payload").path("inventorySummaries")) {
                JsonNode d = s.path("inventoryDetails");
                int inbound = d.path("inboundWorkingQuantity").asInt() + d.path("inboundShippedQuantity").asInt()
                        + d.path("inboundReceivingQuantity").asInt();
                out.add(new ChannelHeldStock.Held(s.path("sellerSku").asText(), d.path("fulfillableQuantity").asInt(), inbound,
                        d.path("reservedQuantity").path("totalReservedQuantity").asInt(),
                        d.path("unfulfillableQuantity").path("totalUnfulfillableQuantity").asInt(), s.path("totalQuantity").asInt(),
                        time(s.path("lastUpdatedTime").asText(null))));
            }
            next = body.path("pagination").path("nextToken").asText(null);
            if (next == null || next.isBlank()) {
                return out;
            }
        }
        throw new IllegalStateException("Amazon " + sellerId + ": the FBA inventory did not end after " + MAX_PAGES + " pages");
    }

    private static Instant time(String text) {
        try {
            return text == null || text.isBlank() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
