package io.kontor.orders;

import io.kontor.model.HoldReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kontor.model.Order;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Orders in PostgreSQL, one row per natural key holding the newest version. A version replaces the stored
 * one only if its channel timestamp is newer, or equally new with business content never seen for this order
 * (Shopify's updatedAt has whole seconds); duplicates and replays of known versions change nothing.
 */
@Repository
public class OrderRepository {

    private static final java.util.regex.Pattern HOLD_CODE = java.util.regex.Pattern.compile("[A-Z][A-Z_]*");

    /**
     * A whole batch in one statement: one array per column, unnested into rows. All arrays travel as text[] so
     * timestamps and amounts are parsed by PostgreSQL from ISO-8601 and plain decimal strings, never through a
     * JVM time zone.
     */
    private static final String UPSERT = """
            insert into orders (id, channel, channel_account, channel_order_id, order_number, status, payment_status,
                                fulfillment_status, currency, grand_total, created_at, channel_updated_at, content_sha256,
                                canonical, raw_payload)
            select id::uuid, channel, account, order_id, number, status, payment, fulfillment, currency, total::numeric,
                   created::timestamptz, updated::timestamptz, sha, canonical::jsonb, raw::jsonb
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                 as t(id, channel, account, order_id, number, status, payment, fulfillment, currency, total, created,
                      updated, sha, canonical, raw)
            on conflict (channel, channel_account, channel_order_id) do update set
                order_number = excluded.order_number, status = excluded.status, payment_status = excluded.payment_status,
                fulfillment_status = excluded.fulfillment_status, currency = excluded.currency,
                grand_total = excluded.grand_total, created_at = excluded.created_at,
                channel_updated_at = excluded.channel_updated_at, content_sha256 = excluded.content_sha256,
                canonical = excluded.canonical, raw_payload = excluded.raw_payload,
                revision = orders.revision + 1, updated_at = now()
            where excluded.channel_updated_at > orders.channel_updated_at
               or (excluded.channel_updated_at = orders.channel_updated_at
                   and not exists (select 1 from order_versions v
                                   where v.order_id = orders.id and v.content_sha256 = excluded.content_sha256))
            returning id, revision""";

    private static final String INSERT_VERSIONS = """
            insert into order_versions (order_id, revision, channel_updated_at, content_sha256)
            select id::uuid, revision::integer, updated::timestamptz, sha
            from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as t(id, revision, updated, sha)""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    private final VersionFingerprint fingerprint;

    public OrderRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.fingerprint = new VersionFingerprint(json);
    }

    /** An order version as offered for storing: its raw payload serialised once and its content fingerprint. */
    public Candidate candidate(Order order) {
        try {
            ObjectNode tree = fingerprint.tree(order);
            return new Candidate(order, tree, json.writeValueAsString(order.raw()), fingerprint.of(tree));
        } catch (JsonProcessingException e) {
            throw new io.kontor.platform.BadInputException("Raw payload cannot be serialised: " + e.getMessage(), e);
        }
    }

    /**
     * The orders of a polled page that could still change what is stored: those of which the same version (same
     * change time, same content) or a newer one is the order's stored newest are left out, one query for the page.
     * A backstop poll reads again what webhooks brought; this keeps it from queueing all of it a second time.
     */
    public List<Order> notStoredYet(List<Order> page) {
        record Stored(Instant updatedAt, String contentSha256) {
        }
        Map<String, Stored> stored = new HashMap<>();
        Map<List<String>, List<Order>> byAccount = new java.util.LinkedHashMap<>();
        page.forEach(o -> byAccount.computeIfAbsent(List.of(o.channel().name(), o.channelAccount()), k -> new ArrayList<>()).add(o));
        byAccount.forEach((account, orders) -> jdbc.query("""
                        select channel_order_id, channel_updated_at, content_sha256 from orders
                        where channel = ? and channel_account = ? and channel_order_id = any(?)""",
                rs -> {
                    stored.put(account.get(0) + ":" + account.get(1) + ":" + rs.getString(1),
                            new Stored(rs.getTimestamp(2).toInstant(), rs.getString(3)));
                }, account.get(0), account.get(1), orders.stream().map(Order::channelOrderId).toArray(String[]::new)));
        List<Order> out = new ArrayList<>(page.size());
        for (Order o : page) {
            Stored s = stored.get(o.kafkaKey());
            boolean known = s != null && (s.updatedAt().isAfter(o.channelUpdatedAt())
                    || s.updatedAt().equals(o.channelUpdatedAt()) && s.contentSha256().equals(fingerprint.of(o)));
            if (!known) {
                out.add(o);
            }
        }
        return out;
    }

    /** A version that was accepted as the order's newest, with its canonical JSON as stored (without raw). */
    public record StoredVersion(UUID orderId, int revision, Order order, String canonicalJson) {
    }

    /**
     * An order version offered for storing: as a tree without its raw payload (what is stored, and what the content
     * fingerprint is taken from; it is not changed), its raw channel payload serialised once, its content fingerprint,
     * the holds the hub puts on it and the holds a person released on this order before.
     */
    public record Candidate(Order order, ObjectNode tree, String rawJson, String contentSha256, List<HoldReason> holds,
                            List<HoldRelease> releases) {

        public Candidate(Order order, ObjectNode tree, String rawJson, String contentSha256) {
            this(order, tree, rawJson, contentSha256, List.of(), List.of());
        }
    }

    /** A hold a person cleared, with who, when and why. */
    public record HoldRelease(String code, String releasedBy, Instant releasedAt, String comment) {
    }

    /** A candidate found to be a new version of its order, with the revision it is stored under. */
    public record NewVersion(Candidate candidate, UUID orderId, int revision) {
    }

    /**
     * The candidates that are new versions of their orders, in the candidates' order, each with the revision it gets:
     * a newer change time than the order's newest, or the same one with content never seen for this order (Shopify's
     * updatedAt has whole seconds); duplicates and older versions are left out. Several versions of one order in the
     * batch follow each other. The stored orders stay locked until the transaction ends, so what is found new here is
     * what {@link #store} writes; change times are compared as PostgreSQL reads them, as the upsert's guard does.
     */
    public List<NewVersion> newVersions(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        record Newest(int revision, Instant updatedAt) {
        }
        Map<UUID, Newest> newest = new HashMap<>();
        UUID[] ids = candidates.stream().map(c -> UUID.fromString(c.order().id())).toArray(UUID[]::new);
        jdbc.query("select id, revision, channel_updated_at from orders where id = any(?) order by id for update",
                rs -> {
                    newest.put(rs.getObject(1, UUID.class), new Newest(rs.getInt(2), instant(rs.getTimestamp(3))));
                }, (Object) Arrays.stream(ids).distinct().toArray(UUID[]::new));
        Instant[] changedAt = new Instant[candidates.size()];
        boolean[] seenBefore = new boolean[candidates.size()];
        jdbc.query("""
                        select t.i, t.updated::timestamptz,
                               exists (select 1 from order_versions v where v.order_id = t.id and v.content_sha256 = t.sha)
                        from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as t(id, updated, sha, i)""",
                rs -> {
                    int i = rs.getInt(1) - 1;
                    changedAt[i] = instant(rs.getTimestamp(2));
                    seenBefore[i] = rs.getBoolean(3);
                }, ids, candidates.stream().map(c -> iso(c.order().channelUpdatedAt())).toArray(String[]::new),
                candidates.stream().map(Candidate::contentSha256).toArray(String[]::new));
        Map<UUID, Set<String>> seenInBatch = new HashMap<>();
        List<NewVersion> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Newest stored = newest.get(ids[i]);
            Set<String> seen = seenInBatch.computeIfAbsent(ids[i], k -> new HashSet<>());
            // a missing change time compares as SQL's null does: never newer
            boolean isNew = stored == null || changedAt[i] != null && stored.updatedAt() != null
                    && (changedAt[i].isAfter(stored.updatedAt())
                    || changedAt[i].equals(stored.updatedAt()) && !seenBefore[i] && !seen.contains(c.contentSha256()));
            if (isNew) {
                int revision = stored == null ? 1 : stored.revision() + 1;
                newest.put(ids[i], new Newest(revision, changedAt[i]));
                seen.add(c.contentSha256());
                out.add(new NewVersion(c, ids[i], revision));
            }
        }
        return out;
    }

    /**
     * Writes the new versions found by {@link #newVersions} in this transaction, each with its canonical JSON (in the
     * same order) and the status that JSON shows. A statement may touch an order only once, so several versions of one
     * order are written in rounds, each after the one before.
     */
    public List<StoredVersion> store(List<NewVersion> versions, List<ObjectNode> canonicals) {
        Map<UUID, Integer> occurrences = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            int round = occurrences.merge(versions.get(i).orderId(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        StoredVersion[] stored = new StoredVersion[versions.size()];
        for (List<Integer> round : rounds) {
            storeRound(versions, canonicals, round, stored);
        }
        return List.of(stored);
    }

    private void storeRound(List<NewVersion> versions, List<ObjectNode> canonicals, List<Integer> round, StoredVersion[] stored) {
        String[][] columns = new String[15][round.size()];
        String[][] versionRows = new String[4][round.size()];
        Map<UUID, Integer> indexById = new HashMap<>();
        for (int r = 0; r < round.size(); r++) {
            int index = round.get(r);
            NewVersion v = versions.get(index);
            Order o = v.candidate().order();
            String canonical = write(canonicals.get(index));
            String[] row = {o.id(), o.channel().name(), o.channelAccount(), o.channelOrderId(), o.orderNumber(),
                    canonicals.get(index).path("status").asText(), name(o.paymentStatus()), name(o.fulfillmentStatus()), o.currency(),
                    o.grandTotal() == null ? null : o.grandTotal().settlement().amount().toPlainString(), iso(o.createdAt()), iso(o.channelUpdatedAt()),
                    v.candidate().contentSha256(), canonical, v.candidate().rawJson()};
            for (int c = 0; c < row.length; c++) {
                columns[c][r] = row[c];
            }
            String[] versionRow = {v.orderId().toString(), String.valueOf(v.revision()), iso(o.channelUpdatedAt()), v.candidate().contentSha256()};
            for (int c = 0; c < versionRow.length; c++) {
                versionRows[c][r] = versionRow[c];
            }
            indexById.put(v.orderId(), index);
            stored[index] = new StoredVersion(v.orderId(), v.revision(), o, canonical);
        }
        jdbc.execute((ConnectionCallback<Integer>) con -> {
            int rows = 0;
            try (PreparedStatement ps = con.prepareStatement(UPSERT)) {
                for (int c = 0; c < columns.length; c++) {
                    ps.setArray(c + 1, con.createArrayOf("text", columns[c]));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Integer index = indexById.get(rs.getObject(1, UUID.class));
                        if (index != null && versions.get(index).revision() == rs.getInt(2)) {
                            rows++;
                        }
                    }
                }
            }
            if (rows != round.size()) {
                // the orders were locked when their versions were found new: the guard disagrees only when an order
                // was first inserted meanwhile (two consumers holding one partition in a rebalance); the transaction
                // rolls back whole and the retry finds the versions stored
                throw new ConcurrencyFailureException("Order versions changed while a batch was stored: " + rows + " of "
                        + round.size() + " written as found new");
            }
            try (PreparedStatement ps = con.prepareStatement(INSERT_VERSIONS)) {
                for (int c = 0; c < versionRows.length; c++) {
                    ps.setArray(c + 1, con.createArrayOf("text", versionRows[c]));
                }
                ps.executeUpdate();
            }
            return rows;
        });
    }

    /**
     * A new revision made by the hub itself (a hold released, stock found for a backorder): the ERP learns of it
     * through the outbox relay. Returns the new revision.
     */
    public int storeHubRevision(UUID orderId, ObjectNode canonical) {
        Integer revision = jdbc.queryForObject("""
                        update orders set status = ?, canonical = ?::jsonb, revision = revision + 1, updated_at = now()
                        where id = ? returning revision""", Integer.class,
                canonical.path("status").asText(), write(canonical), orderId);
        jdbc.update("""
                insert into order_versions (order_id, revision, channel_updated_at, content_sha256)
                select order_id, ?, channel_updated_at, content_sha256 from order_versions
                where order_id = ? and revision = ? - 1""", revision, orderId, revision);
        return revision;
    }

    /** The holds people released on these orders, per order. */
    public Map<UUID, List<HoldRelease>> holdReleases(List<UUID> orderIds) {
        Map<UUID, List<HoldRelease>> out = new HashMap<>();
        if (orderIds.isEmpty()) {
            return out;
        }
        jdbc.query("select order_id, code, released_by, released_at, comment from order_hold_releases where order_id = any(?) order by released_at",
                rs -> {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new HoldRelease(
                            rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5)));
                }, (Object) orderIds.toArray(UUID[]::new));
        return out;
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
                this::storedVersion,
                (Object) orderIds.toArray(UUID[]::new));
    }

    /**
     * Newest versions still without an ERP record some time after they were stored: a hold released through the
     * API, or a publication that failed between store and feed. Oldest first.
     */
    public List<StoredVersion> pendingFeed(java.time.Duration olderThan, int limit) {
        return jdbc.query("""
                        select o.id, o.revision, o.canonical::text, o.raw_payload::text from order_versions v
                        join orders o on o.id = v.order_id and o.revision = v.revision
                        where v.erp_published_at is null and v.created_at < now() - ?::interval
                        order by v.created_at limit ?""",
                this::storedVersion,
                olderThan.toMillis() + " milliseconds", limit);
    }

    /**
     * Locks these orders' rows, skipping those another transaction holds (the intake storing a new version of them):
     * a batch that locks many orders then never waits for one, so it cannot wait in a circle with the intake. The
     * versions come back in the order of {@code orderIds}.
     */
    public List<StoredVersion> lockCurrentUnlessBusy(List<UUID> orderIds) {
        List<StoredVersion> locked = new ArrayList<>(jdbc.query("""
                select o.id, o.revision, o.canonical::text, o.raw_payload::text from orders o where o.id = any(?)
                for update skip locked""", this::storedVersion, (Object) orderIds.toArray(UUID[]::new)));
        locked.sort(java.util.Comparator.comparingInt(v -> orderIds.indexOf(v.orderId())));
        return locked;
    }

    /**
     * Orders held with this hold code, longest-waiting first. The code is part of the statement, not a parameter:
     * only a constant lets PostgreSQL use a partial index made for one code ({@code orders_backordered}).
     */
    public List<UUID> heldFor(String code, int limit) {
        if (!HOLD_CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("Not a hold code: " + code);
        }
        return jdbc.queryForList("""
                        select id from orders where status = 'ON_HOLD' and canonical -> 'holdReasons' @> '[{"code": "%s"}]'
                        order by updated_at limit ?""".formatted(code), UUID.class, limit);
    }

    /** A row of (id, revision, canonical, raw) as the version it stores. */
    private StoredVersion storedVersion(ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredVersion(rs.getObject(1, UUID.class), rs.getInt(2), readOrder(rs.getString(3), rs.getString(4)), rs.getString(3));
    }

    public void markPublished(List<ErpFeedRecord> records) {
        // earlier revisions still open were superseded by the one just published; one statement for the whole feed
        jdbc.update("""
                        update order_versions v set erp_published_at = now()
                        from unnest(?::uuid[], ?::integer[]) as p(order_id, revision)
                        where v.order_id = p.order_id and v.revision <= p.revision and v.erp_published_at is null""",
                records.stream().map(ErpFeedRecord::orderId).toArray(UUID[]::new),
                records.stream().map(ErpFeedRecord::revision).toArray(Integer[]::new));
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

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An order could not be serialised for storing", e);
        }
    }

    private static String iso(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

}
