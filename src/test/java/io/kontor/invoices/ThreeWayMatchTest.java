package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Spec;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 3-way match on an invoice as a supplier writes it: 20 dividers TB100A4 at 9.90 and 50 reams ARNR2 at 5.50,
 * quoting purchase order PO-4711.
 */
class ThreeWayMatchTest {

    private static final MatchingProperties.Limits STRICT = new MatchingProperties.Limits(BigDecimal.ONE, new BigDecimal("0.01"),
            BigDecimal.ZERO, BigDecimal.ZERO);
    private final Invoice invoice = read(SupplierInvoicesFixture.invoice("RE-1", LocalDate.of(2026, 11, 2), "PO-4711"));

    @Test
    void everyLineOrderedAndReceivedAtTheOrderedPriceMatches() {
        ThreeWayMatch.Result result = ThreeWayMatch.match(invoice, List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.90", "20", "0"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "50", "0")), STRICT);

        assertThat(result.reasons()).isEmpty();
        assertThat(result.allocations()).extracting(a -> a.purchaseOrder() + "/" + a.lineNo() + "=" + a.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("PO-4711/1=20", "PO-4711/2=50");
    }

    @Test
    void billingMoreThanArrivedWaitsForTheGoods() {
        ThreeWayMatch.Result result = ThreeWayMatch.match(invoice, List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.90", "12", "0"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "50", "0")), STRICT);

        assertThat(codes(result)).containsExactly("QUANTITY_NOT_RECEIVED");
        assertThat(result.reasons().get(0).message()).contains("billed 20", "received 12");
        assertThat(result.reasons().get(0).line()).isEqualTo("1");
    }

    @Test
    void whatEarlierInvoicesBilledCounts() {
        ThreeWayMatch.Result result = ThreeWayMatch.match(invoice, List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.90", "20", "15"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "50", "0")), STRICT);

        assertThat(codes(result)).containsExactly("QUANTITY_OVER_ORDER");
        assertThat(result.reasons().get(0).message()).contains("billed 35", "ordered 20");
    }

    @Test
    void aLineMayBeSpreadOverSeveralOrders() {
        ThreeWayMatch.Result result = ThreeWayMatch.match(invoice, List.of(
                line("PO-4700", 1, "TB100A4", "8", "9.90", "8", "0"),
                line("PO-4711", 1, "TB100A4", "12", "9.90", "12", "0"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "50", "0")), STRICT);

        assertThat(result.reasons()).isEmpty();
        assertThat(result.allocations()).extracting(a -> a.purchaseOrder() + "/" + a.lineNo() + "=" + a.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("PO-4711/1=12", "PO-4700/1=8", "PO-4711/2=50");
    }

    @Test
    void aPriceAboveTheOrderBeyondTheToleranceIsAVariance() {
        List<ThreeWayMatch.OrderLine> lines = List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.50", "20", "0"),
                line("PO-4711", 2, "ARNR2", "50", "5.60", "50", "0"));

        ThreeWayMatch.Result strict = ThreeWayMatch.match(invoice, lines, STRICT);
        assertThat(codes(strict)).containsExactly("PRICE_VARIANCE");
        assertThat(strict.reasons().get(0).message()).contains("9.9", "9.5");
        // 9.90 is 4.2 % above 9.50: a 5 % tolerance lets it pass (a lower price always does)
        assertThat(ThreeWayMatch.match(invoice, lines, new MatchingProperties.Limits(new BigDecimal("5"), BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO)).reasons()).isEmpty();
    }

    @Test
    void aQuantityToleranceAllowsBillingSlightlyMoreThanArrived() {
        List<ThreeWayMatch.OrderLine> lines = List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.90", "19", "0"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "50", "0"));

        assertThat(codes(ThreeWayMatch.match(invoice, lines, STRICT))).containsExactly("QUANTITY_NOT_RECEIVED");
        assertThat(ThreeWayMatch.match(invoice, lines, new MatchingProperties.Limits(BigDecimal.ONE, BigDecimal.ZERO,
                new BigDecimal("10"), BigDecimal.ZERO)).reasons()).isEmpty();
    }

    @Test
    void anUnknownOrderAndItemsOnNoOrderAreNamed() {
        ThreeWayMatch.Result result = ThreeWayMatch.match(invoice, List.of(line("PO-1", 1, "OTHER", "5", "1.00", "5", "0")), STRICT);

        assertThat(codes(result)).containsExactly("NO_PO", "NO_PO_LINE", "NO_PO_LINE");
        assertThat(result.reasons().get(0).message()).contains("PO-4711");
    }

    @Test
    void aCreditNoteGivesBilledQuantityBack() {
        Invoice credit = read(new Spec("GS-1", LocalDate.of(2026, 11, 9), 30, SupplierInvoicesFixture.PAPER, "KONTOR-AP-1", "PO-4711",
                List.of(new SupplierInvoiceFactory.Line("TB100A4", "Trennblätter A4", new BigDecimal("5"), new BigDecimal("9.90"),
                        new BigDecimal("19"))), true));
        assertThat(credit.isCreditNote()).isTrue();

        ThreeWayMatch.Result result = ThreeWayMatch.match(credit, List.of(line("PO-4711", 1, "TB100A4", "20", "9.90", "20", "20")), STRICT);
        assertThat(result.reasons()).isEmpty();
        assertThat(result.allocations()).singleElement().satisfies(a -> assertThat(a.quantity()).isEqualByComparingTo("-5"));

        ThreeWayMatch.Result tooMuch = ThreeWayMatch.match(credit, List.of(line("PO-4711", 1, "TB100A4", "20", "9.90", "20", "2")), STRICT);
        assertThat(codes(tooMuch)).containsExactly("CREDIT_EXCEEDS_BILLED");
    }

    @Test
    void anOrderInAnotherCurrencyIsAMismatch() {
        List<ThreeWayMatch.OrderLine> lines = List.of(
                new ThreeWayMatch.OrderLine("PO-4711", 1, "TB100A4", "CHF", new BigDecimal("20"), new BigDecimal("9.90"), new BigDecimal("20"), BigDecimal.ZERO),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "50", "0"));

        assertThat(codes(ThreeWayMatch.match(invoice, lines, STRICT))).containsExactly("CURRENCY_MISMATCH");
    }

    @Test
    void theNextInvoiceOfABatchSeesWhatTheOneBeforeBilled() {
        List<ThreeWayMatch.OrderLine> lines = List.of(
                line("PO-4711", 1, "TB100A4", "30", "9.90", "30", "5"),
                line("PO-4711", 2, "ARNR2", "100", "5.50", "60", "0"));
        ThreeWayMatch.Result first = ThreeWayMatch.match(invoice, lines, STRICT);
        assertThat(first.matched()).isTrue();

        List<ThreeWayMatch.OrderLine> after = ThreeWayMatch.billed(lines, first.allocations());

        assertThat(after).extracting(l -> l.invoiced().stripTrailingZeros().toPlainString()).containsExactly("25", "50");
        assertThat(after).extracting(ThreeWayMatch.OrderLine::received).containsExactlyElementsOf(lines.stream().map(ThreeWayMatch.OrderLine::received).toList());
        // the same invoice again: 45 dividers of 30 ordered, and 100 reams of 60 received
        assertThat(codes(ThreeWayMatch.match(invoice, after, STRICT))).containsExactly("QUANTITY_OVER_ORDER", "QUANTITY_NOT_RECEIVED");
    }

    private static List<String> codes(ThreeWayMatch.Result result) {
        return result.reasons().stream().map(ThreeWayMatch.Reason::code).toList();
    }

    /** 386 asks for money before delivery: checked against the order's open value, nothing received needed, no line claimed. */
    @Test
    void aPrepaymentInvoiceIsCheckedAgainstTheOrderNotAgainstReceipts() {
        Invoice prepayment = read(SupplierInvoicesFixture.invoice("AZ-1", LocalDate.of(2026, 11, 2), "PO-4711"), "386");
        // 20 × 9.90 + 50 × 5.50 = 473.00 net; nothing received yet
        ThreeWayMatch.Result result = ThreeWayMatch.match(prepayment, List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.90", "0", "0"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "0", "0")), STRICT);
        assertThat(result.reasons()).isEmpty();
        assertThat(result.allocations()).isEmpty();

        ThreeWayMatch.Result beyond = ThreeWayMatch.match(prepayment, List.of(
                line("PO-4711", 1, "TB100A4", "20", "9.90", "0", "10"),
                line("PO-4711", 2, "ARNR2", "50", "5.50", "0", "0")), STRICT);
        assertThat(codes(beyond)).containsExactly("PREPAYMENT_ABOVE_ORDER");
        assertThat(beyond.reasons().get(0).message()).contains("473", "374.00");

        assertThat(codes(ThreeWayMatch.match(prepayment, List.of(line("PO-9", 1, "TB100A4", "20", "9.90", "0", "0")), STRICT)))
                .containsExactly("NO_PO");
    }

    private static ThreeWayMatch.OrderLine line(String po, int no, String sku, String ordered, String price, String received, String invoiced) {
        return new ThreeWayMatch.OrderLine(po, no, sku, "EUR", new BigDecimal(ordered), new BigDecimal(price), new BigDecimal(received),
                new BigDecimal(invoiced));
    }

    private static Invoice read(Spec spec) {
        return new InvoiceDocumentReader(1_000_000).read(SupplierInvoiceFactory.xrechnungCii(spec)).invoice();
    }

    /** The same invoice under another type code (BT-3). */
    private static Invoice read(Spec spec, String typeCode) {
        String xml = new String(SupplierInvoiceFactory.xrechnungCii(spec), java.nio.charset.StandardCharsets.UTF_8)
                .replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>" + typeCode + "</ram:TypeCode>");
        Invoice read = new InvoiceDocumentReader(1_000_000).read(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).invoice();
        assertThat(read.typeCode()).isEqualTo(typeCode);
        return read;
    }
}
