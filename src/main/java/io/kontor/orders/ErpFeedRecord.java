package io.kontor.orders;

import java.util.UUID;

/** One order version for the ERP feed: the same JSON goes to the topic (keyed) and into one file. */
public record ErpFeedRecord(UUID orderId, int revision, String kafkaKey, String fileName, String json) {
}
