package io.kontor.channel.ebay;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import io.kontor.it.channel.ebay.EbayEmulatorServer;
import io.kontor.platform.TransientChannelException;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
import io.kontor.testing.ChannelSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The eBay stock sink against the emulated Sell Inventory API: every call it makes is one eBay's spec accepts, at most
 * 25 SKUs (or one) a call, a 207 read entry by entry, a SKU without a published offer not listed, a 5xx a transient
 * fault for the whole batch. No database, no broker.
 */
class EbayStockPublisherTest {

    private EbayEmulatorServer ebay;
    private CamelContext camel;
    private EbayStockPublisher publisher;

    @BeforeEach
    void seller() throws Exception {
        ebay = new EbayEmulatorServer();
        camel = new DefaultCamelContext();
        camel.start();
        ObjectMapper json = new ObjectMapper();
        EbayChannelProperties props = new EbayChannelProperties(true, EbayEmulatorServer.SELLER, ebay.baseUrl(), ebay.baseUrl()
                + "/identity/v1/oauth2/token", EbayEmulatorServer.CLIENT_ID, EbayEmulatorServer.CLIENT_SECRET, EbayEmulatorServer.REFRESH_TOKEN,
                60_000, java.time.Duration.ofMinutes(2), java.time.Duration.ofDays(7), 200);
        publisher = new EbayStockPublisher(new EbaySellApi(new ChannelHttp(camel.createProducerTemplate(), json), new SimpleMeterRegistry()),
                json, props, new EbayRevisionBudget(new EbayRevisionBudgetTest.Memory(), 250, java.time.Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
        ebay.close();
    }

    private List<StockPushResult> push(int perCall, List<StockUpdate> updates) throws Exception {
        return publisher.push(updates, EbayEmulatorServer.SELLER, ebay.baseUrl(), ebay.baseUrl() + "/identity/v1/oauth2/token",
                EbayEmulatorServer.CLIENT_ID, perCall);
    }

    private static StockUpdate update(String sku, int quantity) {
        return new StockUpdate("EBAY", EbayEmulatorServer.SELLER, sku, "", quantity, null, UUID.randomUUID(), Instant.now());
    }

    @Test
    void everyListedSkuGetsItsFigureInCallsOfAtMost25AndEveryCallKeepsTheSpec() throws Exception {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < SandboxCatalog.PRODUCTS.size() - 1; i++) {
            updates.add(update(SandboxCatalog.PRODUCTS.get(i).sku(), i));
        }
        String unpublished = SandboxCatalog.PRODUCTS.get(SandboxCatalog.PRODUCTS.size() - 1).sku();
        updates.add(update(unpublished, 5));
        updates.add(update("NOT-ON-EBAY", 5));
        List<StockPushResult> answers = push(25, updates);
        assertThat(answers.subList(0, updates.size() - 2)).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(StockPushResult.Outcome.ACKNOWLEDGED));
        assertThat(answers.subList(updates.size() - 2, updates.size())).allSatisfy(a ->
                assertThat(a.outcome()).isEqualTo(StockPushResult.Outcome.NOT_LISTED));
        for (int i = 0; i < SandboxCatalog.PRODUCTS.size() - 1; i++) {
            assertThat(ebay.inventory.listed(SandboxCatalog.PRODUCTS.get(i).sku())).isEqualTo(i);
        }
        assertThat(ebay.stockCalls).hasSize(1);
        ChannelSpec spec = ChannelSpec.of("channels/ebay-inventory/sell_inventory_v1_oas3.json");
        for (String body : ebay.stockCalls) {
            assertThat(spec.accepts(SimpleRequest.Builder.post(EbayStockPublisher.BULK_PATH).withContentType("application/json")
                    .withHeader("Authorization", "Bearer x").withBody(body).build())).as(body).isTrue();
        }
    }

    @Test
    void heldToOneSkuPerCallItSendsOneSkuPerCall() throws Exception {
        ebay.inventory.oneSkuPerCall(true);
        List<StockPushResult> answers = push(1, List.of(update("TS-BLK-M", 3), update("TS-BLK-L", 4), update("CP-GRY", 5)));
        assertThat(answers).extracting(StockPushResult::outcome).containsOnly(StockPushResult.Outcome.ACKNOWLEDGED);
        assertThat(ebay.stockCalls).hasSize(3);
    }

    @Test
    void aRefusedEntryIsRefusedAloneAndA500FailsTheBatchAsTransient() throws Exception {
        List<StockPushResult> answers = push(25, List.of(update("TS-BLK-M", 3), update("TS-BLK-L", -1)));
        assertThat(answers.get(0).outcome()).isEqualTo(StockPushResult.Outcome.ACKNOWLEDGED);
        assertThat(answers.get(1).outcome()).isEqualTo(StockPushResult.Outcome.REFUSED);
        assertThat(answers.get(1).message()).contains("25709");
        ebay.inventory.injectFaults(500, 1);
        assertThatThrownBy(() -> push(25, List.of(update("TS-BLK-M", 2)))).isInstanceOf(TransientChannelException.class);
        assertThat(push(25, List.of(update("TS-BLK-M", 2)))).extracting(StockPushResult::outcome).containsExactly(StockPushResult.Outcome.ACKNOWLEDGED);
        assertThat(ebay.inventory.listed("TS-BLK-M")).isEqualTo(2);
    }
}
