package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.model.InvoiceKind;
import io.kontor.model.InvoiceLine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Line-level 3-way match: each invoice line against the purchase order lines it bills (by the order line reference
 * BT-132, else by item id on the referenced order, else on the supplier's other open orders) and against what the
 * warehouses received. Quantities are cumulative — what earlier invoices billed on a line counts — so partial
 * deliveries, several invoices per order and several orders per invoice come out right; a credit note gives billed
 * quantity back. The result names every reason a line does not match; no reason, and the invoice is MATCHED.
 */
public final class ThreeWayMatch {

    /** One purchase order line as matching sees it: ordered, received so far, billed so far by other invoices. */
    public record OrderLine(String purchaseOrder, int lineNo, String sku, String currency, BigDecimal ordered, BigDecimal unitPrice,
                            BigDecimal received, BigDecimal invoiced) {
    }

    /** Why (part of) an invoice does not match; {@code line} is the invoice line id, null for the whole invoice. */
    public record Reason(String code, String line, String message) {
    }

    /** Quantity of an invoice line billed on one purchase order line (negative for a credit note). */
    public record Allocation(String invoiceLine, String purchaseOrder, int lineNo, BigDecimal quantity) {
    }

    public record Result(List<Reason> reasons, List<Allocation> allocations) {
        public boolean matched() {
            return reasons.isEmpty();
        }
    }

    public static Result match(Invoice invoice, List<OrderLine> orderLines, MatchingProperties.Limits tolerance) {
        List<Reason> reasons = new ArrayList<>();
        List<Allocation> allocations = new ArrayList<>();
        // working copies: what this invoice bills counts for its own later lines too
        List<Open> open = orderLines.stream().map(Open::new).toList();
        String po = invoice.purchaseOrderReference();
        if (invoice.kind() == InvoiceKind.PREPAYMENT_INVOICE) {
            return prepayment(invoice, orderLines);
        }
        if (invoice.lines().isEmpty()) {
            reasons.add(new Reason("NO_LINES", null, "the invoice has no lines to match (a header-only profile): match it by hand"));
            return new Result(reasons, allocations);
        }
        if (po != null && open.stream().noneMatch(o -> o.line.purchaseOrder().equalsIgnoreCase(po))) {
            reasons.add(new Reason("NO_PO", null, "purchase order " + po + " is not known for this supplier"));
        } else if (po == null && open.isEmpty()) {
            reasons.add(new Reason("NO_PO", null, "the invoice names no purchase order and the supplier has none open"));
        }
        int sign = invoice.isCreditNote() ? -1 : 1;
        for (InvoiceLine line : billable(invoice.lines(), po, open)) {
            if (line.quantity() == null || line.quantity().signum() == 0) {
                continue; // a heading or text line: nothing billed
            }
            String id = line.id();
            BigDecimal quantity = line.quantity().multiply(BigDecimal.valueOf(sign));
            List<Open> candidates = candidates(line, po, open);
            if (candidates.isEmpty()) {
                reasons.add(new Reason("NO_PO_LINE", id, "item " + item(line) + " is on no purchase order"
                        + (po == null ? " of this supplier" : " line of " + po)));
                continue;
            }
            for (Open c : candidates) {
                if (!Objects.equals(c.line.currency(), invoice.currency())) {
                    reasons.add(new Reason("CURRENCY_MISMATCH", id, "invoiced in " + invoice.currency() + ", ordered in "
                            + c.line.currency() + " on " + c.line.purchaseOrder()));
                    break;
                }
            }
            if (quantity.signum() > 0) {
                bill(id, quantity, candidates, allocations, reasons, tolerance);
            } else {
                credit(id, quantity.negate(), candidates, allocations, reasons);
            }
            price(invoice, line, candidates, reasons, tolerance);
        }
        BigDecimal charges = invoice.allowancesCharges().stream().filter(Invoice.AllowanceCharge::charge)
                .map(Invoice.AllowanceCharge::amount).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (charges.compareTo(tolerance.chargesAbsolute()) > 0) {
            reasons.add(new Reason("CHARGES_NOT_ORDERED", null, "document charges of " + charges.toPlainString() + " " + invoice.currency()
                    + " are on no purchase order (allowed: " + tolerance.chargesAbsolute().toPlainString() + ")"));
        }
        return new Result(reasons, allocations);
    }

    /**
     * A prepayment invoice (386) asks for money before delivery, so nothing has been received to match it with: it must
     * name an order of the supplier, in its currency, and ask no more than the order's value not yet billed. It claims
     * no order line — the final invoice bills the goods and deducts what was prepaid (BT-113).
     */
    private static Result prepayment(Invoice invoice, List<OrderLine> orderLines) {
        String po = invoice.purchaseOrderReference();
        List<OrderLine> ordered = orderLines.stream().filter(l -> po != null && l.purchaseOrder().equalsIgnoreCase(po)).toList();
        List<Reason> reasons = new ArrayList<>();
        if (ordered.isEmpty()) {
            reasons.add(new Reason("NO_PO", null, po == null ? "a prepayment invoice must name the purchase order it is paid ahead for"
                    : "purchase order " + po + " is not known for this supplier"));
            return new Result(reasons, List.of());
        }
        if (ordered.stream().anyMatch(l -> !Objects.equals(l.currency(), invoice.currency()))) {
            reasons.add(new Reason("CURRENCY_MISMATCH", null, "invoiced in " + invoice.currency() + ", ordered in " + ordered.get(0).currency()
                    + " on " + po));
        }
        BigDecimal open = ordered.stream().map(l -> l.ordered().subtract(l.invoiced()).max(BigDecimal.ZERO).multiply(l.unitPrice()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal asked = invoice.totals() == null || invoice.totals().taxExclusive() == null ? null : invoice.totals().taxExclusive();
        if (asked == null || asked.compareTo(open) > 0) {
            reasons.add(new Reason("PREPAYMENT_ABOVE_ORDER", null, "the prepayment of " + (asked == null ? "?" : asked.toPlainString())
                    + " " + invoice.currency() + " (net) is more than the " + open.setScale(2, RoundingMode.HALF_UP).toPlainString()
                    + " still open on " + po));
        }
        return new Result(reasons, List.of());
    }

    /**
     * The lines to bill against the orders: a line made of sub-lines (a kit, a set) is billed whole where the order has
     * the whole, else by its parts — as deep as the document nests them.
     */
    private static List<InvoiceLine> billable(List<InvoiceLine> lines, String po, List<Open> open) {
        List<InvoiceLine> billable = new ArrayList<>();
        for (InvoiceLine line : lines) {
            boolean whole = line.quantity() != null && line.quantity().signum() != 0 && !candidates(line, po, open).isEmpty();
            if (line.subLines().isEmpty() || whole) {
                billable.add(line);
            } else {
                billable.addAll(billable(line.subLines(), po, open));
            }
        }
        return billable;
    }

    /** The order lines as the next invoice sees them once {@code allocations} are billed. */
    static List<OrderLine> billed(List<OrderLine> lines, List<Allocation> allocations) {
        return lines.stream().map(l -> {
            BigDecimal more = allocations.stream().filter(a -> a.lineNo() == l.lineNo() && a.purchaseOrder().equals(l.purchaseOrder()))
                    .map(Allocation::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            return more.signum() == 0 ? l : new OrderLine(l.purchaseOrder(), l.lineNo(), l.sku(), l.currency(), l.ordered(),
                    l.unitPrice(), l.received(), l.invoiced().add(more));
        }).toList();
    }

    /** Fill what was received and not yet billed, line after line; what is left is billed beyond the receipts or the order. */
    private static void bill(String id, BigDecimal quantity, List<Open> candidates, List<Allocation> allocations, List<Reason> reasons,
                             MatchingProperties.Limits tolerance) {
        BigDecimal left = quantity;
        for (Open c : candidates) {
            BigDecimal take = left.min(c.received().subtract(c.invoiced).max(BigDecimal.ZERO));
            if (take.signum() > 0) {
                c.invoiced = c.invoiced.add(take);
                allocations.add(new Allocation(id, c.line.purchaseOrder(), c.line.lineNo(), take));
                left = left.subtract(take);
            }
        }
        if (left.signum() == 0) {
            return;
        }
        // billed beyond what arrived: allowed within the quantity tolerance of the last candidate line
        Open last = candidates.get(candidates.size() - 1);
        BigDecimal slack = last.line.received().multiply(tolerance.quantityPercent()).divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP);
        BigDecimal beyondReceived = last.invoiced.add(left).subtract(last.line.received());
        last.invoiced = last.invoiced.add(left);
        allocations.add(new Allocation(id, last.line.purchaseOrder(), last.line.lineNo(), left));
        if (beyondReceived.compareTo(slack) > 0) {
            BigDecimal ordered = candidates.stream().map(o -> o.line.ordered()).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal billed = candidates.stream().map(o -> o.invoiced).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal received = candidates.stream().map(Open::received).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (billed.compareTo(ordered.add(ordered.multiply(tolerance.quantityPercent()).divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP))) > 0) {
                reasons.add(new Reason("QUANTITY_OVER_ORDER", id, "billed " + plain(billed) + " in all, ordered " + plain(ordered)));
            } else {
                reasons.add(new Reason("QUANTITY_NOT_RECEIVED", id, "billed " + plain(billed) + " in all, received " + plain(received)
                        + " so far"));
            }
        }
    }

    /** A credit note gives back what was billed, newest lines first. */
    private static void credit(String id, BigDecimal quantity, List<Open> candidates, List<Allocation> allocations, List<Reason> reasons) {
        BigDecimal left = quantity;
        for (int i = candidates.size() - 1; i >= 0 && left.signum() > 0; i--) {
            Open c = candidates.get(i);
            BigDecimal take = left.min(c.invoiced.max(BigDecimal.ZERO));
            if (take.signum() > 0) {
                c.invoiced = c.invoiced.subtract(take);
                allocations.add(new Allocation(id, c.line.purchaseOrder(), c.line.lineNo(), take.negate()));
                left = left.subtract(take);
            }
        }
        if (left.signum() > 0) {
            reasons.add(new Reason("CREDIT_EXCEEDS_BILLED", id, "credits " + plain(left) + " more than was billed on the order"));
        }
    }

    /** The invoice's net price per unit may exceed the order's by the tolerance; a lower price is the buyer's gain. */
    private static void price(Invoice invoice, InvoiceLine line, List<Open> candidates, List<Reason> reasons, MatchingProperties.Limits tolerance) {
        if (line.netPrice() == null) {
            return;
        }
        BigDecimal base = line.priceBaseQuantity() == null || line.priceBaseQuantity().signum() == 0 ? BigDecimal.ONE : line.priceBaseQuantity();
        BigDecimal unit = line.netPrice().divide(base, 6, RoundingMode.HALF_UP);
        BigDecimal ordered = candidates.get(0).line.unitPrice();
        if (ordered == null) {
            return;
        }
        BigDecimal allowed = ordered.multiply(tolerance.pricePercent()).divide(BigDecimal.valueOf(100), 6, RoundingMode.HALF_UP)
                .max(tolerance.priceAbsolute());
        if (unit.subtract(ordered).compareTo(allowed) > 0) {
            reasons.add(new Reason("PRICE_VARIANCE", line.id(), "unit price " + plain(unit) + " " + invoice.currency() + ", ordered at "
                    + plain(ordered) + " on " + candidates.get(0).line.purchaseOrder() + " (allowed up to " + plain(ordered.add(allowed)) + ")"));
        }
    }

    /**
     * The order lines a line bills: the referenced line of the referenced order; else the lines with its item, those
     * of the referenced order first, then those of the supplier's other orders, oldest first.
     */
    private static List<Open> candidates(InvoiceLine line, String po, List<Open> open) {
        if (po != null && line.orderLineReference() != null) {
            List<Open> exact = open.stream().filter(o -> o.line.purchaseOrder().equalsIgnoreCase(po)
                    && String.valueOf(o.line.lineNo()).equals(line.orderLineReference().strip())).toList();
            if (!exact.isEmpty()) {
                return exact;
            }
        }
        // the referenced order's lines first, then the supplier's other orders in order (the list comes oldest first)
        return open.stream().filter(o -> sameItem(o.line, line))
                .sorted(Comparator.comparing((Open o) -> po == null || !o.line.purchaseOrder().equalsIgnoreCase(po))).toList();
    }

    private static boolean sameItem(OrderLine order, InvoiceLine line) {
        return order.sku() != null && (order.sku().equalsIgnoreCase(nz(line.buyerItemId())) || order.sku().equalsIgnoreCase(nz(line.sellerItemId()))
                || order.sku().equalsIgnoreCase(nz(line.standardItemId())));
    }

    private static String item(InvoiceLine line) {
        return line.buyerItemId() != null ? line.buyerItemId() : line.sellerItemId() != null ? line.sellerItemId()
                : line.standardItemId() != null ? line.standardItemId() : "'" + line.itemName() + "'";
    }

    private static String nz(String s) {
        return s == null ? "" : s.strip();
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static final class Open {
        final OrderLine line;
        BigDecimal invoiced;

        Open(OrderLine line) {
            this.line = line;
            this.invoiced = line.invoiced();
        }

        BigDecimal received() {
            return line.received();
        }
    }

    private ThreeWayMatch() {
    }
}
