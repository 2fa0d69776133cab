package io.kontor.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.platform.KafkaHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Pick waves: for each warehouse, the reserved units of orders ready to ship (not held, not cancelled, shipped by us)
 * that no earlier pick list picked (reserved, less what was picked and has not left yet), gathered into one pick list — batch picking across channels: each SKU once with
 * its total, and each order in its own tote to sort into. A wave is one transaction under a per-warehouse advisory
 * lock, so a unit is never on two pick lists; the {@code pick-waves} route then hands each new list to the warehouse
 * (Kafka and a file) and marks it published, and lists a crash left unpublished go out with the next wave.
 */
@Component("pickLists")
public class PickLists {

    /** A pick list for the warehouse feed: its key, file name and JSON. */
    public record Feed(UUID id, String warehouse, String fileName, String json) {
    }

    /** Units of a reservation no pick list picked yet: reserved, less what was picked and has not left yet. */
    private static final String UNPICKED = """
            r.reserved - greatest(0, coalesce((select sum(p.units) from pick_list_lines p where p.order_id = r.order_id
                and p.channel_line_id = r.channel_line_id and p.warehouse = r.warehouse), 0) - r.consumed)""";

    /**
     * The orders with units to pick in the warehouse. Only ids: the details come from the orders' canonical JSON, which
     * is stored apart and compressed, and reading it for every open reservation cost a wave a second at 70,000 of them.
     */
    private static final String PICKABLE_ORDERS = """
            select distinct r.order_id from stock_reservations r join orders o on o.id = r.order_id
            where r.warehouse = ? and r.reserved > 0 and o.status in ('OPEN', 'PARTIALLY_SHIPPED') and %s > 0""".formatted(UNPICKED);

    /** The lines to pick of these orders, with what the pick list shows of them, in the order they are picked. */
    private static final String PICKS = """
            select r.order_id, r.channel_line_id, r.sku, %s as units,
                   o.channel, o.order_number, o.canonical -> 'shipTo' -> 'address' ->> 'countryCode' as country,
                   (o.canonical -> 'shipTo')::text as ship_to,
                   (select l ->> 'title' from jsonb_array_elements(o.canonical -> 'lines') l where l ->> 'channelLineId' = r.channel_line_id) as title
            from stock_reservations r join orders o on o.id = r.order_id
            where r.warehouse = ? and r.reserved > 0 and o.status in ('OPEN', 'PARTIALLY_SHIPPED') and o.id = any(?)
            order by o.created_at, o.id, r.channel_line_id""".formatted(UNPICKED);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final FulfilmentProperties config;
    private final MeterRegistry meters;

    public PickLists(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, FulfilmentProperties config, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.config = config;
        this.meters = meters;
    }

    /** Makes a wave in every warehouse that has something to pick; returns every pick list not yet published. */
    public List<Feed> wave() {
        for (FulfilmentProperties.Warehouse w : config.warehouses()) {
            tx.executeWithoutResult(status -> waveIn(w.code()));
        }
        return unpublished();
    }

    private record Pick(UUID orderId, String lineId, String sku, int units, String channel, String orderNumber, String country, String shipTo,
                        String title) {
    }

    /**
     * What is ready to pick in the warehouse, as pick lists of at most maxOrdersPerPickList orders each (one wave each).
     * The orders found are share-locked in id order, the order the intake locks them in, before their units are read
     * again: the lines' foreign keys would otherwise lock them in list order and could wait in a circle with the
     * intake (deadlock), and an order cancelled or held meanwhile would still be picked.
     */
    private void waveIn(String warehouse) {
        jdbc.queryForObject("select pg_advisory_xact_lock(hashtext(?))", Object.class, "kontor-pick-wave:" + warehouse);
        UUID[] found = jdbc.queryForList(PICKABLE_ORDERS, UUID.class, warehouse).toArray(UUID[]::new);
        if (found.length == 0) {
            return;
        }
        UUID[] locked = jdbc.queryForList("""
                select id from orders where id = any(?) and status in ('OPEN', 'PARTIALLY_SHIPPED') order by id for share""",
                UUID.class, (Object) found).toArray(UUID[]::new);
        List<Pick> picks = picks(warehouse, locked);
        if (picks.isEmpty()) {
            return;
        }
        Integer last = jdbc.queryForObject("select coalesce(max(wave), 0) from pick_lists where warehouse = ?", Integer.class, warehouse);
        int wave = last == null ? 0 : last;
        // an order's lines are consecutive (the query sorts by order): a list ends only between orders
        List<Pick> list = new ArrayList<>();
        Set<UUID> listed = new HashSet<>();
        for (Pick p : picks) {
            if (listed.add(p.orderId()) && listed.size() > config.maxOrdersPerPickList()) {
                writeList(warehouse, ++wave, list);
                list = new ArrayList<>();
                listed = new HashSet<>(Set.of(p.orderId()));
            }
            list.add(p);
        }
        writeList(warehouse, ++wave, list);
    }

    private List<Pick> picks(String warehouse, UUID[] orderIds) {
        return jdbc.query(PICKS, (rs, i) -> new Pick(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)), warehouse, orderIds).stream()
                .filter(p -> p.units() > 0).toList();
    }

    private void writeList(String warehouse, int wave, List<Pick> picks) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();

        Map<UUID, Integer> totes = new LinkedHashMap<>();
        Map<UUID, ObjectNode> orders = new LinkedHashMap<>();
        Map<String, ObjectNode> bySku = new TreeMap<>();
        List<Object[]> lines = new ArrayList<>();
        int units = 0;
        for (Pick p : picks) {
            int tote = totes.computeIfAbsent(p.orderId(), k -> totes.size() + 1);
            ObjectNode order = orders.computeIfAbsent(p.orderId(), k -> {
                ObjectNode o = json.createObjectNode().put("tote", tote).put("orderId", k.toString()).put("channel", p.channel())
                        .put("orderNumber", p.orderNumber()).put("shipToCountry", p.country());
                // the recipient, for a warehouse that books its parcels with its own carrier account
                o.set("shipTo", shipTo(p.shipTo()));
                o.putArray("lines");
                return o;
            });
            ((ArrayNode) order.get("lines")).addObject().put("channelLineId", p.lineId()).put("sku", p.sku()).put("title", p.title())
                    .put("units", p.units());
            ObjectNode sku = bySku.computeIfAbsent(p.sku(), k -> {
                ObjectNode s = json.createObjectNode().put("sku", k).put("title", p.title()).put("units", 0);
                s.putArray("totes");
                return s;
            });
            sku.put("units", sku.get("units").asInt() + p.units());
            ((ArrayNode) sku.get("totes")).addObject().put("tote", tote).put("units", p.units());
            units += p.units();
            lines.add(new Object[]{id, p.orderId(), p.lineId(), warehouse, p.sku(), p.units(), tote});
        }
        ObjectNode doc = json.createObjectNode();
        doc.put("schemaVersion", 1).put("id", id.toString()).put("warehouse", warehouse).put("wave", wave).put("createdAt", now.toString())
                .put("orders", orders.size()).put("units", units);
        ArrayNode skuList = doc.putArray("picks");
        bySku.values().forEach(skuList::add);
        ArrayNode orderList = doc.putArray("totes");
        orders.values().forEach(orderList::add);
        jdbc.update("insert into pick_lists (id, warehouse, wave, created_at, orders, units, document) values (?, ?, ?, ?, ?, ?, ?::jsonb)",
                id, warehouse, wave, java.sql.Timestamp.from(now), orders.size(), units, doc.toString());
        jdbc.batchUpdate("""
                insert into pick_list_lines (pick_list_id, order_id, channel_line_id, warehouse, sku, units, tote)
                values (?, ?, ?, ?, ?, ?, ?)""", lines);
        meters.counter("kontor.picklists.created", "warehouse", warehouse).increment();
        meters.counter("kontor.picklists.units", "warehouse", warehouse).increment(units);
    }

    private com.fasterxml.jackson.databind.JsonNode shipTo(String text) {
        try {
            return text == null ? json.nullNode() : json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored order's shipTo cannot be read", e);
        }
    }

    private List<Feed> unpublished() {
        return jdbc.query("select id, warehouse, wave, document::text from pick_lists where published_at is null order by created_at",
                (rs, i) -> new Feed(rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(2) + "/picklist-" + rs.getString(2) + "-" + String.format("%06d", rs.getInt(3)) + ".json", rs.getString(4)));
    }

    /** The pick lists of a wave as Kafka messages, keyed by warehouse (one partition per warehouse keeps waves in order). */
    public List<Message> messages(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Feed> feed = exchange.getMessage().getBody(List.class);
        exchange.setProperty("kontorPickLists", feed);
        List<Message> out = new ArrayList<>();
        for (Feed f : feed) {
            Message m = new DefaultMessage(exchange);
            m.setHeader(KafkaConstants.KEY, f.warehouse());
            m.setHeader(KafkaHeaders.SCHEMA_VERSION, "1");
            m.setBody(f.json());
            out.add(m);
        }
        return out;
    }

    public void markPublished(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Feed> feed = exchange.getProperty("kontorPickLists", List.class);
        for (Feed f : feed) {
            jdbc.update("update pick_lists set published_at = now() where id = ? and published_at is null", f.id());
        }
    }

    /** Summaries, newest first, of one warehouse or all. */
    public List<Map<String, Object>> list(String warehouse, int limit, long offset) {
        return jdbc.queryForList("""
                select id, warehouse, wave, created_at as "createdAt", orders, units, published_at as "publishedAt" from pick_lists
                where (?::varchar is null or warehouse = ?) order by created_at desc, id limit ? offset ?""", warehouse, warehouse, limit, offset);
    }

    public long count(String warehouse) {
        return jdbc.queryForObject("select count(*) from pick_lists where (?::varchar is null or warehouse = ?)", Long.class, warehouse, warehouse);
    }

    public Optional<JsonNode> find(UUID id) {
        return jdbc.query("select document::text from pick_lists where id = ?", (rs, i) -> rs.getString(1), id).stream().findFirst()
                .map(text -> {
                    try {
                        return json.readTree(text);
                    } catch (Exception e) {
                        throw new IllegalStateException("Stored pick list cannot be read", e);
                    }
                });
    }
}
