package io.kontor.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** Dotted paths of every leaf of a JSON tree ({@code a.b[0].c}), for lossless-mapping checks. */
public final class JsonLeaves {

    private JsonLeaves() {
    }

    public static Set<String> of(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        walk(node, "", out);
        return out;
    }

    private static void walk(JsonNode node, String path, Set<String> out) {
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.add(path);
        }
    }

    /** True if {@code leaf} is one of {@code keys} or lies under one of them. */
    public static boolean coveredBy(String leaf, Collection<String> keys) {
        for (String k : keys) {
            if (leaf.equals(k) || leaf.startsWith(k + ".") || leaf.startsWith(k + "[")) {
                return true;
            }
        }
        return false;
    }
}
