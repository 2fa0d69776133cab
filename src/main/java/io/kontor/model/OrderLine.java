package io.kontor.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One ordered item. Amounts are per line in both currencies; {@code productRefs} holds the channel's
 * own item references (variant gid, inventory item gid, ASIN, GTIN...).
 */
public record OrderLine(String channelLineId, String sku, Map<String, String> productRefs, String title,
                        int qtyOrdered, int qtyFulfilled, int qtyCancelled, int qtyRefunded,
                        MoneySet unitPrice, MoneySet lineSubtotal, MoneySet discount, MoneySet tax, MoneySet lineTotal,
                        String rawStatus, Map<String, JsonNode> extensions) {

    public OrderLine {
        productRefs = productRefs == null ? Map.of() : Map.copyOf(productRefs);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }
}
