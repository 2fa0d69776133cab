package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.model.Order;
import io.kontor.platform.BadInputException;
import io.kontor.platform.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The consumer side of the order queue, one Kafka batch at a time: bad records are quarantined one by one,
 * the rest are stored in one transaction, and each new version becomes one ERP feed record. Offsets are
 * committed only after the feed went out, so a crash replays the batch and the replay changes nothing.
 */
@Component("orderIntake")
public class OrderIntake {

    static final String BATCH = "kontorKafkaBatch";
    static final String FEED = "kontorErpFeed";

    private final ObjectMapper json;
    private final OrderRepository orders;
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Timer processing;

    public OrderIntake(ObjectMapper json, OrderRepository orders, DeadLetters deadLetters, TransactionTemplate tx,
                       MeterRegistry meters) {
        this.json = json;
        this.orders = orders;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.meters = meters;
        this.processing = Timer.builder("kontor.orders.processing").description("Time to store a batch of order versions")
                .register(meters);
    }

    private record Incoming(Order order, String sha256) {
    }

    /** Stores the batch; the body becomes the list of ERP feed records to publish. */
    public List<ErpFeedRecord> store(Exchange exchange) {
        List<?> batch = exchange.getMessage().getBody(List.class);
        exchange.setProperty(BATCH, batch);
        List<Incoming> incoming = new ArrayList<>(batch.size());
        for (Object item : batch) {
            Message record = ((Exchange) item).getMessage();
            try {
                incoming.add(parse(record));
            } catch (BadInputException e) {
                deadLetters.quarantine(exchange.getFromRouteId(), record, e.getMessage());
                meters.counter("kontor.orders.failed", "reason", "invalid").increment();
            }
        }
        List<ErpFeedRecord> feed = processing.record(() -> tx.execute(status -> storeAll(incoming)));
        exchange.setProperty(FEED, feed);
        return feed;
    }

    private List<ErpFeedRecord> storeAll(List<Incoming> incoming) {
        List<ErpFeedRecord> feed = new ArrayList<>();
        Set<UUID> unchanged = new LinkedHashSet<>();
        for (Incoming in : incoming) {
            try {
                var stored = orders.upsert(in.order(), in.sha256());
                if (stored.isPresent()) {
                    feed.add(feedRecord(stored.get()));
                    meters.counter("kontor.orders.stored", "channel", in.order().channel().name()).increment();
                } else {
                    unchanged.add(UUID.fromString(in.order().id()));
                    meters.counter("kontor.orders.duplicates", "channel", in.order().channel().name()).increment();
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Set<UUID> fresh = new LinkedHashSet<>();
        feed.forEach(f -> fresh.add(f.orderId()));
        unchanged.removeAll(fresh);
        for (OrderRepository.StoredVersion v : orders.unpublished(new ArrayList<>(unchanged))) {
            feed.add(feedRecord(v));
        }
        return feed;
    }

    private Incoming parse(Message record) {
        byte[] bytes = record.getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw new BadInputException("Empty message on the order queue");
        }
        Order order;
        try {
            order = json.readValue(bytes, Order.class);
        } catch (Exception e) {
            throw new BadInputException("Not a canonical order: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (order.schemaVersion() != Order.SCHEMA_VERSION) {
            throw new BadInputException("Unsupported order schema version " + order.schemaVersion());
        }
        OrderValidator.validate(order);
        if (order.raw() == null) {
            throw new BadInputException("Order " + order.channelOrderId() + " carries no raw channel payload");
        }
        try {
            return new Incoming(order, sha256(json.writeValueAsBytes(order.raw())));
        } catch (JsonProcessingException e) {
            throw new BadInputException("Raw payload cannot be serialised: " + e.getMessage(), e);
        }
    }

    private ErpFeedRecord feedRecord(OrderRepository.StoredVersion v) {
        ObjectNode doc = json.createObjectNode();
        doc.put("schemaVersion", v.order().schemaVersion());
        doc.put("orderId", v.orderId().toString());
        doc.put("revision", v.revision());
        ObjectNode order = json.valueToTree(v.order());
        order.remove("raw");
        doc.set("order", order);
        String file = v.order().channel().name().toLowerCase() + "/" + v.orderId() + "-r" + v.revision() + ".json";
        try {
            return new ErpFeedRecord(v.orderId(), v.revision(), v.order().kafkaKey(), file, json.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public void markPublished(Exchange exchange) {
        List<ErpFeedRecord> feed = exchange.getProperty(FEED, List.class);
        if (feed != null && !feed.isEmpty()) {
            orders.markPublished(feed);
            meters.counter("kontor.erp.feed.records").increment(feed.size());
        }
    }

    /** Commits the batch's offsets: everything in it is stored, fed to the ERP or parked. */
    public void commitOffsets(Exchange exchange) {
        List<?> batch = exchange.getProperty(BATCH, List.class);
        if (batch == null || batch.isEmpty()) {
            return;
        }
        Exchange last = (Exchange) batch.get(batch.size() - 1);
        KafkaManualCommit commit = last.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
