package io.kontor.platform;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/** Records for a batch send to Kafka ({@code batchWithIndividualHeaders}): each message its own key and headers. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /** A message with its own record key and, when it is a canonical document, its schema version. */
    public static Message message(Exchange exchange, String key, String body, String schemaVersion) {
        Message m = new DefaultMessage(exchange);
        m.setHeader(KafkaConstants.KEY, key);
        if (schemaVersion != null) {
            m.setHeader(KafkaHeaders.SCHEMA_VERSION, schemaVersion);
        }
        m.setBody(body);
        return m;
    }
}
