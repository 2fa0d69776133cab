package io.kontor.sandbox;

import io.kontor.fulfilment.FulfilmentProperties;
import io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator;
import io.kontor.stock.StockLedger;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The sandbox warehouses' stock: counted once into an empty ledger (most SKUs in most warehouses, a few scarce so
 * backorders and split shipments happen), then goods receipts top up what runs low, so backorders clear again.
 */
public final class SandboxStock {

    private final StockLedger ledger;
    private final FulfilmentProperties fulfilment;
    private final TransactionTemplate tx;
    private final Random random;

    public SandboxStock(StockLedger ledger, FulfilmentProperties fulfilment, TransactionTemplate tx, long seed) {
        this.ledger = ledger;
        this.fulfilment = fulfilment;
        this.tx = tx;
        this.random = new Random(seed);
    }

    public static List<String> skus() {
        List<String> skus = new ArrayList<>();
        SandboxCatalog.PRODUCTS.forEach(p -> skus.add(p.sku()));
        skus.addAll(WholesaleOrderFileGenerator.skus());
        return skus;
    }

    /** The first stock count, into an empty ledger only (a restarted sandbox keeps its stock). */
    public void seedIfEmpty() {
        tx.executeWithoutResult(status -> {
            if (!ledger.isEmpty()) {
                return;
            }
            for (String sku : skus()) {
                for (FulfilmentProperties.Warehouse w : fulfilment.warehouses()) {
                    int roll = random.nextInt(10);
                    int units = roll == 0 ? 0 : roll < 3 ? 1 + random.nextInt(3) : 20 + random.nextInt(60);
                    ledger.setOnHand(sku, w.code(), units, "STOCK_COUNT", "sandbox opening stock");
                }
            }
        });
    }

    /** A goods receipt for every level with fewer than {@code below} units available; returns how many were topped up. */
    public int replenish(int below, int units) {
        Integer n = tx.execute(status -> {
            int count = 0;
            for (StockLedger.Level level : ledger.levels(null)) {
                if (level.available() < below && random.nextInt(3) == 0) {
                    ledger.setOnHand(level.sku(), level.warehouse(), level.onHand() + units, "GOODS_RECEIPT", "sandbox supplier delivery");
                    count++;
                }
            }
            return count;
        });
        return n == null ? 0 : n;
    }
}
