package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.model.Channel;
import io.kontor.model.Order;
import io.kontor.model.OrderStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders in PostgreSQL, one row per natural key holding the newest version. A version replaces the stored
 * one only if its channel timestamp is newer, or equally new with a payload never seen for this order
 * (Shopify's updatedAt has whole seconds); duplicates and replays of known versions change nothing.
 */
@Repository
public class OrderRepository {

    private static final String UPSERT = """
            insert into orders (id, channel, channel_account, channel_order_id, order_number, status, payment_status,
                                fulfillment_status, currency, grand_total, created_at, channel_updated_at, payload_sha256,
                                canonical, raw_payload)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
            on conflict (channel, channel_account, channel_order_id) do update set
                order_number = excluded.order_number, status = excluded.status, payment_status = excluded.payment_status,
                fulfillment_status = excluded.fulfillment_status, currency = excluded.currency,
                grand_total = excluded.grand_total, created_at = excluded.created_at,
                channel_updated_at = excluded.channel_updated_at, payload_sha256 = excluded.payload_sha256,
                canonical = excluded.canonical, raw_payload = excluded.raw_payload,
                revision = orders.revision + 1, updated_at = now()
            where excluded.channel_updated_at > orders.channel_updated_at
               or (excluded.channel_updated_at = orders.channel_updated_at
                   and not exists (select 1 from order_versions v
                                   where v.order_id = orders.id and v.payload_sha256 = excluded.payload_sha256))
            returning revision""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public OrderRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A version that was accepted as the order's newest. */
    public record StoredVersion(UUID orderId, int revision, Order order) {
    }

    /** Stores the order if it is a new version; empty when it was a duplicate or older than what is stored. */
    public Optional<StoredVersion> upsert(Order order, String payloadSha256) throws JsonProcessingException {
        UUID id = UUID.fromString(order.id());
        ObjectNode canonical = json.valueToTree(order);
        canonical.remove("raw");
        List<Integer> revision = jdbc.query(UPSERT, (rs, i) -> rs.getInt(1),
                id, order.channel().name(), order.channelAccount(), order.channelOrderId(), order.orderNumber(),
                order.status().name(), name(order.paymentStatus()), name(order.fulfillmentStatus()), order.currency(),
                order.grandTotal().settlement().amount(), ts(order.createdAt()), ts(order.channelUpdatedAt()), payloadSha256,
                json.writeValueAsString(canonical), json.writeValueAsString(order.raw()));
        if (revision.isEmpty()) {
            return Optional.empty();
        }
        jdbc.update("insert into order_versions (order_id, revision, channel_updated_at, payload_sha256) values (?, ?, ?, ?)",
                id, revision.get(0), ts(order.channelUpdatedAt()), payloadSha256);
        return Optional.of(new StoredVersion(id, revision.get(0), order));
    }

    /** Versions stored earlier whose ERP record was not yet confirmed (a crash between store and publish). */
    public List<StoredVersion> unpublished(List<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                        select o.id, o.revision, o.canonical::text, o.raw_payload::text from orders o
                        where o.id = any(?) and exists (select 1 from order_versions v
                              where v.order_id = o.id and v.revision = o.revision and v.erp_published_at is null)""",
                (rs, i) -> new StoredVersion(rs.getObject(1, UUID.class), rs.getInt(2), readOrder(rs.getString(3), rs.getString(4))),
                (Object) orderIds.toArray(UUID[]::new));
    }

    public void markPublished(List<ErpFeedRecord> records) {
        List<Object[]> args = new ArrayList<>(records.size());
        for (ErpFeedRecord r : records) {
            args.add(new Object[]{r.orderId(), r.revision()});
        }
        // earlier revisions still open were superseded by the one just published
        jdbc.batchUpdate("update order_versions set erp_published_at = now() where order_id = ? and revision <= ? and erp_published_at is null", args);
    }

    public Optional<OrderRow> find(UUID id) {
        return jdbc.query("select canonical::text, raw_payload::text, revision, received_at, updated_at from orders where id = ?",
                (rs, i) -> new OrderRow(tree(rs.getString(1)), tree(rs.getString(2)), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()), id).stream().findFirst();
    }

    /** One page of orders, newest change first, with the total matching the filter. */
    public Page search(Channel channel, OrderStatus status, Instant updatedSince, int page, int size) {
        String where = " where (?::varchar is null or channel = ?) and (?::varchar is null or status = ?)"
                + " and (?::timestamptz is null or channel_updated_at >= ?)";
        Object[] args = {name(channel), name(channel), name(status), name(status), ts(updatedSince), ts(updatedSince)};
        Long total = jdbc.queryForObject("select count(*) from orders" + where, Long.class, args);
        Object[] pageArgs = new Object[args.length + 2];
        System.arraycopy(args, 0, pageArgs, 0, args.length);
        pageArgs[args.length] = size;
        pageArgs[args.length + 1] = (long) page * size;
        List<com.fasterxml.jackson.databind.JsonNode> items = jdbc.query(
                "select canonical::text from orders" + where + " order by channel_updated_at desc, id limit ? offset ?",
                (rs, i) -> tree(rs.getString(1)), pageArgs);
        return new Page(items, total == null ? 0 : total);
    }

    public long count() {
        Long n = jdbc.queryForObject("select count(*) from orders", Long.class);
        return n == null ? 0 : n;
    }

    public record OrderRow(com.fasterxml.jackson.databind.JsonNode canonical, com.fasterxml.jackson.databind.JsonNode raw,
                           int revision, Instant receivedAt, Instant updatedAt) {
    }

    public record Page(List<com.fasterxml.jackson.databind.JsonNode> items, long total) {
    }

    private com.fasterxml.jackson.databind.JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON cannot be read back", e);
        }
    }

    private Order readOrder(String canonical, String raw) {
        try {
            ObjectNode node = (ObjectNode) json.readTree(canonical);
            node.set("raw", json.readTree(raw));
            return json.treeToValue(node, Order.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored order cannot be read back", e);
        }
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
