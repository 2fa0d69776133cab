package io.kontor.sandbox.woocommerce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;

/**
 * Checkouts at the emulated store: orders paid by card ({@code processing}) or waiting for a bank transfer
 * ({@code on-hold}, paid a little later), one to three lines of the sandbox catalogue, 19 % VAT on top of net prices,
 * a flat shipping rate; now and then one is cancelled before it ships.
 */
public final class WooCommerceTrafficGenerator {

    private static final BigDecimal VAT = new BigDecimal("0.19");
    private static final BigDecimal SHIPPING = new BigDecimal("4.90");
    private static final List<String[]> CUSTOMERS = List.of(
            new String[]{"Anna", "Schmidt", "Lindenstraße 12", "Berlin", "10115", "DE", "anna.schmidt@example.de"},
            new String[]{"Lukas", "Weber", "Hauptstraße 3", "München", "80331", "DE", "lukas.weber@example.de"},
            new String[]{"Sophie", "Martin", "12 rue de la Paix", "Paris", "75002", "FR", "sophie.martin@example.fr"},
            new String[]{"Jan", "de Vries", "Keizersgracht 100", "Amsterdam", "1015 CX", "NL", "jan.devries@example.nl"},
            new String[]{"Eva", "Novak", "Ringstraße 1", "Wien", "1010", "AT", "eva.novak@example.at"});

    private final SandboxWooStore store;
    private final Random random;

    public WooCommerceTrafficGenerator(SandboxWooStore store, long seed) {
        this.store = store;
        this.random = new Random(seed);
    }

    public synchronized ObjectNode createOrder() {
        String[] c = CUSTOMERS.get(random.nextInt(CUSTOMERS.size()));
        boolean card = random.nextDouble() < 0.8;
        ObjectNode o = store.object();
        o.put("parent_id", 0).put("created_via", "checkout").put("version", "9.4.2").put("status", card ? "processing" : "on-hold")
                .put("currency", "EUR").put("prices_include_tax", false).put("customer_id", 0).put("customer_ip_address", "203.0.113.7")
                .put("customer_user_agent", "Mozilla/5.0").put("customer_note", "")
                .put("payment_method", card ? "stripe" : "bacs").put("payment_method_title", card ? "Credit card" : "Direct bank transfer")
                .put("transaction_id", card ? "pi_" + Long.toHexString(random.nextLong()) : "").put("cart_hash", "");
        ObjectNode billing = o.putObject("billing");
        address(billing, c);
        billing.put("email", c[6]).put("phone", "+49 30 1234567");
        address(o.putObject("shipping"), c);
        o.putArray("meta_data");
        ArrayNode items = o.putArray("line_items");
        BigDecimal net = BigDecimal.ZERO;
        BigDecimal tax = BigDecimal.ZERO;
        int lines = 1 + random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            SandboxCatalog.Product p = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            int qty = 1 + random.nextInt(3);
            BigDecimal subtotal = p.price().multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP);
            BigDecimal lineTax = subtotal.multiply(VAT).setScale(2, RoundingMode.HALF_UP);
            ObjectNode item = items.addObject();
            item.put("id", store.nextId()).put("name", p.title()).put("product_id", 100 + SandboxCatalog.PRODUCTS.indexOf(p)).put("variation_id", 0)
                    .put("quantity", qty).put("tax_class", "").put("subtotal", money(subtotal)).put("subtotal_tax", money(lineTax))
                    .put("total", money(subtotal)).put("total_tax", money(lineTax)).put("sku", p.sku()).put("price", p.price().doubleValue());
            item.putArray("taxes").addObject().put("id", 1).put("total", money(lineTax)).put("subtotal", money(lineTax));
            item.putArray("meta_data");
            net = net.add(subtotal);
            tax = tax.add(lineTax);
        }
        BigDecimal shippingTax = SHIPPING.multiply(VAT).setScale(2, RoundingMode.HALF_UP);
        ObjectNode shipping = o.putArray("shipping_lines").addObject();
        shipping.put("id", store.nextId()).put("method_title", "Flat rate").put("method_id", "flat_rate").put("total", money(SHIPPING))
                .put("total_tax", money(shippingTax));
        shipping.putArray("taxes");
        shipping.putArray("meta_data");
        o.putArray("tax_lines").addObject().put("id", store.nextId()).put("rate_code", "DE-MWST-1").put("rate_id", 1).put("label", "MwSt.")
                .put("compound", false).put("tax_total", money(tax)).put("shipping_tax_total", money(shippingTax)).putArray("meta_data");
        o.putArray("fee_lines");
        o.putArray("coupon_lines");
        o.putArray("refunds");
        o.put("discount_total", "0.00").put("discount_tax", "0.00").put("shipping_total", money(SHIPPING)).put("shipping_tax", money(shippingTax))
                .put("cart_tax", money(tax)).put("total_tax", money(tax.add(shippingTax))).put("total", money(net.add(tax).add(SHIPPING).add(shippingTax)));
        o.putNull("date_completed").putNull("date_completed_gmt");
        if (card) {
            store.stamp(o, "date_paid", store.now());
        } else {
            o.putNull("date_paid").putNull("date_paid_gmt");
        }
        return store.create(o);
    }

    /** A bank transfer arrives (on-hold → processing), or now and then an open order is cancelled. */
    public synchronized void updateRandomOrder() {
        List<ObjectNode> open = store.orders().stream().filter(o -> List.of("on-hold", "processing").contains(o.path("status").asText())).toList();
        if (open.isEmpty()) {
            return;
        }
        ObjectNode o = open.get(random.nextInt(open.size()));
        long id = o.get("id").asLong();
        if ("on-hold".equals(o.path("status").asText())) {
            store.update(id, order -> {
                order.put("status", "processing");
                store.stamp(order, "date_paid", store.now());
            });
        } else if (random.nextDouble() < 0.05) {
            store.update(id, order -> order.put("status", "cancelled"));
        }
    }

    private static void address(ObjectNode a, String[] c) {
        a.put("first_name", c[0]).put("last_name", c[1]).put("company", "").put("address_1", c[2]).put("address_2", "").put("city", c[3])
                .put("state", "").put("postcode", c[4]).put("country", c[5]);
    }

    private static String money(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
