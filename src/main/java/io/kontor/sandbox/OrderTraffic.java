package io.kontor.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What every sandbox channel's traffic generator shares: the orders that still change, and the rule that an order
 * changes at most once per second (channel timestamps have whole seconds), so every change is a distinct version a
 * poller can see. A subclass creates orders and says what one change does.
 * <p>
 * Whether the seller ships from the channel's own back office ({@link #sellerShips}) decides who fulfils: when the
 * hub ships (its pick lists, labels and confirmations), the traffic only pays and cancels, and an order ready to ship
 * is left to the hub.
 */
public abstract class OrderTraffic {

    protected final Random random;
    protected final Clock clock;
    private final List<String> open = new ArrayList<>();
    private final Map<String, Instant> lastChange = new HashMap<>();
    private long versions;
    private volatile boolean sellerShips = true;

    /** What one change did to an order. */
    protected enum Outcome {
        /** changed, and changes again later */
        CHANGED,
        /** changed into a final state */
        FINISHED,
        /** not changed: what comes next is someone else's (the hub ships it) */
        LEFT
    }

    protected OrderTraffic(long seed, Clock clock) {
        this.random = new Random(seed);
        this.clock = clock;
    }

    /** Order versions created so far (each creation or change is one). */
    public synchronized long versionsCreated() {
        return versions;
    }

    /** False when the hub ships the channel's orders (and confirms them on the channel). */
    public void sellerShips(boolean ships) {
        this.sellerShips = ships;
    }

    protected boolean sellerShips() {
        return sellerShips;
    }

    /** Orders that still change. */
    public synchronized List<String> openOrders() {
        return List.copyOf(open);
    }

    /** The orders that still change and when each last did, for the sandbox's saved state. */
    public synchronized Map<String, Instant> openSince() {
        Map<String, Instant> state = new java.util.LinkedHashMap<>();
        open.forEach(id -> state.put(id, lastChange.getOrDefault(id, Instant.EPOCH)));
        return state;
    }

    /** Takes back the orders that still change (they are in the restored seller's store). */
    public synchronized void restoreOpen(Map<String, Instant> state) {
        state.forEach((id, at) -> {
            if (!open.contains(id)) {
                open.add(id);
                lastChange.put(id, at);
            }
        });
    }

    /** Changes one open order that has not changed in the current second; false when there is none. */
    public synchronized boolean updateRandomOrder() {
        Instant now = now();
        for (int attempt = 0; attempt < 8 && !open.isEmpty(); attempt++) {
            String id = open.get(random.nextInt(open.size()));
            if (now.isAfter(lastChange.get(id))) {
                return step(id, now);
            }
        }
        return false;
    }

    /** Changes this order now; false when it no longer changes. */
    public synchronized boolean advance(String id) {
        return open.contains(id) && step(id, now());
    }

    /** A subclass created an order at {@code at}; {@code changesLater} keeps it among the open ones. */
    protected synchronized void created(String id, Instant at, boolean changesLater) {
        if (changesLater) {
            open.add(id);
        }
        lastChange.put(id, at);
        versions++;
    }

    /** Applies one change to the order at {@code now}. */
    protected abstract Outcome change(String id, Instant now);

    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private boolean step(String id, Instant now) {
        Outcome outcome = change(id, now);
        if (outcome != Outcome.LEFT) {
            lastChange.put(id, now);
            versions++;
        }
        if (outcome != Outcome.CHANGED) {
            open.remove(id);
            lastChange.remove(id);
        }
        return true;
    }
}
