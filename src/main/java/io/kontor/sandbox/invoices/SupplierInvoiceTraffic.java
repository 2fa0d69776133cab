package io.kontor.sandbox.invoices;

import io.kontor.model.GoodsReceipt;
import io.kontor.model.PurchaseOrder;
import io.kontor.sandbox.SandboxCatalog;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Line;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Spec;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory.Supplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The retailer's purchasing and its suppliers: the ERP orders (a purchase order on its topic), the warehouse receives
 * (a goods receipt on the WMS topic; now and then only part of it, the rest with the next delivery), and the supplier
 * invoices — most as XRechnung, some as ZUGFeRD PDF, mostly as ordered, now and then above the ordered price or for
 * more than was ordered, now and then twice (a resent file, or the PDF after the XML). Files appear in the inbox
 * whole (written beside it, then moved in), as a mail client or a transfer tool would leave them.
 */
public final class SupplierInvoiceTraffic {

    static final List<Supplier> SUPPLIERS = List.of(
            new Supplier("Nordtex Textil GmbH", "DE811234565", "Weberstraße 4", "48143", "Münster", "DE",
                    "DE02120300000000202051", "BYLADEM1001", "rechnung@nordtex.example"),
            new Supplier("Kaffeerösterei Hanse KG", "DE276543216", "Speicherstadt 12", "20457", "Hamburg", "DE",
                    "DE02100100100006820101", "PBNKDEFFXXX", "buchhaltung@hanse-kaffee.example"),
            new Supplier("Schreibwaren Alpina GmbH", "ATU12345678", "Mariahilfer Straße 88", "1070", "Wien", "AT",
                    "AT611904300234573201", "BKAUATWWXXX", "invoices@alpina.example"));
    /** A small supplier whose software prints plain PDFs: its invoices wait for a person's review until its template is learned. */
    static final Supplier PLAIN_PDF_SUPPLIER = new Supplier("Holzwerk Brandt e.K.", "DE298765435", "Sägewerkweg 3", "01067",
            "Dresden", "DE", "DE89370400440532013000", "COBADEFFXXX", "rechnung@holzwerk-brandt.example");

    private final Path inbox;
    private final Consumer<PurchaseOrder> erp;
    private final Consumer<GoodsReceipt> wms;
    private final List<GoodsReceipt> laterDeliveries = new ArrayList<>();
    private final Random random;
    private final Clock clock;
    private final double resendRate;
    private int sequence;
    /**
     * The net amounts each supplier invoiced lately: the sandbox's buyer never orders exactly the same goods twice in
     * a row, so no invoice looks like a resend by chance — a suspected duplicate in the sandbox is a deliberate resend.
     */
    private final Map<String, java.util.Deque<BigDecimal>> recentNets = new java.util.HashMap<>();

    public SupplierInvoiceTraffic(Path inbox, Consumer<PurchaseOrder> erp, Consumer<GoodsReceipt> wms, long seed, double resendRate,
                                  Clock clock) {
        this.inbox = inbox;
        this.erp = erp;
        this.wms = wms;
        this.random = new Random(seed);
        this.resendRate = resendRate;
        this.clock = clock;
        this.sequence = (int) (clock.millis() / 1000 % 100_000); // numbers stay unique across restarts of the sandbox
    }

    /** The rest of earlier partial deliveries arrives; one order is placed, received and invoiced (and, at the resend rate, invoiced again). */
    public synchronized void send() {
        laterDeliveries.forEach(wms);
        laterDeliveries.clear();
        boolean plain = random.nextDouble() < 0.1;
        Supplier supplier = plain ? PLAIN_PDF_SUPPLIER : SUPPLIERS.get(random.nextInt(SUPPLIERS.size()));
        LocalDate today = LocalDate.now(clock);
        int n = ++sequence;
        String po = "PO-" + today.getYear() + "-" + n;
        List<PurchaseOrder.Line> ordered = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            SandboxCatalog.Product p = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            if (ordered.stream().noneMatch(l -> l.sku().equals(p.sku()))) {
                ordered.add(new PurchaseOrder.Line(ordered.size() + 1, p.sku(), p.title(), BigDecimal.valueOf(6L * (1 + random.nextInt(10))),
                        p.price().multiply(new BigDecimal("0.45")).setScale(2, RoundingMode.HALF_UP)));
            }
        }
        java.util.Deque<BigDecimal> recent = recentNets.computeIfAbsent(supplier.vatId(), k -> new java.util.ArrayDeque<>());
        while (recent.contains(net(ordered))) {
            PurchaseOrder.Line first = ordered.get(0);
            ordered.set(0, new PurchaseOrder.Line(first.lineNo(), first.sku(), first.description(), first.quantity().add(BigDecimal.valueOf(6)),
                    first.unitPrice()));
        }
        recent.addLast(net(ordered));
        if (recent.size() > 500) {
            recent.removeFirst();
        }
        erp.accept(new PurchaseOrder(po, supplier.vatId(), supplier.name(), "EUR", today.minusDays(7), ordered, "DE-KOELN"));
        Instant received = clock.instant();
        boolean partial = random.nextDouble() < 0.15;
        List<GoodsReceipt.Line> now = new ArrayList<>();
        List<GoodsReceipt.Line> later = new ArrayList<>();
        for (PurchaseOrder.Line l : ordered) {
            BigDecimal first = partial && l.lineNo() == 1 ? l.quantity().subtract(BigDecimal.valueOf(6)) : l.quantity();
            now.add(new GoodsReceipt.Line(l.lineNo(), l.sku(), first));
            if (first.compareTo(l.quantity()) < 0) {
                later.add(new GoodsReceipt.Line(l.lineNo(), l.sku(), l.quantity().subtract(first)));
            }
        }
        wms.accept(new GoodsReceipt("GR-" + po + "-1", po, "DE-KOELN", received, now));
        if (!later.isEmpty()) {
            laterDeliveries.add(new GoodsReceipt("GR-" + po + "-2", po, "DE-KOELN", received, later));
        }
        double deviation = random.nextDouble();
        List<Line> lines = new ArrayList<>();
        for (PurchaseOrder.Line l : ordered) {
            BigDecimal price = deviation < 0.05 && l.lineNo() == 1 ? l.unitPrice().multiply(new BigDecimal("1.06")).setScale(2, RoundingMode.HALF_UP) : l.unitPrice();
            BigDecimal quantity = deviation >= 0.05 && deviation < 0.10 && l.lineNo() == 1 ? l.quantity().add(BigDecimal.ONE) : l.quantity();
            lines.add(new Line(l.sku(), l.description(), quantity, price, new BigDecimal("19")));
        }
        String number = "RE-" + today.getYear() + "-" + n;
        Spec spec = new Spec(number, today.minusDays(random.nextInt(3)), 30, supplier, "KONTOR-AP-1", po, lines, false);
        boolean pdf = plain || random.nextDouble() < 0.3;
        byte[] content = plain ? SupplierInvoiceFactory.plainPdf(spec)
                : pdf ? SupplierInvoiceFactory.zugferdPdf(spec) : SupplierInvoiceFactory.xrechnungCii(spec);
        String name = supplier.vatId() + "_" + number + (pdf ? ".pdf" : ".xml");
        drop(name, content);
        if (random.nextDouble() < resendRate && !plain) {
            if (random.nextBoolean()) {
                drop("resent_" + name, content);
            } else {
                drop(supplier.vatId() + "_" + number + (pdf ? ".xml" : ".pdf"),
                        pdf ? SupplierInvoiceFactory.xrechnungCii(spec) : SupplierInvoiceFactory.zugferdPdf(spec));
            }
        }
    }

    private static BigDecimal net(List<PurchaseOrder.Line> lines) {
        return lines.stream().map(l -> l.quantity().multiply(l.unitPrice())).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP);
    }

    /** What a restarted sandbox needs to go on: deliveries still to come, and the amounts invoiced lately. */
    public synchronized Map<String, Object> saved() {
        // copies: the state is written on another thread after this returns, while send() goes on changing the deques
        Map<String, List<BigDecimal>> nets = new java.util.HashMap<>();
        recentNets.forEach((vat, amounts) -> nets.put(vat, List.copyOf(amounts)));
        return Map.of("laterDeliveries", List.copyOf(laterDeliveries), "recentNets", nets);
    }

    public synchronized void restore(List<GoodsReceipt> deliveries, Map<String, List<BigDecimal>> nets) {
        laterDeliveries.addAll(deliveries);
        nets.forEach((vat, amounts) -> recentNets.computeIfAbsent(vat, k -> new java.util.ArrayDeque<>()).addAll(amounts));
    }

    private void drop(String name, byte[] content) {
        try {
            Files.createDirectories(inbox);
            Path partial = Files.createTempFile(inbox.getParent(), ".incoming-", ".part");
            Files.write(partial, content);
            Files.move(partial, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox supplier could not drop " + name, e);
        }
    }
}
