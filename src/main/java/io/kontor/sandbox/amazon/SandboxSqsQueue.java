package io.kontor.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQS queue Amazon delivers a seller's notifications to, served with the AWS JSON 1.0 protocol the AWS SDK
 * speaks ({@code X-Amz-Target: AmazonSQS.ReceiveMessage}, ...): GetQueueUrl, SendMessage, ReceiveMessage with a
 * visibility timeout (a message not deleted in time is delivered again: at least once), DeleteMessage(Batch),
 * ChangeMessageVisibility and GetQueueAttributes. Signatures are accepted and ignored, as the other emulators do.
 */
public final class SandboxSqsQueue {

    public record Response(int status, Object body) {
    }

    private record Message(String id, String body, String md5, Instant visibleAt, String receipt, int received) {
    }

    private final String name;
    private final String url;
    private final Duration visibilityTimeout;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();

    public SandboxSqsQueue(String name, String url, Duration visibilityTimeout, Clock clock) {
        this.name = name;
        this.url = url;
        this.visibilityTimeout = visibilityTimeout;
        this.clock = clock;
    }

    /** Puts a message on the queue (what Amazon's notification service does). */
    public synchronized String send(String body) {
        String id = UUID.randomUUID().toString();
        messages.put(id, new Message(id, body, md5(body), clock.instant(), null, 0));
        return id;
    }

    /** Messages on the queue, visible or in flight. */
    public synchronized int depth() {
        return messages.size();
    }

    /** Messages handed out so far (a message received twice counts twice). */
    public long deliveries() {
        return deliveries.get();
    }

    public Response handle(String target, String body) {
        JsonNode request;
        try {
            request = json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            return error(400, "com.amazonaws.sqs#InvalidParameterValue", "The request body is not JSON");
        }
        String operation = target == null ? "" : target.replace("AmazonSQS.", "");
        if (!"GetQueueUrl".equals(operation) && request.hasNonNull("QueueUrl") && !request.get("QueueUrl").asText().endsWith("/" + name)) {
            return error(400, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.");
        }
        return switch (operation) {
            case "GetQueueUrl" -> name.equals(request.path("QueueName").asText())
                    ? new Response(200, Map.of("QueueUrl", url))
                    : error(400, "com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.");
            case "GetQueueAttributes" -> new Response(200, Map.of("Attributes", Map.of("ApproximateNumberOfMessages", String.valueOf(depth()),
                    "VisibilityTimeout", String.valueOf(visibilityTimeout.toSeconds()))));
            case "SendMessage" -> {
                String text = request.path("MessageBody").asText();
                yield new Response(200, Map.of("MessageId", send(text), "MD5OfMessageBody", md5(text)));
            }
            case "ReceiveMessage" -> receive(request.path("MaxNumberOfMessages").asInt(1),
                    request.hasNonNull("VisibilityTimeout") ? Duration.ofSeconds(request.get("VisibilityTimeout").asLong()) : visibilityTimeout);
            case "DeleteMessage" -> delete(request.path("ReceiptHandle").asText())
                    ? new Response(200, Map.of())
                    : error(400, "com.amazonaws.sqs#ReceiptHandleIsInvalid", "The receipt handle is not valid.");
            case "DeleteMessageBatch" -> {
                List<Map<String, Object>> ok = new ArrayList<>();
                List<Map<String, Object>> failed = new ArrayList<>();
                for (JsonNode entry : request.path("Entries")) {
                    if (delete(entry.path("ReceiptHandle").asText())) {
                        ok.add(Map.of("Id", entry.path("Id").asText()));
                    } else {
                        failed.add(Map.of("Id", entry.path("Id").asText(), "SenderFault", true, "Code", "ReceiptHandleIsInvalid"));
                    }
                }
                yield new Response(200, Map.of("Successful", ok, "Failed", failed));
            }
            case "ChangeMessageVisibility" -> changeVisibility(request.path("ReceiptHandle").asText(),
                    Duration.ofSeconds(request.path("VisibilityTimeout").asLong()))
                    ? new Response(200, Map.of())
                    : error(400, "com.amazonaws.sqs#ReceiptHandleIsInvalid", "The receipt handle is not valid.");
            default -> error(400, "com.amazonaws.sqs#InvalidAction", "The action " + operation + " is not valid for this endpoint.");
        };
    }

    private synchronized Response receive(int max, Duration visibility) {
        if (max < 1 || max > 10) {
            return error(400, "com.amazonaws.sqs#InvalidParameterValue", "Value " + max + " for parameter MaxNumberOfMessages is invalid. "
                    + "Reason: Must be between 1 and 10, if provided.");
        }
        Instant now = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Message m : new ArrayList<>(messages.values())) {
            if (out.size() == max) {
                break;
            }
            if (m.visibleAt().isAfter(now)) {
                continue;
            }
            String receipt = UUID.randomUUID().toString();
            messages.put(m.id(), new Message(m.id(), m.body(), m.md5(), now.plus(visibility), receipt, m.received() + 1));
            deliveries.incrementAndGet();
            out.add(Map.of("MessageId", m.id(), "ReceiptHandle", receipt, "MD5OfBody", m.md5(), "Body", m.body(),
                    "Attributes", Map.of("ApproximateReceiveCount", String.valueOf(m.received() + 1))));
        }
        return new Response(200, out.isEmpty() ? Map.of() : Map.of("Messages", out));
    }

    private synchronized boolean delete(String receipt) {
        return messages.values().removeIf(m -> receipt.equals(m.receipt()));
    }

    private synchronized boolean changeVisibility(String receipt, Duration visibility) {
        for (Message m : messages.values()) {
            if (receipt.equals(m.receipt())) {
                messages.put(m.id(), new Message(m.id(), m.body(), m.md5(), clock.instant().plus(visibility), m.receipt(), m.received()));
                return true;
            }
        }
        return false;
    }

    private static Response error(int status, String type, String message) {
        return new Response(status, Map.of("__type", type, "message", message));
    }

    static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
