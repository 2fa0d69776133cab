package io.kontor.orders;

import java.util.UUID;

/** One order version for the ERP feed: the same JSON goes to the topic (keyed) and into one file. */
public record ErpFeedRecord(UUID orderId, int revision, String kafkaKey, String fileName, String json) {

    /**
     * A record is its order version. Camel's bean cache hashes the list of records a route step is called on, which
     * by the record's default hashed every document's whole JSON.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ErpFeedRecord r && r.orderId.equals(orderId) && r.revision == revision;
    }

    @Override
    public int hashCode() {
        return orderId.hashCode() * 31 + revision;
    }
}
