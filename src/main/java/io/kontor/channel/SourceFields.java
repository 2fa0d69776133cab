package io.kontor.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel payload read field by field, so that whatever a mapper did not take ends up in the canonical
 * {@code extensions} map: the mapping is lossless by construction, and {@link #consumedPaths()} tells a
 * test exactly which source fields were mapped.
 */
public final class SourceFields {

    private final ObjectNode rest;
    private final String prefix;
    private final List<SourceFields> children = new ArrayList<>();
    /** What was taken, by path; spelled out leaf by leaf only when {@link #consumedPaths()} is asked (by tests). */
    private final Map<String, JsonNode> taken = new LinkedHashMap<>();

    /** Reads a copy: the payload itself stays whole (it is kept as the order's raw payload). */
    public SourceFields(JsonNode node) {
        this(object(node, "").deepCopy(), "");
    }

    /** A part of the parent's copy, read in place. */
    private SourceFields(ObjectNode node, String prefix) {
        this.rest = node;
        this.prefix = prefix;
    }

    private static ObjectNode object(JsonNode node, String prefix) {
        if (node == null || !node.isObject()) {
            throw new MappingException("Expected a JSON object" + (prefix.isEmpty() ? "" : " at " + prefix)
                    + " but got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return (ObjectNode) node;
    }

    /** Takes a field out of the remainder; a missing field reads as {@link MissingNode}. */
    public JsonNode take(String field) {
        JsonNode value = rest.remove(field);
        if (value == null) {
            return MissingNode.getInstance();
        }
        taken.put(prefix + field, value);
        return value;
    }

    /** Reads a field without taking it: it stays in the remainder (for values derived, not mapped). */
    public JsonNode peek(String field) {
        JsonNode value = rest.get(field);
        return value == null ? MissingNode.getInstance() : value;
    }

    public String text(String field) {
        JsonNode v = take(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    public String requiredText(String field) {
        String v = text(field);
        if (v == null || v.isBlank()) {
            throw new MappingException("Required field '" + prefix + field + "' is missing");
        }
        return v;
    }

    public Integer integer(String field) {
        JsonNode v = take(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.canConvertToExactIntegral() && !v.isTextual()) {
            throw new MappingException("Field '" + prefix + field + "' is not an integer: " + v);
        }
        try {
            return v.isTextual() ? Integer.parseInt(v.asText().trim()) : v.decimalValue().intValueExact();
        } catch (RuntimeException e) {
            throw new MappingException("Field '" + prefix + field + "' is not an integer: " + v);
        }
    }

    public Instant instant(String field) {
        String v = text(field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException e) {
            throw new MappingException("Field '" + prefix + field + "' is not an ISO-8601 timestamp: " + v);
        }
    }

    public Instant requiredInstant(String field) {
        Instant v = instant(field);
        if (v == null) {
            throw new MappingException("Required field '" + prefix + field + "' is missing");
        }
        return v;
    }

    /** A nested object read field by field too; what it leaves is kept under {@code field.name}. */
    public SourceFields object(String field) {
        JsonNode v = rest.remove(field);
        if (v == null || v.isNull()) {
            if (v != null) {
                taken.put(prefix + field, v);
            }
            return null;
        }
        SourceFields child = new SourceFields(object(v, prefix + field + "."), prefix + field + ".");
        children.add(child);
        return child;
    }

    /**
     * One element of an array field, read field by field like a nested object; what it leaves is kept under
     * {@code field[index].name}. Null when there is no such element.
     */
    public SourceFields element(String field, int index) {
        JsonNode array = rest.get(field);
        if (array == null || !array.isArray() || array.size() <= index || !array.get(index).isObject()) {
            return null;
        }
        SourceFields child = new SourceFields((ObjectNode) array.get(index), prefix + field + "[" + index + "].");
        children.add(child);
        if (array.size() == 1) {
            rest.remove(field);
        } else {
            // the other elements stay where they are; this one is now read through the child
            ((com.fasterxml.jackson.databind.node.ArrayNode) array).set(index, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return child;
    }

    /** What no mapper took, flattened one level per nested object ({@code shipping_address.latitude}). */
    public Map<String, JsonNode> remainder() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect(out, "");
        return out;
    }

    private void collect(Map<String, JsonNode> out, String keyPrefix) {
        Iterator<Map.Entry<String, JsonNode>> it = rest.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(keyPrefix + e.getKey(), e.getValue());
        }
        for (SourceFields child : children) {
            child.collect(out, keyPrefix + child.prefix.substring(prefix.length()));
        }
    }

    /** Dotted paths of every source leaf some mapper took (array items as {@code [i]}). */
    public Set<String> consumedPaths() {
        Set<String> all = new LinkedHashSet<>();
        taken.forEach((path, value) -> leaves(path, value, all));
        children.forEach(c -> all.addAll(c.consumedPaths()));
        return all;
    }

    private static void leaves(String path, JsonNode value, Set<String> out) {
        if (value.isObject() && value.size() > 0) {
            value.fields().forEachRemaining(e -> leaves(path + "." + e.getKey(), e.getValue(), out));
        } else if (value.isArray() && value.size() > 0) {
            for (int i = 0; i < value.size(); i++) {
                leaves(path + "[" + i + "]", value.get(i), out);
            }
        } else {
            out.add(path);
        }
    }
}
