package io.kontor.platform;

/** Header names Kontor puts on its own Kafka records, and the commit of a consumed batch. */
public final class KafkaHeaders {
    public static final String SCHEMA_VERSION = "kontor-schema-version";
    public static final String DLQ_KIND = "kontor-dlq-kind";
    public static final String DLQ_REASON = "kontor-dlq-reason";
    public static final String DLQ_EXCEPTION = "kontor-dlq-exception";
    public static final String DLQ_ROUTE = "kontor-dlq-route";
    public static final String DLQ_SOURCE = "kontor-dlq-source";
    public static final String DLQ_ID = "kontor-dlq-id";
    public static final String DLQ_REPLAY_ENDPOINT = "kontor-dlq-replay-endpoint";

    /**
     * Commits the offsets of a consumed batch (the body of a batching Kafka consumer, manual commit): the last
     * record's commit covers every record before it.
     */
    public static void commitBatch(java.util.List<?> batch) {
        if (batch == null || batch.isEmpty()) {
            return;
        }
        org.apache.camel.component.kafka.consumer.KafkaManualCommit commit = ((org.apache.camel.Exchange) batch.get(batch.size() - 1))
                .getMessage().getHeader(org.apache.camel.component.kafka.KafkaConstants.MANUAL_COMMIT,
                        org.apache.camel.component.kafka.consumer.KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }

    /** A header of a consumed record as text: Kafka hands header values back as bytes (UTF-8 as Kontor writes them). */
    public static String text(org.apache.camel.Message m, String name) {
        return text(m.getHeader(name));
    }

    /** A header value as text, whether Kafka handed it back as bytes or Camel holds it as an object. */
    public static String text(Object value) {
        return value == null ? null : value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : value.toString();
    }

    private KafkaHeaders() {
    }
}
