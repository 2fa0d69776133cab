package io.kontor.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.util.List;
import java.util.UUID;

/** What the repositories and outboxes share: the hub's own values written to jsonb columns, uuid[] parameters, outbox marks. */
public final class JsonColumns {

    /** JSON text of a value the hub built itself (a failure is a bug, not bad input). */
    public static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A value the hub wrote itself, read back from its jsonb column (a failure is a bug, not bad input). */
    public static <T> T read(ObjectMapper json, String text, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read the hub's own JSON as " + type.getType(), e);
        }
    }

    /** A document another system sent (a feed's JSON record): what cannot be read as {@code type} is bad input. */
    public static <T> T readInput(ObjectMapper json, String document, Class<T> type) {
        try {
            return json.readValue(document, type);
        } catch (JsonProcessingException e) {
            throw new BadInputException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Runs an update whose only parameter is a uuid[] ({@code ... where id = any(?)}). */
    public static int updateAll(JdbcTemplate jdbc, String sql, List<UUID> ids) {
        return jdbc.update(sql, (Object) jdbc.execute((Connection c) -> c.createArrayOf("uuid", ids.toArray())));
    }

    /**
     * The outboxes' last step: marks the rows whose ids a feed put into exchange property {@code idsProperty} once
     * their batch is out, with {@code sql} ("update … set …_published_at = now() where id = any(?)"); answers how many.
     */
    @SuppressWarnings("unchecked")
    public static int markPublished(org.apache.camel.Exchange exchange, String idsProperty, JdbcTemplate jdbc, String sql) {
        List<UUID> ids = exchange.getProperty(idsProperty, List.class);
        return ids == null || ids.isEmpty() ? 0 : updateAll(jdbc, sql, ids);
    }

    private JsonColumns() {
    }
}
