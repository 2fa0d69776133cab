package io.kontor.channel.shopify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Available-to-sell to the Shopify shop (kontor.channels.shopify.stock.*).
 *
 * @param enabled   send stock figures (while the channel is on)
 * @param locations per Shopify location (its numeric id) the warehouses whose stock it shows; a location without
 *                  warehouses is left alone
 */
@ConfigurationProperties("kontor.channels.shopify.stock")
public record ShopifyStockProperties(@DefaultValue("true") boolean enabled, Map<String, List<String>> locations) {

    /** The locations as Shopify names them (gid://shopify/Location/…) with their warehouses. */
    public Map<String, List<String>> byLocationId() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (locations != null) {
            locations.forEach((id, warehouses) -> {
                List<String> codes = warehouses == null ? List.of() : warehouses.stream().map(String::strip).filter(w -> !w.isEmpty()).toList();
                if (!codes.isEmpty()) {
                    out.put(id.startsWith("gid://") ? id : "gid://shopify/Location/" + id, codes);
                }
            });
        }
        return out;
    }
}
