package io.kontor.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kontor.model.PurchaseOrder;
import io.kontor.sandbox.invoices.SupplierInvoiceTraffic;
import io.kontor.sandbox.shopify.SandboxShop;
import io.kontor.sandbox.shopify.SandboxShopifyOAuth;
import io.kontor.sandbox.shopify.ShopifyTrafficGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kontor.sandbox.SandboxState.part;
import static org.assertj.core.api.Assertions.assertThat;

/** A restarted sandbox goes on where it stopped, and does not replay its last run. */
class SandboxStateTest {

    private static final TypeReference<List<Map<String, Object>>> ORDERS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> GRANT = new TypeReference<>() {
    };

    @TempDir
    Path dir;

    private static SandboxShopifyOAuth oauth() {
        return new SandboxShopifyOAuth("app", "secret", "install-token", null, Duration.ofHours(1), Clock.systemUTC());
    }

    @Test
    void theShopsOrdersAndTheHubsRefreshTokenSurviveARestart() {
        SandboxState first = new SandboxState(dir);
        SandboxShop shop = new SandboxShop();
        SandboxShopifyOAuth grant = oauth();
        first.track("orders", part(shop::saved, (saved, json) -> shop.restore(json.convertValue(saved, ORDERS))));
        first.track("oauth", part(grant::saved, (saved, json) -> grant.restore(json.convertValue(saved, GRANT))));
        ShopifyTrafficGenerator traffic = new ShopifyTrafficGenerator(shop, first.seed(7), Clock.systemUTC());
        for (int i = 0; i < 20; i++) {
            traffic.createOrder();
        }
        // the hub refreshes and keeps the rotated refresh token
        String rotated = (String) grant.token(Map.of("client_id", "app", "client_secret", "secret", "grant_type", "refresh_token",
                "refresh_token", "install-token")).body().get("refresh_token");
        first.save();

        SandboxState second = new SandboxState(dir);
        SandboxShop restarted = new SandboxShop();
        List<Map<String, Object>> told = new ArrayList<>();
        restarted.onChange(told::add);
        SandboxShopifyOAuth grantAgain = oauth();
        assertThat(second.track("orders", part(restarted::saved, (saved, json) -> restarted.restore(json.convertValue(saved, ORDERS))))).isTrue();
        assertThat(second.track("oauth", part(grantAgain::saved, (saved, json) -> grantAgain.restore(json.convertValue(saved, GRANT))))).isTrue();

        assertThat(restarted.ids()).isEqualTo(shop.ids());
        for (long id : shop.ids()) {
            assertThat(restarted.get(id)).isEqualTo(shop.get(id));
        }
        assertThat(told).as("restoring is no change at the shop: no webhooks").isEmpty();
        assertThat(grantAgain.token(Map.of("client_id", "app", "client_secret", "secret", "grant_type", "refresh_token",
                "refresh_token", rotated)).status()).as("the hub's stored refresh token").isEqualTo(200);
        // new orders after the restart do not take an id the shop has given before
        long next = new ShopifyTrafficGenerator(restarted, second.seed(7), Clock.systemUTC()).createOrder();
        assertThat(shop.ids()).doesNotContain(next);
    }

    @Test
    void theShopForgetsFinishedOrdersLongUnchangedButNotOnesStillOpenOrWaitingToShip() {
        SandboxShop shop = new SandboxShop();
        io.kontor.testing.MutableClock clock = new io.kontor.testing.MutableClock(java.time.Instant.parse("2026-12-07T08:00:00Z"));
        ShopifyTrafficGenerator traffic = new ShopifyTrafficGenerator(shop, 7, clock);
        List<Long> early = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            early.add(traffic.createOrder());
        }
        // all but one are finished (cancelled here); one of those still changes, and the unfinished one waits to ship
        for (long id : early.subList(1, 10)) {
            shop.update(id, clock.instant(), o -> {
                o.put("cancelledAt", clock.instant().toString());
                return o;
            });
        }
        long waitingToShip = early.get(0);
        long open = early.get(3);
        clock.advance(Duration.ofHours(1));
        long late = traffic.createOrder();
        assertThat(shop.forgetBefore(clock.instant().minus(Duration.ofMinutes(30)), id -> id == open)).isEqualTo(8);
        assertThat(shop.ids()).containsExactlyInAnyOrder(waitingToShip, open, late);
    }

    @Test
    void eachRunHasItsOwnSeedAndAFreshDirectoryTheConfiguredOne() {
        SandboxState first = new SandboxState(dir);
        assertThat(first.run()).isEqualTo(1);
        assertThat(first.seed(42)).isEqualTo(42);
        SandboxState second = new SandboxState(dir);
        assertThat(second.run()).isEqualTo(2);
        assertThat(second.seed(42)).isNotEqualTo(42);
        assertThat(new SandboxState(dir).seed(42)).isNotEqualTo(second.seed(42));
    }

    @Test
    void aDamagedFileIsLeftAndThePartStartsEmpty() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("orders.json"), "[{\"id\": \"gid://shopify/Order/1\", ");
        SandboxShop shop = new SandboxShop();
        assertThat(new SandboxState(dir).track("orders", part(shop::saved, (saved, json) -> shop.restore(json.convertValue(saved, ORDERS)))))
                .isFalse();
        assertThat(shop.size()).isZero();
    }

    @Test
    void theSuppliersNeverInvoiceTheSameGoodsTwiceByChance() {
        Map<String, List<BigDecimal>> nets = new HashMap<>();
        SupplierInvoiceTraffic traffic = new SupplierInvoiceTraffic(dir.resolve("inbox"), po -> nets.computeIfAbsent(po.supplierVatId(),
                k -> new ArrayList<>()).add(po.lines().stream().map(l -> l.quantity().multiply(l.unitPrice()))
                .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2)), receipt -> {
        }, 20261127, 0.0, Clock.systemUTC());
        for (int i = 0; i < 120; i++) {
            traffic.send();
        }
        nets.forEach((supplier, amounts) -> assertThat(amounts).as(supplier).doesNotHaveDuplicates());
        assertThat(nets.values().stream().mapToInt(List::size).sum()).isEqualTo(120);
    }
}
