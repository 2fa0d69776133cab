package io.kontor.channel.wholesale;

import io.kontor.channel.MappingException;
import io.kontor.model.Channel;
import io.kontor.model.Order;
import io.kontor.model.OrderLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wholesale CSV contract (channel-contracts.md §4.1): good files map whole, bad ones are refused whole. */
class WholesaleCsvOrderMapperTest {

    private static final String HEADER = String.join(",", WholesaleCsvOrderMapper.COLUMNS);
    private static final String FILE = "ORDERS_acme_20261127093000_1.csv";
    private final WholesaleCsvOrderMapper mapper = new WholesaleCsvOrderMapper();

    private static String row(String order, String lineNo, String sku, String gtin, String qty, String price) {
        return order + ",2026-11-27,4012345000009,Großhandel Müller GmbH,\"Filiale Köln, Lager 2\",Hohe Straße 12,,Köln,NRW,50667,DE,EUR,"
                + lineNo + "," + sku + "," + gtin + ",\"Becher \"\"Classic\"\", 0,3 l\"," + qty + "," + price + ",2026-12-03";
    }

    @Test
    void rowsBecomeOrdersWithTheirLinesNetPricesAndTheFileTimestampAsVersion() {
        String csv = "\uFEFF" + HEADER + "\r\n"
                + row("PO-1001", "1", "CUP-03", "4006381333931", "24", "2.35") + "\r\n"
                + row("PO-1001", "2", "CUP-05", "", "12", "3.10") + "\r\n"
                + row("PO-1002", "1", "", "4006381333931", "6", "2.35") + "\r\n";
        List<Order> orders = mapper.map(FILE, "acme", csv);

        assertThat(orders).hasSize(2);
        Order first = orders.get(0);
        assertThat(first.channel()).isEqualTo(WholesaleChannels.WHOLESALE_CSV);
        assertThat(first.channelAccount()).isEqualTo("acme");
        assertThat(first.channelOrderId()).isEqualTo("PO-1001");
        assertThat(first.channelUpdatedAt()).isEqualTo(Instant.parse("2026-11-27T09:30:00Z"));
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(first.paymentStatus()).as("on terms: no payment gate").isNull();
        assertThat(first.lines()).extracting(OrderLine::channelLineId).containsExactly("PO-1001/1", "PO-1001/2");
        assertThat(first.lines().get(0).title()).isEqualTo("Becher \"Classic\", 0,3 l");
        assertThat(first.lines().get(0).productRefs()).containsEntry("gtin", "4006381333931");
        assertThat(first.grandTotal().settlement().amount()).isEqualByComparingTo(new BigDecimal("93.60")); // 24 × 2.35 + 12 × 3.10
        assertThat(first.buyer().gln()).isEqualTo("4012345000009");
        assertThat(first.shipTo().name()).isEqualTo("Filiale Köln, Lager 2");
        assertThat(first.shipTo().address().countryCode()).isEqualTo("DE");
        assertThat(first.extensions().get("requestedDeliveryDate").asText()).isEqualTo("2026-12-03");
        // lossless: every cell of every row is kept
        assertThat(first.raw().size()).isEqualTo(2);
        assertThat(first.raw().get(1).get("unit_price").asText()).isEqualTo("3.10");
        assertThat(orders.get(1).lines().get(0).sku()).isNull();
    }

    @Test
    void oneBadRowRefusesTheWholeFileAndEveryProblemIsNamedWithItsLine() {
        String csv = HEADER + "\n"
                + row("PO-1", "1", "CUP-03", "4006381333932", "24", "2.35") + "\n"   // GTIN check digit wrong
                + row("PO-1", "1", "CUP-05", "", "0", "\"3,10\"") + "\n"            // line twice, qty 0, decimal comma
                + row("PO-2", "1", "CUP-05", "", "5", "1.999") + "\n"                 // more decimals than EUR has
                + row("PO-3", "1", "CUP-05", "", "5", "1.99").replace(",DE,EUR,", ",XX,EUR,") + "\n";
        assertThatThrownBy(() -> mapper.map(FILE, "acme", csv))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("line 2: gtin '4006381333932' is not a valid GTIN")
                .hasMessageContaining("line 3: order PO-1 has line_no 1 twice")
                .hasMessageContaining("line 3: qty 0 is not positive")
                .hasMessageContaining("line 3: unit_price '3,10' is not a decimal")
                .hasMessageContaining("line 4: unit_price 1.999")
                .hasMessageContaining("line 5: ship_to_country 'XX'");
    }

    @Test
    void rowsOfOneOrderMustAgreeOnTheOrderColumns() {
        String csv = HEADER + "\n" + row("PO-1", "1", "A", "", "1", "1.00") + "\n"
                + row("PO-1", "2", "B", "", "1", "1.00").replace(",EUR,", ",CHF,") + "\n";
        assertThatThrownBy(() -> mapper.map(FILE, "acme", csv)).hasMessageContaining("line 3: order PO-1 has currency 'CHF'");
    }

    @Test
    void truncatedMalformedAndMisnamedFilesAreRefusedWithAReason() {
        String row = row("PO-1", "1", "A", "", "1", "1.00");
        // cut after a field, and cut inside a quoted field
        String cutAtField = HEADER + "\n" + row.substring(0, row.indexOf(",Hohe"));
        assertThatThrownBy(() -> mapper.map(FILE, "acme", cutAtField)).hasMessageContaining("line 2: has 5 fields, the header has 19");
        String cutInQuotes = HEADER + "\n" + row.substring(0, row.indexOf("Köln,") + 2);
        assertThatThrownBy(() -> mapper.map(FILE, "acme", cutInQuotes)).hasMessageContaining("is not valid CSV");
        // an unquoted decimal comma shifts the columns: the row is refused for its field count
        assertThatThrownBy(() -> mapper.map(FILE, "acme", HEADER + "\n" + row.replace(",1.00,", ",1,00,")))
                .hasMessageContaining("line 2: has 20 fields");
        assertThatThrownBy(() -> mapper.map(FILE, "acme", "order_number,qty\nPO-1,1\n")).hasMessageContaining("lacks the columns");
        assertThatThrownBy(() -> mapper.map(FILE, "acme", HEADER + "\n" + row("PO-1", "1", "A", "", "1", "1.00")
                .replace("Hohe Straße 12", "\"open quote"))).isInstanceOf(MappingException.class);
        assertThatThrownBy(() -> mapper.map(FILE, "acme", HEADER + "\n")).hasMessageContaining("holds no order rows");
        assertThatThrownBy(() -> mapper.map("orders.csv", "acme", HEADER)).hasMessageContaining("does not follow");
        assertThatThrownBy(() -> mapper.map("ORDERS_other_20261127093000_1.csv", "acme", HEADER)).hasMessageContaining("names partner other");
    }
}
