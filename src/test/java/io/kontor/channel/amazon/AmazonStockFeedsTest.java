package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import io.kontor.testing.Corpus;
import io.kontor.testing.JsonSchemaSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listings feed the hub writes keeps Amazon's listings-feed-schema-v2.json, and a processing report — Amazon's own
 * example among them — answers each figure by its messageId.
 */
class AmazonStockFeedsTest {

    private static final String FEED_SCHEMA = "channels/sp-api-models/schemas/feeds/listings-feed-schema-v2.json";
    private static final String REPORT_EXAMPLE = "channels/sp-api-models/schemas/feeds/listings-feed-processing-report-schema-v2.example.json";
    private final ObjectMapper json = new ObjectMapper();

    private static StockUpdate figure(String sku, int quantity) {
        return new StockUpdate("AMAZON", "A1SELLER", sku, "", quantity, null, UUID.randomUUID(), Instant.now());
    }

    @Test
    void theFeedKeepsAmazonsSchemaWithOnePatchPerFigureNumberedInOrder() {
        JsonNode feed = json.valueToTree(AmazonStockFeeds.feed("A1SELLER", "PRODUCT", List.of(figure("TS-BLK-M", 7), figure("CP GRY", 0))));
        JsonSchemaSpec.of(FEED_SCHEMA).assertValid(feed);
        assertThat(feed.path("messages").get(1).path("messageId").asInt()).isEqualTo(2);
        assertThat(feed.path("messages").get(1).path("sku").asText()).isEqualTo("CP GRY");
        assertThat(feed.path("messages").get(1).path("patches").get(0).path("value").get(0).path("quantity").asInt()).isZero();
        assertThat(feed.path("messages").get(0).path("patches").get(0).path("value").get(0).path("fulfillment_channel_code").asText())
                .isEqualTo("DEFAULT");
    }

    @Test
    void amazonsExampleReportRefusesTheMessagesWithErrorsAndAcknowledgesTheRest() throws Exception {
        JsonNode report = json.readTree(Files.readString(Corpus.file(REPORT_EXAMPLE)));
        List<StockPushResult> results = AmazonStockFeeds.results(5, report);
        assertThat(results).extracting(StockPushResult::outcome).containsExactly(StockPushResult.Outcome.ACKNOWLEDGED,
                StockPushResult.Outcome.ACKNOWLEDGED, StockPushResult.Outcome.ACKNOWLEDGED, StockPushResult.Outcome.REFUSED,
                StockPushResult.Outcome.REFUSED);
        assertThat(results.get(3).message()).contains("90220").contains("batteries_required").contains("supplier_declared_dg_hz_regulation");
    }

    @Test
    void aFeedLevelIssueSendsTheUnrefusedFiguresAgainAndASkuAmazonFulfilsIsNotListed() throws Exception {
        JsonNode report = json.readTree("""
                {"header":{"sellerId":"A1SELLER","version":"2.0","feedId":"1"},
                 "issues":[{"messageId":2,"sku":"FBA-1","code":"8541","severity":"ERROR","message":"Amazon fulfils this SKU"},
                           {"code":"100001","severity":"ERROR","message":"Processing stopped"},
                           {"messageId":1,"sku":"A","code":"99001","severity":"WARNING","message":"only a warning"}],
                 "summary":{"errors":2,"warnings":1,"messagesProcessed":2,"messagesAccepted":1,"messagesInvalid":1}}""");
        assertThat(AmazonStockFeeds.results(3, report)).extracting(StockPushResult::outcome).containsExactly(StockPushResult.Outcome.NOT_APPLIED,
                StockPushResult.Outcome.NOT_LISTED, StockPushResult.Outcome.NOT_APPLIED);
    }
}
