package io.kontor.shipping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.platform.KafkaRecords;
import io.kontor.platform.JsonColumns;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ERP's shipment feed: every parcel the warehouse reported gone, once, as the shipment JSON of the API (order,
 * lines, carrier, tracking number, shipped at) on {@code kontor.erp.shipments.v1}, keyed by the order id, and as a
 * file. An outbox: the rows are marked only after the batch is on Kafka, so a crash sends a parcel again rather than
 * never (the ERP keys on the shipment id).
 */
@Component("shipmentFeed")
public class ShipmentFeed {

    static final String IDS = "kontorShipmentFeedIds";
    static final String DOCS = "kontorShipmentFeedDocs";

    private final JdbcTemplate jdbc;
    private final Shipments shipments;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public ShipmentFeed(JdbcTemplate jdbc, Shipments shipments, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.shipments = shipments;
        this.json = json;
        this.meters = meters;
    }

    /** Shipped parcels not yet fed, oldest first, as Kafka messages; the exchange keeps their ids and documents. */
    public List<Message> pending(Exchange exchange) throws Exception {
        List<Map<String, Object>> unfed = shipments.unfed(500);
        List<UUID> ids = new ArrayList<>(unfed.size());
        List<Message> out = new ArrayList<>(unfed.size());
        List<Map<String, String>> docs = new ArrayList<>(unfed.size());
        for (Map<String, Object> shipment : unfed) {
            UUID id = (UUID) shipment.get("id");
            ids.add(id);
            String doc = json.writeValueAsString(shipment);
            out.add(KafkaRecords.message(exchange, String.valueOf(shipment.get("orderId")), doc, null));
            docs.add(Map.of("fileName", "shipments/" + id + ".json", "json", doc));
        }
        exchange.setProperty(IDS, ids);
        exchange.setProperty(DOCS, docs);
        return out;
    }

    /** The batch is on Kafka (and in the folder): its parcels are fed. */
    public void published(Exchange exchange) {
        int marked = JsonColumns.markPublished(exchange, IDS, jdbc, "update shipments set erp_published_at = now() where id = any(?)");
        meters.counter("kontor.erp.shipments.records").increment(marked);
    }
}
