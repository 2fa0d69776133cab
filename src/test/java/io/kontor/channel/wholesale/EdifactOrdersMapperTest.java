package io.kontor.channel.wholesale;

import io.kontor.model.HoldReason;
import io.kontor.channel.MappingException;
import io.kontor.model.Channel;
import io.kontor.model.Order;
import io.kontor.model.OrderStatus;
import io.kontor.testing.Corpus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EDIFACT ORDERS through StAEDI: EANCOM interchanges map to canonical orders, or are refused whole with reasons. */
class EdifactOrdersMapperTest {

    private final EdifactOrdersMapper mapper = new EdifactOrdersMapper("EUR");

    /** Two EANCOM D.96A ORDERS in one UNOC (ISO 8859-1) interchange, the second a cancellation. */
    private static final String INTERCHANGE = String.join("'\n",
            "UNA:+.? ",
            "UNB+UNOC:3+4012345000009:14+4000001000005:14+261127:0930+42++++1+EANCOM",
            "UNH+1+ORDERS:D:96A:UN:EAN008",
            "BGM+220+PO-77001+9",
            "DTM+137:20261127:102",
            "DTM+2:20261203:102",
            "NAD+BY+4012345000009::9",
            "NAD+DP+4012345000016::9++Großhandel Müller GmbH Filiale Köln+Hohe Straße 12+Köln++50667+DE",
            "CUX+2:EUR:9",
            "LIN+1++4006381333931:EN",
            "PIA+5+CUP-03:SA",
            "IMD+F++:::Becher ?+Classic?: 0,3 l",
            "QTY+21:24",
            "PRI+AAA:2.35",
            "LIN+2++4000417025005:EN",
            "QTY+21:12",
            "PRI+AAA:4.85",
            "UNS+S",
            "CNT+2:2",
            "UNT+18+1",
            "UNH+2+ORDERS:D:96A:UN:EAN008",
            "BGM+220+PO-76990+1",
            "DTM+137:20261126:102",
            "NAD+BY+4012345000009::9",
            "LIN+1++4006381333931:EN",
            "QTY+21:6",
            "PRI+AAA:2.35",
            "UNS+S",
            "UNT+9+2",
            "UNZ+2+42") + "'\n";

    @Test
    void eancomOrdersBecomeCanonicalOrdersOnePerMessage() {
        List<Order> orders = mapper.map("ORDERS_42.edi", "mueller", INTERCHANGE.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(orders).hasSize(2);
        Order po = orders.get(0);
        assertThat(po.channel()).isEqualTo(WholesaleChannels.WHOLESALE_EDIFACT);
        assertThat(po.channelOrderId()).isEqualTo("PO-77001");
        assertThat(po.channelUpdatedAt()).isEqualTo(Instant.parse("2026-11-27T09:30:00Z"));
        assertThat(po.createdAt()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(po.buyer().gln()).isEqualTo("4012345000009");
        assertThat(po.shipTo().name()).isEqualTo("Großhandel Müller GmbH Filiale Köln"); // UNOC decoded as ISO 8859-1
        assertThat(po.shipTo().address().postalCode()).isEqualTo("50667");
        assertThat(po.lines()).hasSize(2);
        assertThat(po.lines().get(0).sku()).isEqualTo("CUP-03");
        assertThat(po.lines().get(0).title()).isEqualTo("Becher +Classic: 0,3 l"); // release character ? honoured
        assertThat(po.lines().get(0).productRefs()).containsEntry("gtin", "4006381333931");
        assertThat(po.grandTotal().settlement().amount()).isEqualByComparingTo(new BigDecimal("114.60")); // 24 × 2.35 + 12 × 4.85
        assertThat(po.extensions().get("requestedDeliveryDate").asText()).isEqualTo("2026-12-03T00:00:00Z");
        assertThat(po.raw().size()).as("every segment kept").isEqualTo(18);
        assertThat(orders.get(1).status()).as("BGM function 1: cancellation").isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aMessageWithAnyBadLineRefusesTheWholeInterchange() {
        String bad = INTERCHANGE.replace("LIN+2++4000417025005:EN", "LIN+2++4000417025006:EN").replace("QTY+21:6", "QTY+21:0");
        assertThatThrownBy(() -> mapper.map("x.edi", "mueller", bad.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("message 1: LIN 2: GTIN 4000417025006 has a wrong check digit")
                .hasMessageContaining("message 2: LIN 1: QTY+21 0 is not positive");
        assertThatThrownBy(() -> new EdifactOrdersMapper(null).map("x.edi", "m",
                INTERCHANGE.replace("CUX+2:EUR:9'\n", "").getBytes(StandardCharsets.ISO_8859_1)))
                .hasMessageContaining("message 1: no currency");
    }

    @Test
    void truncatedAndForeignInputIsRefused() {
        String truncated = INTERCHANGE.substring(0, INTERCHANGE.indexOf("UNS+S"));
        assertThatThrownBy(() -> mapper.map("t.edi", "m", truncated.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(MappingException.class).hasMessageContaining("t.edi");
        assertThatThrownBy(() -> mapper.map("csv.edi", "m", "order_number,qty\nPO-1,1\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MappingException.class).hasMessageContaining("csv.edi");
    }

    @Test
    void theSandboxPartnersInterchangesMap(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator partner = new io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator(
                dir, "acme", 3, java.time.Clock.fixed(Instant.parse("2026-11-27T10:15:00Z"), java.time.ZoneOffset.UTC));
        for (int i = 0; i < 20; i++) {
            java.nio.file.Path file = partner.writeEdifact(dir);
            List<Order> orders = mapper.map(file.getFileName().toString(), "acme", Files.readAllBytes(file));
            assertThat(orders).isNotEmpty().allSatisfy(o -> assertThat(o.lines()).isNotEmpty());
            assertThat(orders.get(0).shipTo().name()).matches(".*(Köln|München|Graz).*");
        }
    }

    @Test
    void staediCorpusOrdersInsideAFunctionalGroupMap() throws Exception {
        byte[] edi = Files.readAllBytes(Corpus.file("edi/staedi/src/test/resources/EDIFACT/orders-with-group.edi"));
        Order order = mapper.map("orders-with-group.edi", "p", edi).get(0);
        assertThat(order.channelOrderId()).isEqualTo("C1441747");
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2001-05-02T22:00:00Z")); // DTM format 203
        assertThat(order.currency()).as("no CUX: the partner's contract currency").isEqualTo("EUR");
        assertThat(order.lines()).singleElement().satisfies(l -> {
            assertThat(l.productRefs()).containsEntry("gtin", "5400111864181");
            assertThat(l.qtyOrdered()).isEqualTo(288);
            assertThat(l.unitPrice().settlement().amount()).isEqualByComparingTo("12.80");
            assertThat(l.title()).isEqualTo("WIDGETS");
        });
    }

    @Test
    void phpEdifactCorpusOrderWithoutPricesIsTakenAtContractPricesAndHeldForThem() throws Exception {
        byte[] edi = Files.readAllBytes(Corpus.file("edi/php-edifact/tests/files/example_order_ok.edi"));
        Order order = mapper.map("example_order_ok.edi", "p", edi).get(0);
        assertThat(order.channelOrderId()).isEqualTo("2019265563");
        assertThat(order.grandTotal()).isNull();
        assertThat(order.extensions().get("pricing").asText()).isEqualTo(EdifactOrdersMapper.CONTRACT_PRICING);
        assertThat(order.lines()).hasSizeGreaterThan(20).allSatisfy(l -> {
            assertThat(l.unitPrice()).isNull();
            assertThat(l.qtyOrdered()).isPositive();
        });
        // LIN+1++1001:SA is the supplier's article number (our SKU); PIA+5+6001001:IN the buyer's own number
        assertThat(order.lines().get(0).sku()).isEqualTo("1001");
        assertThat(order.lines().get(0).productRefs()).containsEntry("piaIN", "6001001");
        assertThat(order.lines().get(0).title()).isEqualTo("Butter 40x250g Alu");
        io.kontor.orders.OrderValidator.validate(order);
        assertThat(new io.kontor.orders.OrderChecks(java.util.Set.of()).holdsFor(order))
                .extracting(HoldReason::code).contains(io.kontor.orders.OrderChecks.PRICES);
    }
}
