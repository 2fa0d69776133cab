package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.model.HoldReason;
import io.kontor.model.Order;
import io.kontor.model.OrderStatus;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The canonical JSON of an order as the hub stores and serves it: the channel's order with the hub's own state on
 * it — its holds (a held order is ON_HOLD and keeps the channel's status in {@code channelStatus}), the holds
 * released on it, and its routing.
 */
@Component
public class CanonicalOrders {

    private final ObjectMapper json;

    public CanonicalOrders(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The canonical JSON as stored and served: without the raw payload, with the hub's holds — a held order has
     * status ON_HOLD and keeps the channel's own status in channelStatus — and the holds released on it.
     */
    public ObjectNode withHubState(ObjectNode canonical, OrderStatus channelStatus, List<HoldReason> holds, List<OrderRepository.HoldRelease> releases) {
        canonical.remove("raw");
        setHolds(canonical, channelStatus, holds);
        if (releases.isEmpty()) {
            canonical.remove("holdReleases");
        } else {
            canonical.set("holdReleases", json.valueToTree(releases));
        }
        return canonical;
    }

    private void setHolds(ObjectNode canonical, OrderStatus channelStatus, List<HoldReason> holds) {
        canonical.remove("channelStatus");
        canonical.set("holdReasons", json.valueToTree(holds));
        canonical.put("status", holds.isEmpty() ? channelStatus.name() : OrderStatus.ON_HOLD.name());
        if (!holds.isEmpty()) {
            canonical.put("channelStatus", channelStatus.name());
        }
    }

    /**
     * The stored canonical JSON with the order's routing and its stock holds (those with a code in {@code stockCodes})
     * replaced by the current ones; the other holds stay.
     */
    public ObjectNode withStockState(ObjectNode canonical, JsonNode routing, List<HoldReason> stockHolds, Set<String> stockCodes) {
        List<HoldReason> holds = new ArrayList<>();
        canonical.path("holdReasons").forEach(h -> {
            if (!stockCodes.contains(h.path("code").asText())) {
                holds.add(new HoldReason(h.path("code").asText(), h.path("message").asText()));
            }
        });
        holds.addAll(stockHolds);
        OrderStatus channelStatus = OrderStatus.valueOf(canonical.path(canonical.has("channelStatus") ? "channelStatus" : "status").asText());
        setHolds(canonical, channelStatus, holds);
        if (routing == null) {
            canonical.remove("routing");
        } else {
            canonical.set("routing", routing);
        }
        return canonical;
    }

    /**
     * The canonical JSON a new version is stored with: the hub's holds — those of the checks and, after them, those of
     * the stock — and its routing, when it has one.
     */
    public ObjectNode canonical(OrderRepository.Candidate candidate, ObjectNode routing, List<HoldReason> stockHolds) {
        Order o = candidate.order();
        List<HoldReason> holds = new ArrayList<>(candidate.holds());
        holds.addAll(stockHolds);
        ObjectNode canonical = withHubState(candidate.tree().deepCopy(), o.status(), holds, candidate.releases());
        if (routing != null) {
            canonical.set("routing", routing);
        }
        return canonical;
    }

    /** Stored canonical JSON as a tree to change. */
    public ObjectNode canonicalTree(String text) {
        return (ObjectNode) tree(text);
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON cannot be read back", e);
        }
    }

}
