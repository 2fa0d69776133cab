package io.kontor.console;

import io.kontor.stock.StockReconciliation;
import org.springframework.stereotype.Component;

import java.util.List;

/** Stock discrepancies the reconciliation found, until an admin resolves them (accept the count or the ERP, push the ledger). */
@Component
class StockInbox implements InboxSource {

    private final StockReconciliation reconciliation;

    StockInbox(StockReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public String workflow() {
        return "stock";
    }

    @Override
    public long waiting() {
        return reconciliation.countDiscrepancies("OPEN", null);
    }

    @Override
    public List<InboxItem> first(int limit) {
        return reconciliation.discrepancies("OPEN", null, limit, 0).stream().map(d -> new InboxItem(workflow(),
                "discrepancy " + d.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                d.sku() + " · " + d.location() + " · " + d.system(),
                d.explanation() + " (ledger " + d.ledger() + ", " + d.system() + " " + d.reported() + ")", d.foundAt(), null,
                "/console/stock/" + java.net.URLEncoder.encode(d.sku(), java.nio.charset.StandardCharsets.UTF_8) + "#discrepancy-" + d.id())).toList();
    }
}
