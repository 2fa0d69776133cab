package io.kontor.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.stock.MovementType;
import io.kontor.stock.StockLedger;
import io.kontor.stock.StockReconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The sandbox's warehouse systems and ERP as the hub hears from them: each warehouse's WMS sends a snapshot of what it
 * counts, the ERP its figures per location — the same stock as the ledger, but now and then with a real fault, so the
 * reconciliation has something to find: a WMS that lost units the ledger still has (a miscount, shrinkage), a WMS
 * that booked a shipment twice, an ERP that never got a goods receipt. A fault lasts until the ledger is corrected by
 * an adjustment (an admin accepting the count or the ERP) or an admin tells the system the ledger stands (PUSH_LEDGER),
 * as it would: the other system does not change its mind by itself. The warehouses also move stock between them: a
 * transfer leaves the fullest warehouse, travels a while, and the destination counts it before its WMS books it.
 */
public final class SandboxStockSystems {

    /** Where the systems' reports go: each WMS's snapshots and movements (by warehouse), the ERP's figures; JSON each. */
    public record Outlets(BiConsumer<String, String> snapshot, BiConsumer<String, String> movement, Consumer<String> erp) {
    }

    private record Place(String sku, String warehouse) {
    }

    /** A difference the other system keeps from the ledger, since when. */
    private record Fault(int units, Instant since) {
    }

    /** Units on their way from one warehouse to another, arriving at {@code arrives}. */
    private record Transfer(String reference, String sku, String from, String to, int units, Instant arrives) {
    }

    static final Duration TRANSIT = Duration.ofSeconds(90);

    private final StockLedger ledger;
    private final StockReconciliation reconciliation;
    private final ObjectMapper json;
    private final Random random;
    private final double faultRate;
    private final Map<Place, Fault> wmsLost = new HashMap<>();
    private final Map<Place, Fault> erpMissing = new HashMap<>();
    private final List<Transfer> travelling = new ArrayList<>();
    private long transfers;

    /** @param faultRate the chance per snapshot round that each system picks up a new fault */
    public SandboxStockSystems(StockLedger ledger, StockReconciliation reconciliation, ObjectMapper json, long seed, double faultRate) {
        this.ledger = ledger;
        this.reconciliation = reconciliation;
        this.json = json;
        this.random = new Random(seed);
        this.faultRate = faultRate;
    }

    /** The transfers on their way, kept across a restart (the goods travel on while the hub is down). */
    public synchronized List<Map<String, Object>> saved() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Transfer t : travelling) {
            out.add(Map.of("reference", t.reference(), "sku", t.sku(), "from", t.from(), "to", t.to(), "units", t.units(),
                    "arrives", t.arrives().toString()));
        }
        return out;
    }

    public synchronized void restore(List<Map<String, Object>> saved) {
        for (Map<String, Object> t : saved) {
            travelling.add(new Transfer((String) t.get("reference"), (String) t.get("sku"), (String) t.get("from"), (String) t.get("to"),
                    ((Number) t.get("units")).intValue(), Instant.parse((String) t.get("arrives"))));
        }
    }

    /** One round: transfers dispatched and booked in, every warehouse's WMS snapshot and the ERP's figures. */
    public synchronized void report(Outlets out) {
        Instant now = Instant.now();
        List<StockLedger.Level> levels = ledger.levels(null);
        forgetSettled(wmsLost, true);
        forgetSettled(erpMissing, false);
        if (!levels.isEmpty() && random.nextDouble() < faultRate) {
            StockLedger.Level l = levels.get(random.nextInt(levels.size()));
            int lost = Math.min(l.onHand(), 1 + random.nextInt(3));
            if (lost > 0) {
                wmsLost.putIfAbsent(new Place(l.sku(), l.warehouse()), new Fault(lost, now));
            }
        }
        if (!levels.isEmpty() && random.nextDouble() < faultRate) {
            StockLedger.Level l = levels.get(random.nextInt(levels.size()));
            ledger.movements(l.sku(), 20, 0).stream()
                    .filter(m -> m.type() == MovementType.SHIPMENT && m.location().equals(l.warehouse()) && m.at().isAfter(now.minus(Duration.ofHours(1))))
                    .findFirst()
                    .ifPresent(shipped -> wmsLost.putIfAbsent(new Place(l.sku(), l.warehouse()), new Fault(-shipped.onHandDelta(), now)));
        }
        if (!levels.isEmpty() && random.nextDouble() < faultRate) {
            StockLedger.Level l = levels.get(random.nextInt(levels.size()));
            ledger.movements(l.sku(), 20, 0).stream()
                    .filter(m -> m.type() == MovementType.RECEIPT && m.location().equals(l.warehouse()) && m.onHandDelta() > 0)
                    .findFirst()
                    .ifPresent(receipt -> erpMissing.putIfAbsent(new Place(l.sku(), l.warehouse()), new Fault(receipt.onHandDelta(), now)));
        }
        // arrivals counted in the last round are booked in now; this round's arrivals are counted before they are booked
        Map<Place, Integer> arrivedUnbooked = new HashMap<>();
        for (Iterator<Transfer> i = travelling.iterator(); i.hasNext(); ) {
            Transfer t = i.next();
            if (t.arrives().isBefore(now.minus(Duration.ofSeconds(30)))) {
                out.movement().accept(t.to(), write(Map.of("id", t.reference() + "-IN", "warehouse", t.to(), "sku", t.sku(), "type", "TRANSFER_IN",
                        "quantity", t.units(), "transfer", t.reference(), "origin", t.from(), "at", now.toString())));
                i.remove();
            } else if (t.arrives().isBefore(now)) {
                arrivedUnbooked.merge(new Place(t.sku(), t.to()), t.units(), Integer::sum);
            }
        }
        dispatchOne(levels, now, out);
        Map<String, List<Map<String, Object>>> byWarehouse = new LinkedHashMap<>();
        List<Map<String, Object>> erpLines = new ArrayList<>();
        for (StockLedger.Level l : levels) {
            Place p = new Place(l.sku(), l.warehouse());
            int counted = l.onHand() - (wmsLost.containsKey(p) ? wmsLost.get(p).units() : 0) + arrivedUnbooked.getOrDefault(p, 0);
            byWarehouse.computeIfAbsent(l.warehouse(), w -> new ArrayList<>()).add(Map.of("sku", l.sku(), "quantity", Math.max(0, counted)));
            int booked = l.onHand() - (erpMissing.containsKey(p) ? erpMissing.get(p).units() : 0);
            erpLines.add(Map.of("sku", l.sku(), "location", l.warehouse(), "quantity", Math.max(0, booked)));
        }
        for (Map.Entry<String, List<Map<String, Object>>> w : byWarehouse.entrySet()) {
            out.snapshot().accept(w.getKey(), write(Map.of("warehouse", w.getKey(), "asOf", now.toString(), "lines", w.getValue())));
        }
        out.erp().accept(write(Map.of("asOf", now.toString(), "lines", erpLines)));
    }

    /** Now and then a few units leave the warehouse with the most of a SKU for the one with the least. */
    private void dispatchOne(List<StockLedger.Level> levels, Instant now, Outlets out) {
        if (levels.size() < 2 || random.nextDouble() >= faultRate) {
            return;
        }
        String sku = levels.get(random.nextInt(levels.size())).sku();
        List<StockLedger.Level> of = levels.stream().filter(l -> l.sku().equals(sku)).sorted((a, b) -> b.available() - a.available()).toList();
        if (of.size() < 2 || of.get(0).available() < 12) {
            return;
        }
        StockLedger.Level from = of.get(0);
        StockLedger.Level to = of.get(of.size() - 1);
        // a third of what is free at most: orders reserving meanwhile must not leave the dispatch below what they hold
        int units = Math.max(1, from.available() / 3);
        Transfer t = new Transfer("UML-" + now.toEpochMilli() + "-" + (++transfers), sku, from.warehouse(), to.warehouse(), units, now.plus(TRANSIT));
        out.movement().accept(from.warehouse(), write(Map.of("id", t.reference() + "-OUT", "warehouse", from.warehouse(), "sku", sku, "type", "TRANSFER_OUT",
                "quantity", -units, "transfer", t.reference(), "destination", to.warehouse(), "at", now.toString())));
        travelling.add(t);
    }

    /** A fault ends once the ledger took an adjustment for that place after it began, or an admin said the ledger stands. */
    private void forgetSettled(Map<Place, Fault> faults, boolean wms) {
        faults.entrySet().removeIf(f -> {
            Place p = f.getKey();
            Instant since = f.getValue().since();
            boolean adjusted = ledger.movements(p.sku(), 50, 0).stream()
                    .anyMatch(m -> m.type() == MovementType.ADJUSTMENT && m.location().equals(p.warehouse()) && m.at().isAfter(since));
            return adjusted || reconciliation.discrepancies("RESOLVED", p.sku(), 20, 0).stream()
                    .anyMatch(d -> d.location().equals(p.warehouse()) && d.system().startsWith(wms ? "WMS" : "ERP")
                            && d.resolution() != null && d.resolution().equals(StockReconciliation.Resolution.PUSH_LEDGER.name())
                            && d.resolvedAt().isAfter(since));
        });
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report for a warehouse listed goes into its WMS's files, any other's to the topic. */
    public static BiConsumer<String, String> fileOr(Map<String, SandboxWmsDrop> fileDrops, BiConsumer<SandboxWmsDrop, String> file,
                                                   BiConsumer<String, String> topic) {
        return (warehouse, body) -> {
            SandboxWmsDrop drop = fileDrops.get(warehouse);
            if (drop != null) {
                file.accept(drop, body);
            } else {
                topic.accept(warehouse, body);
            }
        };
    }
}
