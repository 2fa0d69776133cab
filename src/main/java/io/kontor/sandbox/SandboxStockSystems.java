package io.kontor.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kontor.stock.MovementType;
import io.kontor.stock.StockLedger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The sandbox's warehouse systems and ERP as the hub hears from them: each warehouse's WMS sends a snapshot of what it
 * counts, the ERP its figures per location — the same stock as the ledger, but now and then with a real fault, so the
 * reconciliation has something to find: a WMS that lost units the ledger still has (a miscount, shrinkage), an ERP
 * that never got a goods receipt. A fault lasts until the ledger is corrected by an adjustment (an admin accepting
 * the count or the ERP), as it would: the other system does not change its mind by itself.
 */
public final class SandboxStockSystems {

    private record Place(String sku, String warehouse) {
    }

    /** A difference the other system keeps from the ledger, since when. */
    private record Fault(int units, Instant since) {
    }

    private final StockLedger ledger;
    private final ObjectMapper json;
    private final Random random;
    private final double faultRate;
    private final Map<Place, Fault> wmsLost = new HashMap<>();
    private final Map<Place, Fault> erpMissing = new HashMap<>();

    /** @param faultRate the chance per snapshot round that each system picks up a new fault */
    public SandboxStockSystems(StockLedger ledger, ObjectMapper json, long seed, double faultRate) {
        this.ledger = ledger;
        this.json = json;
        this.random = new Random(seed);
        this.faultRate = faultRate;
    }

    /** One round: every warehouse's WMS snapshot and the ERP's figures, each handed to {@code send} (topic key, JSON). */
    public synchronized void report(BiConsumer<String, String> wms, BiConsumer<String, String> erp) {
        Instant now = Instant.now();
        List<StockLedger.Level> levels = ledger.levels(null);
        forgetCorrected(wmsLost);
        forgetCorrected(erpMissing);
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
                    .filter(m -> m.type() == MovementType.RECEIPT && m.location().equals(l.warehouse()) && m.onHandDelta() > 0)
                    .findFirst()
                    .ifPresent(receipt -> erpMissing.putIfAbsent(new Place(l.sku(), l.warehouse()), new Fault(receipt.onHandDelta(), now)));
        }
        Map<String, List<Map<String, Object>>> byWarehouse = new LinkedHashMap<>();
        List<Map<String, Object>> erpLines = new ArrayList<>();
        for (StockLedger.Level l : levels) {
            Place p = new Place(l.sku(), l.warehouse());
            int counted = l.onHand() - (wmsLost.containsKey(p) ? wmsLost.get(p).units() : 0);
            byWarehouse.computeIfAbsent(l.warehouse(), w -> new ArrayList<>()).add(Map.of("sku", l.sku(), "quantity", Math.max(0, counted)));
            int booked = l.onHand() - (erpMissing.containsKey(p) ? erpMissing.get(p).units() : 0);
            erpLines.add(Map.of("sku", l.sku(), "location", l.warehouse(), "quantity", Math.max(0, booked)));
        }
        try {
            for (Map.Entry<String, List<Map<String, Object>>> w : byWarehouse.entrySet()) {
                wms.accept(w.getKey(), json.writeValueAsString(Map.of("warehouse", w.getKey(), "asOf", now.toString(), "lines", w.getValue())));
            }
            erp.accept("ERP", json.writeValueAsString(Map.of("asOf", now.toString(), "lines", erpLines)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fault ends once the ledger took an adjustment for that place after it began (someone settled it). */
    private void forgetCorrected(Map<Place, Fault> faults) {
        faults.entrySet().removeIf(f -> ledger.movements(f.getKey().sku(), 50, 0).stream().anyMatch(m -> m.type() == MovementType.ADJUSTMENT
                && m.location().equals(f.getKey().warehouse()) && m.at().isAfter(f.getValue().since())));
    }
}
