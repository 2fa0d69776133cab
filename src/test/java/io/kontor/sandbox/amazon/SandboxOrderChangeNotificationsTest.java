package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import io.kontor.testing.Corpus;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's ORDER_CHANGE notifications keep Amazon's own schema (schemas/notifications/OrderChangeNotification.json
 * in the corpus), and its SQS queue behaves as SQS does: at least once, a message not deleted within its visibility
 * timeout comes again, MD5 of the body as the SDK checks it.
 */
class SandboxOrderChangeNotificationsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void everyNotificationKeepsAmazonsOrderChangeSchema() throws Exception {
        JsonNode schemaDocument = json.readTree(Files.readString(Corpus.file("channels/sp-api-models/schemas/notifications/OrderChangeNotification.json")));
        // a draft-07 document whose keywords here (type, required, properties, items) mean the same in draft-04
        ((ObjectNode) schemaDocument).remove(java.util.List.of("$schema", "$id"));
        JsonSchema schema = JsonSchemaFactory.byDefault().getJsonSchema(schemaDocument);
        SandboxAmazonSeller seller = new SandboxAmazonSeller("A2SELLER");
        AmazonTrafficGenerator generator = new AmazonTrafficGenerator(seller, 5, clock);
        SandboxSqsQueue queue = new SandboxSqsQueue("q", "http://sqs.test/000000000000/q", Duration.ofSeconds(30), clock);
        SandboxOrderChangeNotifications notifications = new SandboxOrderChangeNotifications(queue, "app", 0, clock);
        seller.onChange(o -> notifications.changed("A2SELLER", o));
        for (int i = 0; i < 40; i++) {
            clock.advance(Duration.ofSeconds(1));
            generator.createOrder(Duration.ZERO);
            generator.updateRandomOrder();
        }
        JsonNode received = json.valueToTree(queue.handle("AmazonSQS.ReceiveMessage", "{\"QueueUrl\":\"http://sqs.test/000000000000/q\","
                + "\"MaxNumberOfMessages\":10}").body());
        assertThat(received.get("Messages")).hasSize(10);
        for (JsonNode m : received.get("Messages")) {
            JsonNode envelope = json.readTree(m.get("Body").asText());
            ProcessingReport report = schema.validate(envelope);
            assertThat(report.isSuccess()).as(report.toString()).isTrue();
            assertThat(m.get("MD5OfBody").asText()).isEqualTo(SandboxSqsQueue.md5(m.get("Body").asText()));
        }
        // the check has teeth: a notification without its id breaks the schema
        ObjectNode broken = (ObjectNode) json.readTree(received.at("/Messages/0/Body").asText());
        ((ObjectNode) broken.get("NotificationMetadata")).remove("NotificationId");
        assertThat(schema.validate(broken).isSuccess()).isFalse();
    }

    @Test
    void aMessageNotDeletedWithinItsVisibilityTimeoutIsDeliveredAgain() {
        SandboxSqsQueue queue = new SandboxSqsQueue("q", "http://sqs.test/000000000000/q", Duration.ofSeconds(30), clock);
        queue.send("{\"n\":1}");
        String url = "\"QueueUrl\":\"http://sqs.test/000000000000/q\"";
        JsonNode first = json.valueToTree(queue.handle("AmazonSQS.ReceiveMessage", "{" + url + "}").body());
        assertThat(first.get("Messages")).hasSize(1);
        assertThat(json.valueToTree(queue.handle("AmazonSQS.ReceiveMessage", "{" + url + "}").body()).has("Messages")).isFalse();
        clock.advance(Duration.ofSeconds(31));
        JsonNode again = json.valueToTree(queue.handle("AmazonSQS.ReceiveMessage", "{" + url + "}").body());
        assertThat(again.at("/Messages/0/Attributes/ApproximateReceiveCount").asText()).isEqualTo("2");
        // the first receipt is spent; the new one deletes
        assertThat(queue.handle("AmazonSQS.DeleteMessage", "{" + url + ",\"ReceiptHandle\":\"" + first.at("/Messages/0/ReceiptHandle").asText() + "\"}")
                .status()).isEqualTo(400);
        assertThat(queue.handle("AmazonSQS.DeleteMessage", "{" + url + ",\"ReceiptHandle\":\"" + again.at("/Messages/0/ReceiptHandle").asText() + "\"}")
                .status()).isEqualTo(200);
        assertThat(queue.depth()).isZero();
        assertThat(queue.handle("AmazonSQS.ReceiveMessage", "{\"QueueUrl\":\"http://sqs.test/000000000000/other\"}").body())
                .isEqualTo(Map.of("__type", "com.amazonaws.sqs#QueueDoesNotExist", "message", "The specified queue does not exist."));
    }
}
