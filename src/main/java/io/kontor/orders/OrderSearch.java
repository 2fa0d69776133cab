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
