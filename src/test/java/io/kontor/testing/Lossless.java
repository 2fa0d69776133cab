package io.kontor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kontor.channel.MappedOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The lossless-mapping check: every leaf of a channel payload is mapped or kept in the order's or a line's extensions. */
public final class Lossless {

    private Lossless() {
    }

    /** @param linesField the dotted path of the payload's line array ({@code line_items}, {@code lineItems.nodes}, {@code OrderItems}) */
    public static void assertLossless(JsonNode raw, MappedOrder mapped, String linesField) {
        List<String> kept = new ArrayList<>(mapped.order().extensions().keySet());
        for (int i = 0; i < mapped.order().lines().size(); i++) {
            for (String k : mapped.order().lines().get(i).extensions().keySet()) {
                kept.add(linesField + "[" + i + "]." + k);
            }
        }
        Set<String> leaves = JsonLeaves.of(raw);
        List<String> lost = leaves.stream()
                .filter(leaf -> !mapped.consumedPaths().contains(leaf) && !JsonLeaves.coveredBy(leaf, kept))
                .toList();
        assertThat(lost).as("source fields neither mapped nor kept in extensions").isEmpty();
    }
}
