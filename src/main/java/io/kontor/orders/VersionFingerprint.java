package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.model.Order;
import io.kontor.platform.BadInputException;
import io.kontor.platform.Digests;

import java.util.Set;

/**
 * What makes two deliveries the same order version, whatever shape the channel sent: the fingerprint of the
 * canonical business content, without the parts that only say how it arrived (raw payload, extensions, the
 * channel's own status words, API version) or that not every shape carries. A poll (GraphQL) and a webhook (REST) of one version therefore
 * meet as duplicates, while a second change within the same {@code updatedAt} second still counts as new.
 */
final class VersionFingerprint {

    /**
     * How it arrived, and what only some shapes can say: item references (GraphQL: variant and inventory item;
     * REST: product and variant) and the refunded total (REST lists refunds instead of totalling them).
     */
    private static final Set<String> SOURCE_SHAPE = Set.of("raw", "extensions", "rawStatuses", "rawStatus",
            "sourceApiVersion", "productRefs", "refundedTotal");

    private final ObjectMapper sorted;

    VersionFingerprint(ObjectMapper json) {
        // maps are serialised by key: Map.copyOf iterates in a different order in every JVM
        this.sorted = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .addMixIn(Order.class, WithoutRawPayload.class);
    }

    /** The order as stored: without its raw payload, maps by key. */
    ObjectNode tree(Order order) {
        return sorted.valueToTree(order);
    }

    String of(Order order) {
        return of(tree(order));
    }

    /** The fingerprint of an order's {@link #tree}, which stays as it is. */
    String of(JsonNode tree) {
        try {
            return Digests.sha256Hex(sorted.writeValueAsBytes(content(tree)));
        } catch (JsonProcessingException e) {
            throw new BadInputException("Order cannot be serialised: " + e.getOriginalMessage(), e);
        }
    }

    /** The part of the order the fingerprint covers. */
    JsonNode content(Order order) {
        return content(tree(order));
    }

    private static JsonNode content(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = object.objectNode();
            object.fields().forEachRemaining(f -> {
                if (!SOURCE_SHAPE.contains(f.getKey())) {
                    copy.set(f.getKey(), content(f.getValue()));
                }
            });
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode(array.size());
            array.forEach(element -> copy.add(content(element)));
            return copy;
        }
        return node; // values are immutable
    }
}
