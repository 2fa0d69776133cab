package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.SellerAccount;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Available-to-sell to Amazon, merchant-fulfilled: one {@code patchListingsItem} per SKU replacing
 * {@code /attributes/fulfillment_availability} with the {@code DEFAULT} channel's quantity (Amazon has no per-warehouse
 * split), paced at the operation's 5 requests a second. A rejected patch is no HTTP error: Amazon answers 200 with
 * {@code INVALID} and its issues, read here. Stock Amazon fulfils itself (FBA) is Amazon's: the hub never writes it,
 * and Amazon refuses it besides — such a SKU is not listed for the hub. A replace of an absolute quantity is naturally
 * idempotent, so a figure sent again after a lost answer changes nothing twice.
 */
@Component("amazonStockPublisher")
public class AmazonStockPublisher {

    static final String LISTINGS_PATH = "/listings/2021-08-01/items/";
    /** Issue codes that mean the SKU is not the seller's to set here: not in the catalogue, fulfilled by Amazon. */
    private static final Set<String> NOT_THE_SELLERS = Set.of("4000001", "8541");

    private final SellingPartnerClient client;
    private final ObjectMapper json;
    private final AmazonChannelProperties props;

    public AmazonStockPublisher(SellingPartnerClient client, ObjectMapper json, AmazonChannelProperties props) {
        this.client = client;
        this.json = json;
        this.props = props;
    }

    /** Sends the figures, one patch each; one answer per figure, in their order. */
    public List<StockPushResult> push(List<StockUpdate> updates, String sellerId, String baseUrl, String tokenUrl, String clientId,
                                      String productType) throws Exception {
        SellerAccount seller = props.account(sellerId, baseUrl, tokenUrl, clientId);
        String marketplaces = props.marketplaceIds();
        List<StockPushResult> results = new ArrayList<>();
        for (StockUpdate u : updates) {
            Map<String, Object> body = Map.of("productType", productType, "patches", List.of(Map.of("op", "replace",
                    "path", "/attributes/fulfillment_availability",
                    "value", List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", u.quantity())))));
            JsonNode answer = client.patch(seller, SellingPartnerClient.Operation.PATCH_LISTINGS_ITEM,
                    listingPath(sellerId, u.sku()),
                    Map.of("marketplaceIds", marketplaces), json.writeValueAsString(body));
            results.add(result(answer));
        }
        return results;
    }

    /** A listing's path in the Listings Items API (the SKU one path segment: a space is %20, not +). */
    static String listingPath(String sellerId, String sku) {
        return LISTINGS_PATH + sellerId + "/" + java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static StockPushResult result(JsonNode submission) {
        String status = submission.path("status").asText();
        if ("ACCEPTED".equals(status)) {
            return StockPushResult.acknowledged();
        }
        List<JsonNode> issues = new ArrayList<>();
        submission.path("issues").forEach(issues::add);
        return refusal(status, issues);
    }

    /** A figure Amazon refused with these issues (of a patch or of a feed's message): not listed when the SKU is not the seller's to set. */
    static StockPushResult refusal(String status, List<JsonNode> issues) {
        List<String> said = new ArrayList<>();
        boolean notTheSellers = false;
        for (JsonNode issue : issues) {
            notTheSellers |= NOT_THE_SELLERS.contains(issue.path("code").asText());
            said.add(issue.path("code").asText() + " " + issue.path("message").asText());
        }
        String why = "Amazon answered " + status + ": " + String.join("; ", said);
        return notTheSellers ? StockPushResult.notListed(why) : StockPushResult.refused(why);
    }
}
