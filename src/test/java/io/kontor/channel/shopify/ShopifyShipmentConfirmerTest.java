package io.kontor.channel.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.ChannelHttp;
import io.kontor.it.channel.shopify.ShopifyEmulatorServer;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import io.kontor.shipping.spi.ShipmentNotice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Shopify shipment confirmer against the emulated shop's fulfillment orders on the failure paths the shop can
 * put in its way: a merchant's hold, and a location another app fulfils. No database, no broker.
 */
class ShopifyShipmentConfirmerTest {

    private final ObjectMapper json = new ObjectMapper();
    private ShopifyEmulatorServer emulator;
    private CamelContext camel;
    private ShopifyShipmentConfirmer confirmer;
    private ShopifyTrafficGenerator generator;

    @BeforeEach
    void shop() throws Exception {
        emulator = new ShopifyEmulatorServer(10_000, 1_000);
        camel = new DefaultCamelContext();
        camel.start();
        ShopifyChannelProperties props = new ShopifyChannelProperties(true, ShopifyEmulatorServer.SHOP, emulator.baseUrl(), "2026-01",
                ShopifyEmulatorServer.TOKEN, null, null, null, null, 5000, java.time.Duration.ofSeconds(5), 10, null, 2000,
                java.time.Duration.ofMinutes(30), 1000, 500);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        confirmer = new ShopifyShipmentConfirmer(new ShopifyAdminClient(new ChannelHttp(camel.createProducerTemplate(), json),
                new ShopifyAccessTokens(null, null, null, null, json, meters), json, meters), props);
        generator = new ShopifyTrafficGenerator(emulator.shop, 5, Clock.systemUTC());
        generator.sellerShips(false);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
        emulator.close();
    }

    @Test
    void unitsTheMerchantHoldsAreNotConfirmedUntilTheHoldIsReleasedThenOnceOnly() throws Exception {
        long id = generator.createOrder();
        ShipmentNotice parcel = wholeOrder(id, "00340434188193100042");
        emulator.holdFulfillment(id, "HIGH_RISK_OF_FRAUD", "manual review");

        assertThatThrownBy(() -> confirm(parcel)).isInstanceOf(ShopifyApiException.class)
                .hasMessageContaining("ON_HOLD: HIGH_RISK_OF_FRAUD \"manual review\"")
                .hasMessageContaining("once the merchant releases the hold");
        assertThat(fulfillments(id)).as("a merchant's hold is not the hub's to release").isEmpty();

        emulator.releaseFulfillmentHolds(id);
        List<String> confirmed = confirm(parcel);
        assertThat(confirmed).isNotEmpty();
        assertThat(fulfillments(id)).hasSize(confirmed.size());
        assertThat(emulator.shop.get(id).orElseThrow().get("displayFulfillmentStatus")).isEqualTo("FULFILLED");
        assertThat(confirm(parcel)).as("the next attempt finds the parcel's tracking number").isEqualTo(confirmed);
        assertThat(fulfillments(id)).hasSize(confirmed.size());
    }

    @Test
    void aLocationAnotherAppFulfilsIsRefusedWithAReasonThatSaysSo() {
        long id = generator.createOrder();
        emulator.locationFulfilledByAnotherApp("gid://shopify/Location/71001");
        assertThatThrownBy(() -> confirm(wholeOrder(id, "00340434188193100043"))).isInstanceOf(ShopifyApiException.class)
                .hasMessageContaining("fulfilled by another app")
                .hasMessageContaining("does not have access to the fulfillment order");
        assertThat(fulfillments(id)).isEmpty();
    }

    @Test
    void anOrderCancelledOnShopifyAfterItsParcelShippedTakesNoTracking() {
        long id = generator.createOrder();
        emulator.shop.update(id, Instant.now(), o -> {
            Map<String, Object> cancelled = new java.util.LinkedHashMap<>(o);
            cancelled.put("cancelledAt", Instant.now().toString());
            return cancelled;
        });
        assertThatThrownBy(() -> confirm(wholeOrder(id, "00340434188193100044"))).isInstanceOf(io.kontor.shipping.spi.OrderCancelledOnChannelException.class)
                .hasMessageContaining("cancelled #" + id);
        assertThat(fulfillments(id)).isEmpty();
    }

    private List<String> confirm(ShipmentNotice parcel) throws Exception {
        return confirmer.confirm(parcel, ShopifyEmulatorServer.SHOP, emulator.baseUrl(), "2026-01", null);
    }

    private List<?> fulfillments(long id) {
        return (List<?>) emulator.shop.get(id).orElseThrow().get("fulfillments");
    }

    @SuppressWarnings("unchecked")
    private ShipmentNotice wholeOrder(long id, String tracking) {
        List<ShipmentNotice.Line> lines = ((List<Map<String, Object>>) emulator.shop.get(id).orElseThrow().get("lineItems")).stream()
                .map(l -> new ShipmentNotice.Line((String) l.get("id"), "SKU", (Integer) l.get("unfulfilledQuantity")))
                .filter(l -> l.units() > 0).toList();
        return new ShipmentNotice(UUID.randomUUID(), UUID.randomUUID(), "SHOPIFY", ShopifyEmulatorServer.SHOP, "gid://shopify/Order/" + id,
                "#" + id, null, "KOELN", lines, "DHL", "DHL", "Paket", tracking, null, Instant.now(), 1, 1, json.createObjectNode(), Map.of());
    }
}
