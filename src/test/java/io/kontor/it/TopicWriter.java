package io.kontor.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** What another system puts on a topic the hub reads: one record, sent and acknowledged. */
public final class TopicWriter {

    private TopicWriter() {
    }

    public static void send(String topic, String key, String value) throws Exception {
        sendAll(topic, java.util.List.of(Map.entry(key, value)));
    }

    /** Many records, as a system sending a burst would: batched by the producer, all acknowledged before this returns. */
    public static void sendAll(String topic, java.util.List<Map.Entry<String, String>> records) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBrokers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 5))) {
            java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (Map.Entry<String, String> r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }
}
