package io.kontor.channel.shopify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.kontor.stock.spi.ChannelStockReports;
import io.kontor.stock.spi.StockPushResult;
import io.kontor.stock.spi.StockUpdate;
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

/**
 * The Shopify stock sink against the emulated shop's inventory: figures per location, compare-and-set with what the hub
 * knew (an unknown one sent as an explicit null, although the hub's JSON leaves nulls out), a stale figure read back,
 * a SKU the shop does not sell, and a batch sent again after a lost answer applied once. No database, no broker.
 */
class ShopifyStockPublisherTest {

    private static final String KOELN = "gid://shopify/Location/71001";
    private static final String MUENCHEN = "gid://shopify/Location/71002";
    private static final String SKU = "SK-WOL-3942";

    private ShopifyEmulatorServer emulator;
    private CamelContext camel;
    private ShopifyStockPublisher publisher;
    private final List<String> reports = new ArrayList<>();

    @BeforeEach
    void shop() throws Exception {
        emulator = new ShopifyEmulatorServer(10_000, 1_000);
        camel = new DefaultCamelContext();
        camel.start();
        // as the hub's own ObjectMapper is configured (spring.jackson.default-property-inclusion: non_null)
        ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
        ShopifyChannelProperties props = new ShopifyChannelProperties(true, ShopifyEmulatorServer.SHOP, emulator.baseUrl(), "2026-01",
                ShopifyEmulatorServer.TOKEN, null, null, null, null, 5000, java.time.Duration.ofSeconds(5), 10, null, 2000,
                java.time.Duration.ofMinutes(30), 1000, 500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChannelStockReports stock = new ChannelStockReports() {
            @Override
            public Verdict reported(String channel, String account, String sku, String location, int quantity, java.time.Instant at) {
                reports.add(sku + " " + location + " " + quantity);
                return Verdict.ECHO;
            }

            @Override
            public List<String> toReadBack(String channel, String account, int limit, java.time.Duration settle) {
                return List.of();
            }
        };
        publisher = new ShopifyStockPublisher(new ShopifyAdminClient(new ChannelHttp(camel.createProducerTemplate(), json),
                new ShopifyAccessTokens(null, null, null, null, json, meters), json, meters), props, stock);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
        emulator.close();
    }

    private List<StockPushResult> push(StockUpdate... updates) throws Exception {
        return publisher.push(List.of(updates), ShopifyEmulatorServer.SHOP, emulator.baseUrl(), "2026-01", null);
    }

    private static StockUpdate update(String sku, String location, int quantity, Integer previous) {
        return new StockUpdate("SHOPIFY", ShopifyEmulatorServer.SHOP, sku, location, quantity, previous, UUID.randomUUID(), Instant.now());
    }

    @Test
    void eachLocationGetsItsFigureAndAnUnknownPreviousOneIsAnExplicitNull() throws Exception {
        assertThat(push(update(SKU, KOELN, 5, null))).extracting(StockPushResult::outcome).containsExactly(StockPushResult.Outcome.ACKNOWLEDGED);
        // the item is known now, the other location's figure is not: changeFromQuantity null, not left out
        assertThat(push(update(SKU, MUENCHEN, 3, null), update("NOT-SOLD-HERE", KOELN, 2, null)))
                .extracting(StockPushResult::outcome)
                .containsExactly(StockPushResult.Outcome.ACKNOWLEDGED, StockPushResult.Outcome.NOT_LISTED);
        assertThat(emulator.inventory().available(SKU, KOELN)).isEqualTo(5);
        assertThat(emulator.inventory().available(SKU, MUENCHEN)).isEqualTo(3);
    }

    @Test
    void aFigureChangedInTheShopIsNotOverwrittenButReadBackAndTheRestOfTheCallIsSentAgain() throws Exception {
        push(update(SKU, KOELN, 5, null), update("CP-GRY", KOELN, 6, null));
        emulator.inventory().setByHand(SKU, KOELN, 9);
        List<StockPushResult> answer = push(update(SKU, KOELN, 4, 5), update("CP-GRY", KOELN, 7, 6));
        assertThat(answer.get(0).outcome()).isEqualTo(StockPushResult.Outcome.STALE);
        assertThat(answer.get(0).reported()).isEqualTo(9);
        assertThat(answer.get(1).outcome()).as("Shopify applies a call whole or not at all").isEqualTo(StockPushResult.Outcome.NOT_APPLIED);
        assertThat(emulator.inventory().available(SKU, KOELN)).isEqualTo(9);
        assertThat(emulator.inventory().available("CP-GRY", KOELN)).isEqualTo(6);
    }

    @Test
    void theSameFiguresSentAgainAfterALostAnswerAreAppliedOnce() throws Exception {
        StockUpdate figure = update(SKU, KOELN, 7, null);
        assertThat(push(figure)).extracting(StockPushResult::outcome).containsExactly(StockPushResult.Outcome.ACKNOWLEDGED);
        emulator.inventory().committed(SKU, KOELN, 1); // an order in the shop meanwhile
        // the retry carries the same keys: Shopify answers the first result and changes nothing
        assertThat(push(figure)).extracting(StockPushResult::outcome).containsExactly(StockPushResult.Outcome.ACKNOWLEDGED);
        assertThat(emulator.inventory().available(SKU, KOELN)).isEqualTo(6);
    }

    @Test
    void theLevelWebhookNamesTheItemAndIsToldToTheStockWorkflowWithItsSku() throws Exception {
        ObjectMapper json = new ObjectMapper();
        long item = io.kontor.sandbox.shopify.SandboxInventory.itemId(SKU);
        ChannelStockReports.Verdict verdict = publisher.levelChanged(json.readTree("{\"inventory_item_id\":" + item
                + ",\"location_id\":71002,\"available\":12,\"updated_at\":\"2026-12-07T10:00:00.000+01:00\"}"),
                ShopifyEmulatorServer.SHOP, emulator.baseUrl(), "2026-01", null);
        assertThat(verdict).isEqualTo(ChannelStockReports.Verdict.ECHO);
        assertThat(reports).containsExactly(SKU + " " + MUENCHEN + " 12");
        assertThat(publisher.levelChanged(json.readTree("{\"inventory_item_id\":1,\"location_id\":71002,\"available\":1}"),
                ShopifyEmulatorServer.SHOP, emulator.baseUrl(), "2026-01", null)).isEqualTo(ChannelStockReports.Verdict.IGNORED);
    }
}
