package io.kontor.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Parks what cannot be processed, so nothing is ever dropped: the original message goes to the dead-letter
 * topic with its reason in headers (durable even while PostgreSQL is down), and the dead-letter route
 * projects that topic into the {@code dead_letters} table, from where the API lists and replays it.
 */
@Component("deadLetters")
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /** Exchange property naming the message's business key where it has no Kafka key yet. */
    public static final String MESSAGE_KEY = "kontorMessageKey";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final ProducerTemplate producer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final KontorProperties props;
    private final MeterRegistry meters;

    public DeadLetters(ProducerTemplate producer, JdbcTemplate jdbc, ObjectMapper json, KontorProperties props, MeterRegistry meters) {
        this.producer = producer;
        this.jdbc = jdbc;
        this.json = json;
        this.props = props;
        this.meters = meters;
    }

    /**
     * Called by the shared error handling once an exchange has failed for good. A batch (consumed Kafka records
     * or messages about to be sent) is parked record by record, each with its own key and replay target.
     */
    public void park(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        DeadLetter.Kind kind = cause instanceof BadInputException ? DeadLetter.Kind.QUARANTINE : DeadLetter.Kind.DEAD_LETTER;
        String reason = reason(cause);
        String routeId = exchange.getFromRouteId();
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> batch && !batch.isEmpty()
                && (batch.get(0) instanceof Exchange || batch.get(0) instanceof Message)) {
            for (Object record : batch) {
                Message m = record instanceof Exchange e ? e.getMessage() : (Message) record;
                send(kind, routeId, reason, cause, m);
            }
        } else {
            send(kind, routeId, reason, cause, exchange.getMessage());
        }
    }

    /** Quarantines one consumed record whose content is bad, without failing the rest of its batch. */
    public void quarantine(String routeId, Message record, String reason) {
        send(DeadLetter.Kind.QUARANTINE, routeId, reason, null, record);
    }

    private void send(DeadLetter.Kind kind, String routeId, String reason, Throwable cause, Message original) {
        String topic = original.getHeader(KafkaConstants.TOPIC, String.class);
        Object key = original.getHeader(KafkaConstants.KEY);
        if (key == null) {
            key = original.getExchange().getProperty(MESSAGE_KEY);
        }
        Object payload = original.getBody();
        byte[] bytes = payload == null ? new byte[0]
                : payload instanceof byte[] b ? b : payload.toString().getBytes(StandardCharsets.UTF_8);
        // the same record (or the same polled payload) parked twice is one dead letter: polls overlap
        String identity = topic != null
                ? routeId + "|" + topic + "/" + original.getHeader(KafkaConstants.PARTITION) + "@" + original.getHeader(KafkaConstants.OFFSET)
                : bytes.length == 0
                ? routeId + "|" + reason + "|" + Instant.now() // an incident without a message: each one counts
                : routeId + "|" + key + "|" + Digests.sha256Hex(bytes);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(KafkaHeaders.DLQ_KIND, kind.name());
        headers.put(KafkaHeaders.DLQ_REASON, reason);
        headers.put(KafkaHeaders.DLQ_ROUTE, routeId == null ? "unknown" : routeId);
        headers.put(KafkaHeaders.DLQ_ID, UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString());
        if (cause != null) {
            headers.put(KafkaHeaders.DLQ_EXCEPTION, cause.getClass().getName());
        }
        if (topic != null) {
            headers.put(KafkaHeaders.DLQ_SOURCE, topic + "/" + original.getHeader(KafkaConstants.PARTITION) + "@"
                    + original.getHeader(KafkaConstants.OFFSET));
            headers.put(KafkaHeaders.DLQ_REPLAY_ENDPOINT, "kafka:" + topic);
        }
        if (key != null) {
            headers.put(KafkaConstants.KEY, key.toString());
        }
        producer.sendBodyAndHeaders("kafka:" + props.topics().deadLetters(), bytes, headers);
        count(kind, routeId);
        log.warn("{} message from route {} (key {}): {}", kind == DeadLetter.Kind.QUARANTINE ? "Quarantined" : "Dead-lettered",
                routeId, key, reason);
    }

    private void count(DeadLetter.Kind kind, String routeId) {
        meters.counter("kontor.deadletters", "kind", kind.name(), "route", routeId == null ? "unknown" : routeId).increment();
    }

    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    // ---- the table projection and the API side ---------------------------------------------------

    /** Projects one dead-letter topic record into the table; a redelivered record changes nothing. */
    public void record(Exchange exchange) throws JsonProcessingException {
        Message m = exchange.getMessage();
        String id = m.getHeader(KafkaHeaders.DLQ_ID, String.class);
        if (id == null) {
            id = UUID.nameUUIDFromBytes((m.getHeader(KafkaConstants.PARTITION) + "@" + m.getHeader(KafkaConstants.OFFSET))
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        m.getHeaders().forEach((k, v) -> {
            if (!k.startsWith("kafka.") && !k.startsWith("Camel") && !k.startsWith("kontor-dlq-") && v != null) {
                headers.put(k, KafkaHeaders.text(v));
            }
        });
        String kind = KafkaHeaders.text(m, KafkaHeaders.DLQ_KIND);
        jdbc.update("""
                        insert into dead_letters (id, kind, route_id, source, message_key, reason, exception_type, headers, payload, replay_endpoint)
                        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (id) do nothing""",
                UUID.fromString(id), kind == null ? DeadLetter.Kind.DEAD_LETTER.name() : kind,
                Optional.ofNullable(KafkaHeaders.text(m, KafkaHeaders.DLQ_ROUTE)).orElse("unknown"),
                KafkaHeaders.text(m, KafkaHeaders.DLQ_SOURCE), KafkaHeaders.text(m, KafkaConstants.KEY),
                Optional.ofNullable(KafkaHeaders.text(m, KafkaHeaders.DLQ_REASON)).orElse("unknown"),
                KafkaHeaders.text(m, KafkaHeaders.DLQ_EXCEPTION), json.writeValueAsString(headers),
                m.getBody(byte[].class), KafkaHeaders.text(m, KafkaHeaders.DLQ_REPLAY_ENDPOINT));
    }

    public List<DeadLetter> list(DeadLetter.Status status, int limit, long offset) {
        return jdbc.query("select * from dead_letters where (?::varchar is null or status = ?) order by created_at desc limit ? offset ?",
                rowMapper(), status == null ? null : status.name(), status == null ? null : status.name(), limit, offset);
    }

    public long count(DeadLetter.Status status) {
        Long n = jdbc.queryForObject("select count(*) from dead_letters where (?::varchar is null or status = ?)", Long.class,
                status == null ? null : status.name(), status == null ? null : status.name());
        return n == null ? 0 : n;
    }

    public Optional<DeadLetter> find(UUID id) {
        return jdbc.query("select * from dead_letters where id = ?", rowMapper(), id).stream().findFirst();
    }

    /** Sends a parked message back to where it came from, once; the replay is recorded with who asked. */
    public DeadLetter replay(UUID id, String user) {
        DeadLetter letter = find(id).orElseThrow(() -> new java.util.NoSuchElementException("No dead letter " + id));
        if (!letter.replayable()) {
            throw new IllegalStateException("Dead letter " + id + " cannot be replayed (status " + letter.status()
                    + (letter.replayEndpoint() == null ? ", no source to replay to" : "") + ")");
        }
        int claimed = jdbc.update("update dead_letters set status = 'REPLAYED', replayed_at = now(), replayed_by = ? where id = ? and status = 'PARKED'",
                user, id);
        if (claimed == 0) {
            throw new IllegalStateException("Dead letter " + id + " was replayed concurrently");
        }
        Map<String, Object> headers = new LinkedHashMap<>(letter.headers());
        if (letter.messageKey() != null) {
            headers.put(KafkaConstants.KEY, letter.messageKey());
        }
        headers.put("kontor-replayed-from", id.toString());
        producer.sendBodyAndHeaders(letter.replayEndpoint(), letter.payload(), headers);
        log.info("Dead letter {} replayed to {} by {}", id, letter.replayEndpoint(), user);
        return find(id).orElseThrow();
    }

    private RowMapper<DeadLetter> rowMapper() {
        return (rs, i) -> {
            Map<String, String> headers;
            try {
                headers = json.readValue(rs.getString("headers"), STRING_MAP);
            } catch (JsonProcessingException e) {
                headers = Map.of();
            }
            return new DeadLetter(rs.getObject("id", UUID.class), DeadLetter.Kind.valueOf(rs.getString("kind")),
                    rs.getString("route_id"), rs.getString("source"), rs.getString("message_key"), rs.getString("reason"),
                    rs.getString("exception_type"), headers, rs.getBytes("payload"), rs.getString("replay_endpoint"),
                    DeadLetter.Status.valueOf(rs.getString("status")), instant(rs.getTimestamp("created_at")),
                    instant(rs.getTimestamp("replayed_at")), rs.getString("replayed_by"));
        };
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
