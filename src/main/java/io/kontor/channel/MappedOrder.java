package io.kontor.channel;

import io.kontor.model.Order;

import java.util.List;

/** A canonical order and the dotted source paths its mapping consumed (for lossless checks). */
public record MappedOrder(Order order, List<String> consumedPaths) {
}
