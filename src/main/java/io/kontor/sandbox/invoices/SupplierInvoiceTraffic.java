package io.kontor.sandbox.invoices;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The retailer's suppliers sending invoices as they do: most as XRechnung, some as ZUGFeRD PDF, now and then the same
 * invoice twice (a resent file, or the PDF after the XML). Files appear in the inbox whole (written beside it, then
 * moved in), as a mail client or a transfer tool would leave them.
 */
public final class SupplierInvoiceTraffic {

    static final List<Supplier> SUPPLIERS = List.of(
            new Supplier("Nordtex Textil GmbH", "DE811234567", "Weberstraße 4", "48143", "Münster", "DE",
                    "DE02120300000000202051", "BYLADEM1001", "rechnung@nordtex.example"),
            new Supplier("Kaffeerösterei Hanse KG", "DE276543210", "Speicherstadt 12", "20457", "Hamburg", "DE",
                    "DE02100100100006820101", "PBNKDEFFXXX", "buchhaltung@hanse-kaffee.example"),
            new Supplier("Schreibwaren Alpina GmbH", "ATU12345678", "Mariahilfer Straße 88", "1070", "Wien", "AT",
                    "AT611904300234573201", "BKAUATWWXXX", "invoices@alpina.example"));

    private final Path inbox;
    private final Random random;
    private final Clock clock;
    private final double resendRate;
    private int sequence;

    public SupplierInvoiceTraffic(Path inbox, long seed, double resendRate, Clock clock) {
        this.inbox = inbox;
        this.random = new Random(seed);
        this.resendRate = resendRate;
        this.clock = clock;
        this.sequence = (int) (clock.millis() / 1000 % 100_000); // numbers stay unique across restarts of the sandbox
    }

    /** One supplier sends one invoice (and, at the resend rate, the same again). */
    public void send() {
        Supplier supplier = SUPPLIERS.get(random.nextInt(SUPPLIERS.size()));
        LocalDate today = LocalDate.now(clock);
        String number = "RE-" + today.getYear() + "-" + (++sequence);
        List<Line> lines = new ArrayList<>();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            SandboxCatalog.Product p = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            BigDecimal cost = p.price().multiply(new BigDecimal("0.45")).setScale(2, RoundingMode.HALF_UP);
            lines.add(new Line(p.sku(), p.title(), BigDecimal.valueOf(6L * (1 + random.nextInt(10))), cost, new BigDecimal("19")));
        }
        Spec spec = new Spec(number, today.minusDays(random.nextInt(3)), 30, supplier, "KONTOR-AP-1",
                "PO-" + today.getYear() + "-" + (1000 + random.nextInt(9000)), lines, false);
        boolean pdf = random.nextDouble() < 0.3;
        byte[] content = pdf ? SupplierInvoiceFactory.zugferdPdf(spec) : SupplierInvoiceFactory.xrechnungCii(spec);
        String name = supplier.vatId() + "_" + number + (pdf ? ".pdf" : ".xml");
        drop(name, content);
        if (random.nextDouble() < resendRate) {
            if (random.nextBoolean()) {
                drop("resent_" + name, content);
            } else {
                drop(supplier.vatId() + "_" + number + (pdf ? ".xml" : ".pdf"),
                        pdf ? SupplierInvoiceFactory.xrechnungCii(spec) : SupplierInvoiceFactory.zugferdPdf(spec));
            }
        }
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
