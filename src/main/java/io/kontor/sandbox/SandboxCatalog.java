package io.kontor.sandbox;

import java.math.BigDecimal;
import java.util.List;

/**
 * The sandbox retailer's assortment, sold on every sandbox channel: the same SKUs reach the hub from the web shop
 * and the marketplaces, so orders from different channels compete for the same stock.
 */
public final class SandboxCatalog {

    /** A product with its EUR list price and the ASIN it is listed under on Amazon. */
    public record Product(String sku, String title, BigDecimal price, String asin) {
    }

    public static final List<Product> PRODUCTS = List.of(
            product("TS-BLK-M", "Organic T-Shirt – Black / M", "24.90"), product("TS-BLK-L", "Organic T-Shirt – Black / L", "24.90"),
            product("TS-WHT-S", "Organic T-Shirt – White / S", "24.90"), product("HD-NAV-M", "Hoodie „Nordsee“ – Navy / M", "69.00"),
            product("HD-NAV-XL", "Hoodie „Nordsee“ – Navy / XL", "69.00"), product("JN-SLM-3232", "Slim Jeans 32/32", "89.95"),
            product("SK-WOL-3942", "Merino Socks 39–42", "12.50"), product("SK-WOL-4346", "Merino Socks 43–46", "12.50"),
            product("CP-GRY", "Beanie Grau", "19.00"), product("BG-CNV-NAT", "Canvas Tote – Natur", "15.90"),
            product("MG-CER-350", "Ceramic Mug 350 ml", "14.00"), product("CF-BN-1KG", "Café en grains 1 kg", "21.40"),
            product("TE-GRN-100", "Grüner Tee 100 g", "8.90"), product("NB-A5-DOT", "Notebook A5 dotted", "11.00"),
            product("PN-FNT-BLU", "Fountain pen – blue", "34.50"), product("UM-CMP-BLK", "Compact umbrella", "27.00"),
            product("SH-RUN-42", "Running shoe EU 42", "119.00"), product("SH-RUN-44", "Running shoe EU 44", "119.00"),
            product("JK-RAIN-M", "Rain jacket ÆRØ – M", "149.00"), product("GL-LTH-8", "Leather gloves size 8", "45.00"));

    private SandboxCatalog() {
    }

    private static Product product(String sku, String title, String price) {
        // a stable, ASIN-shaped identifier per SKU (B0 + 8 characters)
        String asin = "B0" + Integer.toString(Math.abs(sku.hashCode()) % 1_679_616 + 1_679_616, 36).toUpperCase(java.util.Locale.ROOT);
        return new Product(sku, title, new BigDecimal(price), (asin + "00000000").substring(0, 10));
    }
}
