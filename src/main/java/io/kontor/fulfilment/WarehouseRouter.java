package io.kontor.fulfilment;

import io.kontor.model.Channel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses where an order's open units ship from. Each warehouse is scored by whether it can fill every line (or
 * which share of the units), whether it serves the destination country, and its cost per order; a warehouse already
 * holding units of the order scores a little more, so later units follow earlier ones. The best warehouse that can
 * fill everything wins; if none can, a channel that allows split shipments gets each line from the best warehouse
 * that has it, and any other order takes what the best warehouse has and waits there for the rest.
 */
public final class WarehouseRouter {

    /** Units of one order line still to be placed. */
    public record Need(String channelLineId, String sku, int units) {
    }

    /** Units of a line to reserve in a warehouse. */
    public record Allocation(String channelLineId, String sku, String warehouse, int units) {
    }

    /** How one warehouse scored, and why. */
    public record Candidate(String warehouse, double score, boolean canFill, int fillableUnits, boolean servesDestination,
                            List<String> reasons) {
    }

    /**
     * The decision: what to reserve where, what waits for stock, how every warehouse scored and which rule decided.
     */
    public record Plan(String rule, List<Allocation> allocations, List<Need> backordered, List<Candidate> candidates) {
    }

    public static final String SINGLE = "SINGLE_WAREHOUSE";
    public static final String SPLIT = "SPLIT";
    public static final String WAIT_AT_BEST = "PARTIAL_WAIT_AT_BEST";
    public static final String NO_WAREHOUSE = "NO_WAREHOUSE";
    private static final double STICKINESS = 5;

    private final FulfilmentProperties config;

    public WarehouseRouter(FulfilmentProperties config) {
        this.config = config;
    }

    /**
     * @param available units available per SKU and warehouse (a snapshot: reserving may still get fewer)
     * @param holding   warehouses already holding units of this order
     */
    public Plan plan(List<Need> needs, String destination, Channel channel, Map<String, Map<String, Integer>> available,
                     List<String> holding) {
        int total = needs.stream().mapToInt(Need::units).sum();
        if (config.warehouses().isEmpty()) {
            return new Plan(NO_WAREHOUSE, List.of(), needs, List.of());
        }
        List<Candidate> candidates = new ArrayList<>();
        for (FulfilmentProperties.Warehouse w : config.warehouses()) {
            int fillable = 0;
            for (Need n : needs) {
                fillable += Math.min(n.units(), availableAt(available, n.sku(), w.code()));
            }
            boolean canFill = fillable == total;
            boolean serves = w.serves(destination);
            FulfilmentProperties.Weights weights = config.weights();
            double score = (canFill ? weights.fill() : weights.fill() * 0.5 * fillable / Math.max(total, 1))
                    + (serves ? weights.zone() : 0) - weights.cost() * w.costPerOrder().doubleValue()
                    + (holding.contains(w.code()) ? STICKINESS : 0);
            List<String> reasons = new ArrayList<>();
            reasons.add(canFill ? "has all " + total + " units" : "has " + fillable + " of " + total + " units");
            reasons.add(serves ? "serves " + destination : "does not serve " + (destination == null ? "an unknown destination" : destination));
            reasons.add("cost per order " + w.costPerOrder().toPlainString());
            if (holding.contains(w.code())) {
                reasons.add("already holds units of this order");
            }
            candidates.add(new Candidate(w.code(), Math.round(score * 100) / 100.0, canFill, fillable, serves, reasons));
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed().thenComparing(Candidate::warehouse));

        for (Candidate c : candidates) {
            if (c.canFill()) {
                List<Allocation> all = new ArrayList<>();
                needs.forEach(n -> all.add(new Allocation(n.channelLineId(), n.sku(), c.warehouse(), n.units())));
                return new Plan(SINGLE, all, List.of(), candidates);
            }
        }
        Map<String, Map<String, Integer>> left = copy(available);
        List<Allocation> allocations = new ArrayList<>();
        List<Need> backordered = new ArrayList<>();
        boolean split = config.splitChannels().contains(channel);
        List<Candidate> sources = split ? candidates : candidates.subList(0, 1);
        for (Need n : needs) {
            int open = n.units();
            for (Candidate c : sources) {
                int take = Math.min(open, availableAt(left, n.sku(), c.warehouse()));
                if (take > 0) {
                    allocations.add(new Allocation(n.channelLineId(), n.sku(), c.warehouse(), take));
                    left.get(n.sku()).merge(c.warehouse(), -take, Integer::sum);
                    open -= take;
                }
                if (open == 0) {
                    break;
                }
            }
            if (open > 0) {
                backordered.add(new Need(n.channelLineId(), n.sku(), open));
            }
        }
        return new Plan(split ? SPLIT : WAIT_AT_BEST, allocations, backordered, candidates);
    }

    private static int availableAt(Map<String, Map<String, Integer>> available, String sku, String warehouse) {
        Map<String, Integer> bySku = available.get(sku);
        return bySku == null ? 0 : Math.max(0, bySku.getOrDefault(warehouse, 0));
    }

    private static Map<String, Map<String, Integer>> copy(Map<String, Map<String, Integer>> available) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        available.forEach((sku, m) -> out.put(sku, new HashMap<>(m)));
        return out;
    }
}
