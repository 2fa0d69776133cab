package io.kontor.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.SellerAccount;
import io.kontor.stock.spi.ChannelStockReports;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What eBay shows of the seller's stock, read back through the Sell Inventory API's {@code getInventoryItems}: each
 * inventory item's ship-to quantity, page by page ({@code limit} up to 100, {@code offset} the page number). eBay
 * sends no stock webhook, so this read is how the hub hears its own figures echoed and finds a quantity someone set
 * in Seller Hub. Each figure carries the time the read began: one the hub changed during the read is not judged on it.
 */
@Component("ebayStockReader")
public class EbayStockReader {

    static final String ITEMS_PATH = "/sell/inventory/v1/inventory_item";
    static final int MAX_PAGE = 100;
    /** Pages read at most in one read: a runaway {@code next} must not keep the read going for ever. */
    static final int MAX_PAGES = 1_000;

    private final EbaySellApi api;
    private final EbayChannelProperties props;

    public EbayStockReader(EbaySellApi api, EbayChannelProperties props) {
        this.api = api;
        this.props = props;
    }

    /** Every inventory item's quantity on the seller's account. */
    public List<ChannelStockReports.Report> read(String sellerId, String baseUrl, String tokenUrl, String clientId, int pageSize) {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        int limit = Math.max(1, Math.min(MAX_PAGE, pageSize));
        Instant at = Instant.now();
        List<ChannelStockReports.Report> reports = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = api.call(seller, "GET", ITEMS_PATH, Map.of("limit", String.valueOf(limit), "offset", String.valueOf(page)), null).body();
            for (JsonNode item : body.path("inventoryItems")) {
                JsonNode quantity = item.path("availability").path("shipToLocationAvailability").path("quantity");
                if (item.hasNonNull("sku") && quantity.canConvertToInt()) {
                    reports.add(new ChannelStockReports.Report(item.path("sku").asText(), "", quantity.asInt(), at));
                }
            }
            if (!body.hasNonNull("next") || body.path("inventoryItems").isEmpty()) {
                break;
            }
        }
        return reports;
    }
}
