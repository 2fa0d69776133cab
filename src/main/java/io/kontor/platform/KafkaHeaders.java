package io.kontor.platform;

/** Header names Kontor puts on its own Kafka records. */
public final class KafkaHeaders {
    public static final String SCHEMA_VERSION = "kontor-schema-version";
    public static final String DLQ_KIND = "kontor-dlq-kind";
    public static final String DLQ_REASON = "kontor-dlq-reason";
    public static final String DLQ_EXCEPTION = "kontor-dlq-exception";
    public static final String DLQ_ROUTE = "kontor-dlq-route";
    public static final String DLQ_SOURCE = "kontor-dlq-source";
    public static final String DLQ_ID = "kontor-dlq-id";
    public static final String DLQ_REPLAY_ENDPOINT = "kontor-dlq-replay-endpoint";

    private KafkaHeaders() {
    }
}
