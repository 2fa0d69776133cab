package io.kontor.channel.ebay;

import io.kontor.stock.spi.StockUpdate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * eBay revises a listing at most {@code revisionsPerDay} (250) times a calendar day; a quantity change is a revision.
 * Each listing has a token bucket: a burst of a fifth of the day's revisions, refilled at the rest of them spread over
 * 24 hours — so any 24 hours, and so any calendar day in any time zone, holds at most the limit. A lower figure is
 * what keeps a listing from selling what is not there, a higher one can wait: a rise goes only while more than half
 * the burst is left, a fall while more than the last few tokens are, and those last few are for the fall to nothing
 * (sold out). A figure that must wait is held back until its token is there; changes meanwhile coalesce into it.
 */
@Component
public class EbayRevisionBudget {

    /** A listing's bucket: tokens left when counted. */
    record Bucket(double tokens, Instant countedAt) {
    }

    /** Where the buckets are kept (across restarts: a restart must not hand out a new day's revisions). */
    interface Store {
        Map<String, Bucket> load(String sellerId, List<String> skus);

        void save(String sellerId, Map<String, Bucket> buckets);
    }

    private final Store store;
    private final java.time.Clock clock;
    private final double capacity;
    /** Tokens a rise must leave (half the burst) and a fall must leave (the last few, for selling out). */
    private final double keptFromRises;
    private final double keptFromFalls;
    private final double perSecond;

    @org.springframework.beans.factory.annotation.Autowired
    public EbayRevisionBudget(JdbcTemplate jdbc, @Value("${kontor.channels.ebay.stock.revisions-per-day:250}") int revisionsPerDay) {
        this(new Store() {
            @Override
            public Map<String, Bucket> load(String sellerId, List<String> skus) {
                Map<String, Bucket> buckets = new HashMap<>();
                jdbc.query("select sku, tokens, counted_at from ebay_listing_revisions where seller_id = ? and sku = any(?)", rs -> {
                    buckets.put(rs.getString(1), new Bucket(rs.getDouble(2), rs.getTimestamp(3).toInstant()));
                }, sellerId, skus.toArray(String[]::new));
                return buckets;
            }

            @Override
            public void save(String sellerId, Map<String, Bucket> buckets) {
                List<Object[]> rows = new ArrayList<>();
                buckets.forEach((sku, b) -> rows.add(new Object[]{sellerId, sku, b.tokens(), Timestamp.from(b.countedAt())}));
                jdbc.batchUpdate("""
                        insert into ebay_listing_revisions (seller_id, sku, tokens, counted_at) values (?, ?, ?, ?)
                        on conflict (seller_id, sku) do update set tokens = excluded.tokens, counted_at = excluded.counted_at""", rows);
            }
        }, revisionsPerDay, java.time.Clock.systemUTC());
    }

    EbayRevisionBudget(Store store, int revisionsPerDay, java.time.Clock clock) {
        this.store = store;
        this.clock = clock;
        this.capacity = revisionsPerDay / 5.0;
        this.keptFromRises = capacity / 2;
        this.keptFromFalls = capacity / 10;
        this.perSecond = (revisionsPerDay - capacity) / Duration.ofDays(1).toSeconds();
    }

    /**
     * Takes a revision for each figure that may go now; answers, per figure in their order, null (send it) or when
     * it may go.
     */
    public List<Instant> take(String sellerId, List<StockUpdate> updates) {
        Instant now = clock.instant();
        Map<String, Bucket> buckets = new HashMap<>(store.load(sellerId, updates.stream().map(StockUpdate::sku).distinct().toList()));
        List<Instant> out = new ArrayList<>(updates.size());
        Map<String, Bucket> taken = new HashMap<>();
        for (StockUpdate u : updates) {
            double tokens = tokens(buckets.get(u.sku()), now, capacity, perSecond);
            double needed = u.quantity() == 0 && !Integer.valueOf(0).equals(u.previous()) ? 1 : lowers(u) ? keptFromFalls + 1 : keptFromRises + 1;
            if (tokens >= needed) {
                Bucket left = new Bucket(tokens - 1, now);
                buckets.put(u.sku(), left);
                taken.put(u.sku(), left);
                out.add(null);
            } else {
                out.add(now.plusMillis((long) Math.ceil((needed - tokens) / perSecond * 1000)));
            }
        }
        store.save(sellerId, taken);
        return out;
    }

    /** A figure lower than the listing shows (or one the listing never had): it goes first. */
    static boolean lowers(StockUpdate u) {
        return u.previous() == null || u.quantity() < u.previous();
    }

    /** Tokens in a bucket at {@code now}: a listing never revised has a full bucket. */
    static double tokens(Bucket b, Instant now, double capacity, double perSecond) {
        if (b == null) {
            return capacity;
        }
        double elapsed = Math.max(0, Duration.between(b.countedAt(), now).toMillis() / 1000.0);
        return Math.min(capacity, b.tokens() + elapsed * perSecond);
    }

}
