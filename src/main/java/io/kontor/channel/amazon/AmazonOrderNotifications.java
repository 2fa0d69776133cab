package io.kontor.channel.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.channel.SellerAccount;
import io.kontor.platform.BadInputException;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Amazon's ORDER_CHANGE notifications (Notifications API, delivered to an SQS queue): the push path next to polling.
 * A notification only says which order changed, so the order is read whole (getOrder, its items) and goes the way a
 * polled one goes. SQS delivers at least once and Amazon may repeat a notification: the route deduplicates on
 * {@code NotificationMetadata.NotificationId}. Notifications carry no signature; trust rests on the queue's policy.
 * Whether ORDER_CHANGE covers every new order is not documented, so polling stays on as the backstop.
 */
@Component("amazonOrderNotifications")
public class AmazonOrderNotifications {

    private final AmazonOrdersPoller orders;
    private final ObjectMapper json;

    /** The channel's settings; its secrets are read here, never passed through a route. */
    private final AmazonChannelProperties props;

    public AmazonOrderNotifications(AmazonOrdersPoller orders, ObjectMapper json, AmazonChannelProperties props) {
        this.props = props;
        this.orders = orders;
        this.json = json;
    }

    /** The notification's id, the key it is deduplicated on. */
    public String notificationId(String body) {
        String id = envelope(body).path("NotificationMetadata").path("NotificationId").asText("");
        if (id.isBlank()) {
            throw new BadInputException("Amazon notification without NotificationMetadata.NotificationId: " + abbreviated(body));
        }
        return id;
    }

    /** The changed order read from the SP-API, as a JSON array of one order for the order publisher. */
    public String order(String body, String sellerId, String baseUrl, String tokenUrl, String clientId, boolean restrictedData,
                        String apiVersion) throws IOException {
        String clientSecret = props.clientSecret();
        String refreshToken = props.refreshToken();
        JsonNode envelope = envelope(body);
        if (!"ORDER_CHANGE".equals(envelope.path("NotificationType").asText())) {
            throw new BadInputException("Not an ORDER_CHANGE notification: " + envelope.path("NotificationType").asText("(no type)"));
        }
        JsonNode change = envelope.path("Payload").path("OrderChangeNotification");
        String orderId = change.path("AmazonOrderId").asText("");
        if (orderId.isBlank()) {
            throw new BadInputException("ORDER_CHANGE notification without AmazonOrderId: " + abbreviated(body));
        }
        if (!sellerId.equals(change.path("SellerId").asText())) {
            throw new BadInputException("ORDER_CHANGE notification for seller " + change.path("SellerId").asText("?") + ", not " + sellerId);
        }
        return orders.readOrder(new SellerAccount(sellerId, baseUrl, tokenUrl, clientId, clientSecret, refreshToken), restrictedData, orderId,
                apiVersion);
    }

    private JsonNode envelope(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new BadInputException("Amazon notification is not a JSON object: " + abbreviated(body));
            }
            return node;
        } catch (IOException e) {
            throw new BadInputException("Amazon notification is not JSON: " + e.getMessage(), e);
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "(empty)" : body.substring(0, Math.min(200, body.length()));
    }
}
