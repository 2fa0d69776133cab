package io.kontor.orders;

import io.kontor.platform.KafkaRecords;
import io.kontor.model.HoldReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.kontor.fulfilment.OrderAllocation;
import io.kontor.model.Order;
import io.kontor.model.PaymentStatus;
import io.kontor.platform.BadInputException;
import io.kontor.platform.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private final CanonicalOrders canonicals;
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Timer processing;
    private final OrderChecks checks;
    private final OrderAllocation allocation;
    private final RegisteredChannels channels;

    public OrderIntake(ObjectMapper json, OrderRepository orders, CanonicalOrders canonicals, DeadLetters deadLetters, TransactionTemplate tx,
                       MeterRegistry meters, OrderAllocation allocation, RegisteredChannels channels,
                       @Value("${kontor.orders.payment-gate:PENDING,AUTHORIZED}") Set<PaymentStatus> paymentGate) {
        this.allocation = allocation;
        this.channels = channels;
        this.checks = new OrderChecks(paymentGate);
        this.json = json;
        this.orders = orders;
        this.canonicals = canonicals;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.meters = meters;
        this.processing = Timer.builder("kontor.orders.processing").description("Time to store a batch of order versions")
                .register(meters);
    }

    /** Stores the batch; the body becomes the list of ERP feed records to publish. */
    public List<ErpFeedRecord> store(Exchange exchange) {
        List<?> batch = exchange.getMessage().getBody(List.class);
        exchange.setProperty(BATCH, batch);
        List<OrderRepository.Candidate> candidates = new ArrayList<>(batch.size());
        for (Object item : batch) {
            Message record = ((Exchange) item).getMessage();
            try {
                candidates.add(parse(record));
            } catch (BadInputException e) {
                deadLetters.quarantine(exchange.getFromRouteId(), record, e.getMessage());
                meters.counter("kontor.orders.failed", "reason", "invalid", "stage", "intake").increment();
            }
        }
        List<ErpFeedRecord> feed = processing.record(() -> tx.execute(status -> storeAll(withHolds(candidates))));
        exchange.setProperty(FEED, feed);
        return feed;
    }

    /** Each version's holds, less those a person released on its order before. */
    private List<OrderRepository.Candidate> withHolds(List<OrderRepository.Candidate> candidates) {
        Map<UUID, List<OrderRepository.HoldRelease>> released = orders.holdReleases(
                candidates.stream().map(c -> UUID.fromString(c.order().id())).distinct().toList());
        List<OrderRepository.Candidate> out = new ArrayList<>(candidates.size());
        for (OrderRepository.Candidate c : candidates) {
            List<OrderRepository.HoldRelease> releases = released.getOrDefault(UUID.fromString(c.order().id()), List.of());
            Set<String> cleared = new HashSet<>();
            releases.forEach(r -> cleared.add(r.code()));
            List<HoldReason> holds = checks.holdsFor(c.order()).stream().filter(h -> !cleared.contains(h.code())).toList();
            holds.forEach(h -> meters.counter("kontor.orders.held", "code", h.code()).increment());
            out.add(new OrderRepository.Candidate(c.order(), c.tree(), c.rawJson(), c.contentSha256(), holds, releases));
        }
        return out;
    }

    /**
     * The new versions are found (their orders locked), their stock booked in memory, then each order row is written
     * once with its routing and holds, and the book after it: a version is stored with its reservations or not at all,
     * and a replayed batch finds them done.
     */
    private List<ErpFeedRecord> storeAll(List<OrderRepository.Candidate> candidates) {
        List<OrderRepository.NewVersion> fresh = orders.newVersions(candidates);
        OrderAllocation.Booking booking = allocation.book(fresh.stream()
                .map(v -> new OrderAllocation.Target(v.orderId(), v.candidate().order())).toList());
        List<ObjectNode> trees = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            OrderAllocation.Result r = booking.results().get(i);
            r.holds().forEach(h -> meters.counter("kontor.orders.held", "code", h.code()).increment());
            trees.add(canonicals.canonical(fresh.get(i).candidate(), r.routing(), r.holds()));
        }
        List<OrderRepository.StoredVersion> stored = orders.store(fresh, trees);
        booking.write();
        List<ErpFeedRecord> feed = new ArrayList<>();
        Set<UUID> freshIds = new HashSet<>();
        for (OrderRepository.StoredVersion v : stored) {
            feed.add(feedRecord(v));
            freshIds.add(v.orderId());
            meters.counter("kontor.orders.stored", "channel", v.order().channel().name()).increment();
        }
        // a version seen before may still lack its ERP record: the crash came between store and publish
        Set<UUID> unchanged = new LinkedHashSet<>();
        for (OrderRepository.Candidate c : candidates) {
            UUID id = UUID.fromString(c.order().id());
            if (!freshIds.contains(id) && unchanged.add(id)) {
                meters.counter("kontor.orders.duplicates", "channel", c.order().channel().name()).increment();
            }
        }
        for (OrderRepository.StoredVersion v : orders.unpublished(new ArrayList<>(unchanged))) {
            feed.add(feedRecord(v));
        }
        return feed;
    }

    private OrderRepository.Candidate parse(Message record) {
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
        channels.require(order.channel());
        if (order.raw() == null) {
            throw new BadInputException("Order " + order.channelOrderId() + " carries no raw channel payload");
        }
        return orders.candidate(order);
    }

    /** The ERP document: the stored canonical order (without the raw payload) under its id and revision. */
    private ErpFeedRecord feedRecord(OrderRepository.StoredVersion v) {
        ObjectNode doc = json.createObjectNode();
        doc.put("schemaVersion", v.order().schemaVersion());
        doc.put("orderId", v.orderId().toString());
        doc.put("revision", v.revision());
        doc.putRawValue("order", new RawValue(v.canonicalJson()));
        String file = v.order().channel().name().toLowerCase() + "/" + v.orderId() + "-r" + v.revision() + ".json";
        try {
            return new ErpFeedRecord(v.orderId(), v.revision(), v.order().kafkaKey(), file, json.writeValueAsString(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the outbox relay: feed records of versions still unpublished after 10 s. */
    public List<ErpFeedRecord> pendingFeed(Exchange exchange) {
        List<ErpFeedRecord> feed = orders.pendingFeed(java.time.Duration.ofSeconds(10), 500).stream().map(this::feedRecord).toList();
        exchange.setProperty(FEED, feed);
        if (!feed.isEmpty()) {
            meters.counter("kontor.erp.feed.relayed").increment(feed.size());
        }
        return feed;
    }

    /** The feed records as Kafka messages, each keyed by its order's natural key, for one batch send. */
    public List<Message> feedMessages(Exchange exchange) {
        List<ErpFeedRecord> feed = feed(exchange);
        List<Message> out = new ArrayList<>(feed.size());
        for (ErpFeedRecord r : feed) {
            out.add(KafkaRecords.message(exchange, r.kafkaKey(), r.json(), null));
        }
        return out;
    }

    public void markPublished(Exchange exchange) {
        List<ErpFeedRecord> feed = feed(exchange);
        if (!feed.isEmpty()) {
            orders.markPublished(feed);
            meters.counter("kontor.erp.feed.records").increment(feed.size());
        }
    }

    /** Commits the batch's offsets: everything in it is stored, fed to the ERP or parked. */
    public void commitOffsets(Exchange exchange) {
        io.kontor.platform.KafkaHeaders.commitBatch(exchange.getProperty(BATCH, List.class));
    }

    @SuppressWarnings("unchecked")
    private static List<ErpFeedRecord> feed(Exchange exchange) {
        List<ErpFeedRecord> feed = exchange.getProperty(FEED, List.class);
        return feed == null ? List.of() : feed;
    }
}
