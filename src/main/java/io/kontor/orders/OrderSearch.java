package io.kontor.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.model.Channel;
import io.kontor.model.OrderStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stored orders as people and the API look them up: one by id, or a filtered page, newest change first. */
@Repository
public class OrderSearch {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public OrderSearch(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
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
        String code = channel == null ? null : channel.code();
        Object[] args = {code, code, name(status), name(status), ts(updatedSince), ts(updatedSince)};
        Long total = jdbc.queryForObject("select count(*) from orders" + where, Long.class, args);
        Object[] pageArgs = new Object[args.length + 2];
        System.arraycopy(args, 0, pageArgs, 0, args.length);
        pageArgs[args.length] = size;
        pageArgs[args.length + 1] = (long) page * size;
        List<JsonNode> items = jdbc.query(
                "select canonical::text from orders" + where + " order by channel_updated_at desc, id limit ? offset ?",
                (rs, i) -> tree(rs.getString(1)), pageArgs);
        return new Page(items, total == null ? 0 : total);
    }

    /** An order as lists show it, without its lines or payload. */
    public record Summary(UUID id, String channel, String channelAccount, String channelOrderId, String orderNumber, String status,
                          String currency, java.math.BigDecimal grandTotal, JsonNode holdReasons, Instant channelUpdatedAt, Instant updatedAt) {
    }

    private static final String SUMMARY_COLUMNS = "select id, channel, channel_account, channel_order_id, order_number, status, currency,"
            + " grand_total, coalesce(canonical -> 'holdReasons', '[]'::jsonb)::text, channel_updated_at, updated_at from orders ";

    private Summary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getBigDecimal(8), tree(rs.getString(9)), rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }

    /** Orders on hold, the latest held first (the partial index orders_on_hold). */
    public List<Summary> held(int limit) {
        return jdbc.query(SUMMARY_COLUMNS + "where status = 'ON_HOLD' order by updated_at desc, id limit ?", (rs, n) -> summary(rs), limit);
    }

    public long countHeld() {
        return jdbc.queryForObject("select count(*) from orders where status = 'ON_HOLD'", Long.class);
    }

    /** Orders by the channel's order id or the order number people see (for example #1001), newest first. */
    public List<Summary> byNumber(String number, int limit) {
        String bare = number.startsWith("#") ? number.substring(1) : number;
        return jdbc.query(SUMMARY_COLUMNS + "where channel_order_id = ? or order_number = ? or order_number = ?"
                + " order by channel_updated_at desc limit ?", (rs, n) -> summary(rs), number, number, "#" + bare, limit);
    }

    /** The versions of an order the hub stored, oldest first: each revision with the channel's time and when it was stored. */
    public List<Map<String, Object>> versions(UUID id) {
        return jdbc.queryForList("""
                select revision, channel_updated_at as "channelUpdatedAt", created_at as "storedAt", erp_published_at as "sentToErpAt"
                  from order_versions where order_id = ? order by revision""", id);
    }

    public long count() {
        Long n = jdbc.queryForObject("select count(*) from orders", Long.class);
        return n == null ? 0 : n;
    }

    public record OrderRow(JsonNode canonical, JsonNode raw,
                           int revision, Instant receivedAt, Instant updatedAt) {
    }

    public record Page(List<JsonNode> items, long total) {
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON cannot be read back", e);
        }
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
