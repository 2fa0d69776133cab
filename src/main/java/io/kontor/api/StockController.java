package io.kontor.api;

import io.kontor.fulfilment.FulfilmentProperties;
import io.kontor.purchasing.PurchaseOrders;
import io.kontor.stock.StockFeeds;
import io.kontor.stock.StockLedger;
import io.kontor.stock.StockReconciliation;
import io.kontor.stock.StockSync;
import io.kontor.stock.StockTransfers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

@Tag(name = "Stock", description = "On hand, reserved and available per SKU and warehouse")
@RestController
@RequestMapping("/api/stock")
@Validated
public class StockController {

    private final StockLedger ledger;
    private final FulfilmentProperties fulfilment;
    private final StockSync sync;
    private final PurchaseOrders purchasing;
    private final StockReconciliation reconciliation;
    private final StockFeeds feeds;
    private final StockTransfers transfers;
    private final io.kontor.stock.HeldStock heldStock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public StockController(StockLedger ledger, FulfilmentProperties fulfilment, StockSync sync, PurchaseOrders purchasing,
                           StockReconciliation reconciliation, StockFeeds feeds, StockTransfers transfers, io.kontor.stock.HeldStock heldStock,
                           com.fasterxml.jackson.databind.ObjectMapper json) {
        this.transfers = transfers;
        this.heldStock = heldStock;
        this.ledger = ledger;
        this.fulfilment = fulfilment;
        this.sync = sync;
        this.purchasing = purchasing;
        this.reconciliation = reconciliation;
        this.feeds = feeds;
        this.json = json;
    }

    @Operation(summary = "Compare every warehouse's, the ERP's and every channel's figures with the ledger now (admin): 201 with what "
            + "matched, what movements in flight explain, and the discrepancies found (GET /api/stock/discrepancies)")
    @PostMapping("/reconciliations")
    public ResponseEntity<StockReconciliation.Run> reconcile(Principal user) {
        StockReconciliation.Run run = reconciliation.run(user.getName());
        return ResponseEntity.created(java.net.URI.create("/api/stock/discrepancies?status=OPEN")).body(run);
    }

    @Operation(summary = "Discrepancies between the ledger and a warehouse, the ERP or a channel, newest first: each classified (MISSING_RECEIPT, "
            + "SHIPMENT_BOOKED_TWICE, LOST_RECEIPT, COUNT_DIFFERENCE, CHANNEL_DRIFT, NOT_SELLABLE), with every figure, the evidence and a suggested correction; "
            + "status OPEN or RESOLVED; paged (X-Total-Count, Link)")
    @GetMapping("/discrepancies")
    public ResponseEntity<List<StockReconciliation.Discrepancy>> discrepancies(@RequestParam(required = false) String status,
                                                                                @RequestParam(required = false) String sku,
                                                                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                                                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase(java.util.Locale.ROOT);
        if (s != null && !s.equals("OPEN") && !s.equals("RESOLVED")) {
            throw new IllegalArgumentException("status is OPEN or RESOLVED");
        }
        return Paging.answer(reconciliation.discrepancies(s, sku, size, (long) page * size), reconciliation.countDiscrepancies(s, sku), page, size);
    }

    @GetMapping("/discrepancies/{id}")
    public ResponseEntity<StockReconciliation.Discrepancy> discrepancy(@PathVariable long id) {
        StockReconciliation.Discrepancy d = reconciliation.discrepancy(id);
        return d == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(d);
    }

    /** How an admin settles a discrepancy, and why. */
    public record Resolve(StockReconciliation.Resolution action, String comment) {
    }

    @Operation(summary = "Resolve a discrepancy (admin): ACCEPT_COUNT or ACCEPT_ERP books the difference as an adjustment (pushed to every "
            + "channel), PUSH_LEDGER sends the ledger's figure again; recorded with who, when and the comment; 409 when resolved already")
    @PostMapping("/discrepancies/{id}/resolution")
    public ResponseEntity<StockReconciliation.Discrepancy> resolve(@PathVariable long id, @RequestBody Resolve resolve, Principal user) {
        if (resolve.action() == null) {
            throw new IllegalArgumentException("action is ACCEPT_COUNT, ACCEPT_ERP or PUSH_LEDGER");
        }
        StockReconciliation.Discrepancy d = reconciliation.resolve(id, resolve.action(), user.getName(), resolve.comment());
        return d == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(d);
    }

    @Operation(summary = "The ERP's stock figures (the REST way of kontor.erp.stock.v1): {asOf, lines:[{sku, location, quantity}]}; "
            + "kept for the reconciliation, never booked by themselves; 202 with the lines kept (an older snapshot keeps none)")
    @PostMapping("/erp-snapshots")
    public ResponseEntity<java.util.Map<String, Integer>> erpSnapshot(@RequestBody StockFeeds.Snapshot snapshot) {
        return ResponseEntity.accepted().body(java.util.Map.of("kept", feeds.erpSnapshot(io.kontor.platform.JsonColumns.write(json, snapshot))));
    }

    /**
     * One SKU everywhere: per warehouse what the ledger holds, per channel location what was sent and what it says, and
     * what channels hold and sell themselves (Amazon's fulfilment centres).
     */
    public record Position(String sku, List<LocationView> locations, List<ChannelView> channels, List<io.kontor.stock.HeldStock.Holding> held) {
    }

    public record LocationView(String location, int onHand, int reserved, int inbound, int inTransit, int available) {
    }

    /**
     * @param location  the channel's own location (empty for channels that show one figure per SKU)
     * @param wanted    what the ledger says the channel should show now
     * @param published what was last sent and acknowledged ({@code acknowledgedAt})
     * @param reported  what the channel said it shows ({@code reportedAt}): a read, a webhook, a compare-and-set refusal
     * @param status    SYNCED, PENDING, IN_FLIGHT, NOT_LISTED or REFUSED ({@code lastError})
     * @param sellable  what buyers can buy there, where the channel keeps it apart from what the listing is set to
     *                  (Amazon's summarised view); absent elsewhere
     */
    public record ChannelView(String channel, String account, String location, int wanted, Integer published, java.time.Instant acknowledgedAt,
                              Integer reported, java.time.Instant reportedAt, String status, String lastError, Integer sellable) {
    }

    @Operation(summary = "A SKU everywhere: per warehouse on hand, reserved, inbound (open purchase orders), in transit and available; "
            + "per channel location what it should show, what it was last sent and acknowledged, and what it reports itself; "
            + "what channels hold and sell themselves (held: Amazon's fulfilment centres), never pushed")
    @GetMapping("/{sku}")
    public ResponseEntity<Position> position(@PathVariable String sku) {
        java.util.Map<String, Integer> inbound = purchasing.inbound(sku);
        java.util.Map<String, Integer> inTransit = transfers.inTransit(sku);
        java.util.Map<String, LocationView> locations = new java.util.TreeMap<>();
        for (StockLedger.Level l : ledger.levels(sku)) {
            locations.put(l.warehouse(), new LocationView(l.warehouse(), l.onHand(), l.reserved(), inbound.getOrDefault(l.warehouse(), 0),
                    inTransit.getOrDefault(l.warehouse(), 0), l.available()));
        }
        java.util.Set<String> elsewhere = new java.util.TreeSet<>(inbound.keySet());
        elsewhere.addAll(inTransit.keySet());
        elsewhere.forEach(warehouse -> locations.putIfAbsent(warehouse, new LocationView(warehouse, 0, 0, inbound.getOrDefault(warehouse, 0),
                inTransit.getOrDefault(warehouse, 0), 0)));
        List<ChannelView> channels = sync.channels(sku).stream().map(c -> new ChannelView(c.channel(), c.account(), c.location(), c.wanted(),
                c.published(), c.acknowledgedAt(), c.reported(), c.reportedAt(), c.status(), c.lastError(), c.sellable())).toList();
        List<io.kontor.stock.HeldStock.Holding> held = heldStock.of(sku);
        if (locations.isEmpty() && channels.isEmpty() && held.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(new Position(sku, List.copyOf(locations.values()), channels, held));
    }

    @Operation(summary = "Per channel account: stock figures waiting to be acknowledged, how old the oldest change behind them is (and whether "
            + "that is over kontor.stock.lag-bound), and the lag from movement to acknowledgement (p50, p99 of about the last minute)")
    @GetMapping("/sync-lag")
    public List<StockSync.Lag> syncLag() {
        return sync.lag();
    }

    public record LevelView(String sku, String warehouse, int onHand, int reserved, int available) {
        static LevelView of(StockLedger.Level l) {
            return new LevelView(l.sku(), l.warehouse(), l.onHand(), l.reserved(), l.available());
        }
    }

    /** A counted quantity on hand and why it changed. */
    public record Count(Integer onHand, String note) {
    }

    @Operation(summary = "Stock levels, of one SKU or all")
    @GetMapping
    public List<LevelView> levels(@RequestParam(required = false) String sku) {
        return ledger.levels(sku).stream().map(LevelView::of).toList();
    }

    @Operation(summary = "The movements of a SKU, newest first: each with its type, location, units, what is behind it and when — "
            + "together they explain every level; paged (X-Total-Count, Link)")
    @GetMapping("/{sku}/movements")
    public ResponseEntity<List<StockLedger.Movement>> movements(@PathVariable String sku,
                                                                @RequestParam(defaultValue = "0") @Min(0) int page,
                                                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return Paging.answer(ledger.movements(sku, size, (long) page * size), ledger.countMovements(sku), page, size);
    }

    /** A correction of the units on hand: signed, with the reason. */
    public record Adjustment(String sku, String location, Integer quantity, String reason) {
    }

    @Operation(summary = "Correct the units on hand of a SKU in a warehouse by a signed quantity, with a reason (admin): 201 with the "
            + "movement; 409 when fewer units would remain than are reserved for orders")
    @PostMapping("/adjustments")
    public ResponseEntity<StockLedger.Movement> adjust(@RequestBody Adjustment adjustment, Principal user) {
        if (adjustment.sku() == null || adjustment.sku().isBlank() || adjustment.quantity() == null) {
            throw new IllegalArgumentException("sku, location, quantity (signed) and reason are required");
        }
        requireWarehouse(adjustment.location());
        StockLedger.Movement movement = ledger.adjust(adjustment.sku().strip(), adjustment.location(), adjustment.quantity(), user.getName(),
                adjustment.reason());
        return ResponseEntity.created(movementsUri(adjustment.sku().strip())).body(movement);
    }

    private void requireWarehouse(String warehouse) {
        if (fulfilment.warehouses().stream().noneMatch(w -> w.code().equals(warehouse))) {
            throw new IllegalArgumentException("Unknown warehouse " + warehouse);
        }
    }

    /** Units of a transfer line leaving or reaching a warehouse. */
    public record TransferLeg(String reference, String sku, String from, String to, Integer quantity) {
    }

    public record Closing(String reason) {
    }

    @Operation(summary = "Units leave one warehouse for another under a transfer order (admin): booked off the origin at once, in transit "
            + "to the destination until received; 201 with the transfer line; 409 when fewer units would remain than are reserved")
    @PostMapping("/transfers")
    public ResponseEntity<StockTransfers.Transfer> dispatch(@RequestBody TransferLeg leg) {
        StockTransfers.Transfer t = transfers.dispatch(leg.reference(), leg.sku(), warehouse(leg.from()), warehouse(leg.to()), units(leg));
        return ResponseEntity.created(transferUri(t)).body(t);
    }

    @Operation(summary = "Units of a transfer line arrived at its destination (admin): booked onto it; at most what is in transit")
    @PostMapping("/transfers/{reference}/{sku}/receipts")
    public ResponseEntity<StockTransfers.Transfer> receive(@PathVariable String reference, @PathVariable String sku, @RequestBody TransferLeg leg) {
        StockTransfers.Transfer known = transfers.transfer(reference, sku);
        if (known == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(transfers.receive(reference, sku, known.from(), known.to(), units(leg)));
    }

    @Operation(summary = "Close a transfer line (admin): what is still in transit is written off, with the reason")
    @PostMapping("/transfers/{reference}/{sku}/closing")
    public ResponseEntity<StockTransfers.Transfer> close(@PathVariable String reference, @PathVariable String sku, @RequestBody Closing closing,
                                                        Principal user) {
        StockTransfers.Transfer t = transfers.close(reference, sku, user.getName(), closing.reason());
        return t == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(t);
    }

    @Operation(summary = "Transfer lines between warehouses, newest first; status AWAITING_DISPATCH, IN_TRANSIT, RECEIVED or CLOSED; paged")
    @GetMapping("/transfers")
    public ResponseEntity<List<StockTransfers.Transfer>> transfers(@RequestParam(required = false) StockTransfers.Status status,
                                                                   @RequestParam(required = false) String sku,
                                                                   @RequestParam(defaultValue = "0") @Min(0) int page,
                                                                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        return Paging.answer(transfers.transfers(status, sku, size, (long) page * size), transfers.count(status, sku), page, size);
    }

    @GetMapping("/transfers/{reference}/{sku}")
    public ResponseEntity<StockTransfers.Transfer> transfer(@PathVariable String reference, @PathVariable String sku) {
        StockTransfers.Transfer t = transfers.transfer(reference, sku);
        return t == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(t);
    }

    private String warehouse(String code) {
        requireWarehouse(code);
        return code;
    }

    private static int units(TransferLeg leg) {
        if (leg.quantity() == null || leg.quantity() <= 0) {
            throw new IllegalArgumentException("quantity: the units moved, at least 1");
        }
        return leg.quantity();
    }

    private static java.net.URI transferUri(StockTransfers.Transfer t) {
        return java.net.URI.create("/api/stock/transfers/" + encode(t.reference()) + "/" + encode(t.sku()));
    }

    /** Where a SKU's movements are listed: the SKU one path segment (a space is %20, not the form encoding's +). */
    static java.net.URI movementsUri(String sku) {
        return java.net.URI.create("/api/stock/" + encode(sku) + "/movements");
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Operation(summary = "Set the counted quantity on hand (admin); backordered orders are tried again within seconds")
    @PutMapping("/{warehouse}/{sku}")
    public LevelView count(@PathVariable String warehouse, @PathVariable String sku, @RequestBody Count count, Principal user) {
        requireWarehouse(warehouse);
        if (count.onHand() == null) {
            throw new IllegalArgumentException("onHand is required");
        }
        String note = user.getName() + (count.note() == null || count.note().isBlank() ? "" : ": " + count.note().trim());
        return LevelView.of(ledger.setOnHand(sku, warehouse, count.onHand(), "STOCK_COUNT", note));
    }
}
