package io.kontor.purchasing;

import io.kontor.model.VatIds;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.GoodsReceipt;
import io.kontor.model.PurchaseOrder;
import io.kontor.platform.BadInputException;
import io.kontor.platform.JsonColumns;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Purchase orders and goods receipts as the ERP and the WMS report them (V14). A purchase order sent again replaces
 * its lines (the ERP's latest revision counts); a goods receipt is stored once by its id — a report sent twice does
 * not receive the goods twice.
 */
@Repository
public class PurchaseOrders {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PurchaseOrders.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final io.kontor.stock.StockLedger stock;

    public PurchaseOrders(JdbcTemplate jdbc, ObjectMapper json, io.kontor.stock.StockLedger stock) {
        this.stock = stock;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional
    public String store(PurchaseOrder po) {
        require(po.number(), "a purchase order needs its number");
        require(po.supplierVatId(), "purchase order " + po.number() + " needs the supplier's VAT id (invoices are matched by it)");
        require(po.currency(), "purchase order " + po.number() + " needs its currency");
        if (po.lines().isEmpty()) {
            throw new BadInputException("purchase order " + po.number() + " has no lines");
        }
        for (PurchaseOrder.Line line : po.lines()) {
            if (line.quantity() == null || line.quantity().signum() <= 0) {
                throw new BadInputException("purchase order " + po.number() + " line " + line.lineNo() + " needs a positive quantity");
            }
        }
        jdbc.update("""
                insert into purchase_orders (number, supplier_key, supplier_name, currency, ordered_at, document, deliver_to)
                values (?, ?, ?, ?, ?, ?::jsonb, ?)
                on conflict (number) do update set supplier_key = excluded.supplier_key, supplier_name = excluded.supplier_name,
                    currency = excluded.currency, ordered_at = excluded.ordered_at, document = excluded.document,
                    deliver_to = excluded.deliver_to, updated_at = now()""",
                po.number(), VatIds.key(po.supplierVatId()), po.supplierName(), po.currency(),
                po.orderedAt() == null ? null : Date.valueOf(po.orderedAt()), JsonColumns.write(json, po), po.deliverTo());
        jdbc.update("delete from purchase_order_lines where po_number = ?", po.number());
        for (PurchaseOrder.Line line : po.lines()) {
            jdbc.update("insert into purchase_order_lines (po_number, line_no, sku, description, quantity, unit_price) values (?, ?, ?, ?, ?, ?)",
                    po.number(), line.lineNo(), line.sku(), line.description(), line.quantity(), line.unitPrice());
        }
        return po.number();
    }

    /**
     * Units of a SKU ordered from suppliers and not received yet, per warehouse they are to be delivered to (purchase
     * orders that name one); a line received in full or beyond counts 0.
     */
    public Map<String, Integer> inbound(String sku) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        jdbc.query("""
                select po.deliver_to, sum(greatest(l.quantity - coalesce(r.received, 0), 0))
                  from purchase_orders po join purchase_order_lines l on l.po_number = po.number
                  left join (select po_number, line_no, sum(quantity) as received from goods_receipt_lines group by po_number, line_no) r
                         on r.po_number = l.po_number and r.line_no = l.line_no
                 where po.deliver_to is not null and l.sku = ?
                 group by po.deliver_to""", rs -> {
            out.put(rs.getString(1), rs.getBigDecimal(2).setScale(0, java.math.RoundingMode.DOWN).intValueExact());
        }, sku);
        return out;
    }

    /** What a SKU last cost on a purchase order (net, per unit), with its currency; for valuing stock differences. */
    public record UnitCost(java.math.BigDecimal amount, String currency) {
    }

    public Map<String, UnitCost> lastUnitCosts(java.util.Collection<String> skus) {
        Map<String, UnitCost> out = new java.util.HashMap<>();
        jdbc.query("""
                select distinct on (l.sku) l.sku, l.unit_price, po.currency
                  from purchase_order_lines l join purchase_orders po on po.number = l.po_number
                 where l.sku = any(?) and l.unit_price is not null
                 order by l.sku, po.ordered_at desc nulls last, po.received_at desc""", rs -> {
            out.put(rs.getString(1), new UnitCost(rs.getBigDecimal(2), rs.getString(3)));
        }, (Object) skus.toArray(String[]::new));
        return out;
    }

    /** Stores the receipt unless its id was stored before; true when it was new. */
    @Transactional
    public boolean receive(GoodsReceipt receipt) {
        require(receipt.id(), "a goods receipt needs its id");
        require(receipt.purchaseOrder(), "goods receipt " + receipt.id() + " names no purchase order");
        if (receipt.lines().isEmpty()) {
            throw new BadInputException("goods receipt " + receipt.id() + " has no lines");
        }
        int inserted = jdbc.update("""
                insert into goods_receipts (id, po_number, warehouse, received_at, document) values (?, ?, ?, ?, ?::jsonb)
                on conflict (id) do nothing""",
                receipt.id(), receipt.purchaseOrder(), receipt.warehouse(),
                Timestamp.from(receipt.receivedAt() == null ? java.time.Instant.now() : receipt.receivedAt()), JsonColumns.write(json, receipt));
        if (inserted == 0) {
            return false;
        }
        for (GoodsReceipt.Line line : receipt.lines()) {
            if (line.quantity() == null) {
                throw new BadInputException("goods receipt " + receipt.id() + " line " + line.purchaseOrderLine() + " has no quantity");
            }
            jdbc.update("insert into goods_receipt_lines (receipt_id, po_number, line_no, quantity) values (?, ?, ?, ?)",
                    receipt.id(), receipt.purchaseOrder(), line.purchaseOrderLine(), line.quantity());
        }
        bookStock(receipt);
        return true;
    }

    /**
     * What arrived is on hand in the receiving warehouse, in the transaction that stores the receipt (booked once, as
     * the receipt is): one receipt movement per line, in SKU order as every stock writer locks. A receipt without a
     * warehouse, or a line whose SKU neither it nor its order line names, moves no stock (matching still counts it); a
     * return that would leave fewer units than are reserved for orders is refused whole, for a person to settle.
     */
    private void bookStock(GoodsReceipt receipt) {
        if (receipt.warehouse() == null || receipt.warehouse().isBlank()) {
            log.info("Goods receipt {} names no warehouse: matched, but no stock moved", receipt.id());
            return;
        }
        // a line names its SKU, or the purchase order line it fills does (when the order is known)
        Map<Integer, String> orderedSkus = new java.util.HashMap<>();
        jdbc.query("select line_no, sku from purchase_order_lines where po_number = ? and sku is not null",
                rs -> {
                    orderedSkus.put(rs.getInt(1), rs.getString(2));
                }, receipt.purchaseOrder());
        List<GoodsReceipt.Line> lines = receipt.lines().stream()
                .map(l -> l.sku() != null && !l.sku().isBlank() ? l : new GoodsReceipt.Line(l.purchaseOrderLine(),
                        orderedSkus.get(l.purchaseOrderLine()), l.quantity()))
                .filter(l -> l.sku() != null)
                .sorted(java.util.Comparator.comparing(GoodsReceipt.Line::sku)).toList();
        if (lines.size() < receipt.lines().size()) {
            log.info("Goods receipt {}: {} of its lines name no SKU and fill no known order line with one; no stock moved for them",
                    receipt.id(), receipt.lines().size() - lines.size());
        }
        for (GoodsReceipt.Line line : lines) {
            java.math.BigDecimal quantity = line.quantity().stripTrailingZeros();
            if (quantity.scale() > 0 || quantity.signum() == 0) {
                if (quantity.signum() == 0) {
                    continue;
                }
                throw new BadInputException("goods receipt " + receipt.id() + " line " + line.purchaseOrderLine() + ": " + line.quantity()
                        + " is not a whole number of units");
            }
            try {
                stock.receive(line.sku(), receipt.warehouse(), quantity.intValueExact(), "goods receipt " + receipt.id()
                        + " (" + receipt.purchaseOrder() + " line " + line.purchaseOrderLine() + ")");
            } catch (IllegalStateException e) {
                throw new BadInputException("goods receipt " + receipt.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The order with each line's ordered, received and billed quantities (for people and the ERP). */
    public Optional<Map<String, Object>> find(String number) {
        List<Map<String, Object>> head = jdbc.queryForList(
                "select number, supplier_key as \"supplierVatId\", supplier_name as \"supplierName\", currency, ordered_at as \"orderedAt\" "
                        + "from purchase_orders where number = ?", number);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>(head.get(0));
        out.put("lines", jdbc.queryForList("""
                select l.line_no as "lineNo", l.sku, l.description, l.quantity as ordered, l.unit_price as "unitPrice",
                       coalesce((select sum(r.quantity) from goods_receipt_lines r where r.po_number = l.po_number and r.line_no = l.line_no), 0) received,
                       coalesce((select sum(m.quantity) from invoice_matches m where m.po_number = l.po_number and m.line_no = l.line_no), 0) invoiced
                  from purchase_order_lines l where l.po_number = ? order by l.line_no""", number));
        return Optional.of(out);
    }

    public String supplierOf(String number) {
        return jdbc.query("select supplier_key from purchase_orders where number = ?", (rs, n) -> rs.getString(1), number)
                .stream().findFirst().orElse(null);
    }


    private static void require(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new BadInputException(message);
        }
    }
}
