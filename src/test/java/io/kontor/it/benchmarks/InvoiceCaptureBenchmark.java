package io.kontor.it.benchmarks;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;

import io.kontor.invoices.InvoiceCapture;
import io.kontor.invoices.SupplierInvoicesFixture;
import io.kontor.platform.HtmlToPdf;
import io.kontor.sandbox.invoices.SupplierInvoiceFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Load driver for docs/benchmarks.md: supplier invoices captured by a few parallel callers of the capture (as the
 * folder, SFTP and mail routes call it), each done once archived, read, validated by the official artefacts of its
 * specification (CEN EN 16931 and KoSIT XRechnung for the XML, Factur-X EN16931 with its XSD for the PDFs), checked for
 * duplicates, and committed — XML e-invoices (XRechnung CII) and ZUGFeRD PDFs, all distinct invoices of 20
 * suppliers; then the same over {@code POST /api/invoices}.
 * <p>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kontor.it.benchmarks.InvoiceCaptureBenchmark -Dexec.args="3000 600 4 100"}
 * (XML invoices, PDF invoices, parallel clients, invoices/s of the steady phase that times each invoice from capture to match).
 */
public final class InvoiceCaptureBenchmark {

    public static void main(String[] args) throws Exception {
        int xmlCount = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int pdfCount = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Path work = Files.createTempDirectory("kontor-invoice-bench");
        TestInfrastructure.get();
        System.out.printf("xml: %d, pdf: %d, clients: %d, cores: %d, max heap: %d MiB%n", xmlCount, pdfCount, clients,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        List<byte[]> xml = new ArrayList<>();
        for (int i = 0; i < xmlCount + WARM_UP; i++) {
            xml.add(invoice("X", i));
        }
        byte[] page = HtmlToPdf.render("<html><body><h1>Rechnung</h1><p>Papier Müller GmbH</p></body></html>", "bench");
        List<byte[]> pdf = new ArrayList<>();
        for (int i = 0; i < pdfCount; i++) {
            pdf.add(hybrid(page, invoice("P", i)));
        }

        try (Hub hub = new Hub("invoice-bench", null, work).with("kontor.invoices.inbox-enabled", false)
                .with("kontor.invoices.prepare-artefacts", true)
                .with("kontor.security.api-clients.bench.token-sha256", io.kontor.platform.Digests.sha256Hex(BENCH_TOKEN))
                .with("kontor.security.api-clients.bench.roles", "OPS").start()) {
            // every supplier has an order covering its invoices, fully received: each invoice is matched, allocated and routed
            io.kontor.purchasing.PurchasingFeed purchasing = hub.bean(io.kontor.purchasing.PurchasingFeed.class);
            for (int s = 0; s < 20; s++) {
                String po = "PO-" + s;
                purchasing.order(new io.kontor.model.PurchaseOrder(po, "DE" + (100_000_000 + s), "Supplier " + s, "EUR", null, List.of(
                        new io.kontor.model.PurchaseOrder.Line(1, "TB100A4", "Trennblätter", new java.math.BigDecimal("100000000"), new java.math.BigDecimal("9.90")),
                        new io.kontor.model.PurchaseOrder.Line(2, "ARNR2", "Papier", new java.math.BigDecimal("100000000"), new java.math.BigDecimal("5.50")))));
                purchasing.receipt(new io.kontor.model.GoodsReceipt("GR-" + s, po, "DE-KOELN", java.time.Instant.now(), List.of(
                        new io.kontor.model.GoodsReceipt.Line(1, "TB100A4", new java.math.BigDecimal("100000000")),
                        new io.kontor.model.GoodsReceipt.Line(2, "ARNR2", new java.math.BigDecimal("100000000")))));
            }
            InvoiceCapture capture = hub.bean(InvoiceCapture.class);
            Capture direct = (name, content) -> capture.capture(content, name, null, "BENCH");
            run(direct, xml.subList(0, WARM_UP), clients, "warm-up", ".xml");
            await().atMost(java.time.Duration.ofMinutes(5)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from invoices where status = 'VALIDATED'", Integer.class) == 0);
            long matchStart = System.nanoTime();
            java.sql.Timestamp phaseStart = java.sql.Timestamp.from(java.time.Instant.now());
            Result x = run(direct, xml.subList(WARM_UP, xml.size()), clients, "XML e-invoices", ".xml");
            // the match runs behind the capture (kontor.invoices.v1): how long until every invoice has been matched
            await().atMost(java.time.Duration.ofMinutes(10)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from invoices where status = 'VALIDATED'", Integer.class) == 0);
            double matchedPerSecond = (xml.size() - WARM_UP) / ((System.nanoTime() - matchStart) / 1e9);
            long[] flat = captureToMatch(hub, phaseStart);
            for (String q : List.of("""
                    explain analyze select id, status, format, number, supplier_name, issue_date, currency, payable, rejection_rule, duplicate_of, type_code,
                       coalesce(upper(number) = upper('X-77'::text) and extract(year from issue_date) = 2026, false) as same_number,
                       coalesce(issue_date between '2026-11-01'::date and '2026-11-30'::date, false) as nearby,
                       coalesce(payable = 123.45::numeric and number is not null, false) as same_amount
                  from invoices
                 where supplier_key = 'DE100000005' and status not in ('REJECTED', 'DUPLICATE')
                   and ((upper(number) = upper('X-77'::text) and extract(year from issue_date) = 2026)
                        or issue_date between '2026-11-01'::date and '2026-11-30'::date
                        or payable = 123.45::numeric)""", """
                    explain analyze select id, number, currency, payable, type_code from invoices
                 where supplier_key = 'DE100000005' and status not in ('REJECTED', 'DUPLICATE')
                   and issue_date between '2026-11-01'::date and '2026-11-30'::date""")) {
                hub.jdbc().queryForList(q, String.class).forEach(System.out::println);
            }
            System.out.printf("XML captured and matched (to APPROVED / AWAITING_APPROVAL): %.0f invoices/s, capture to match p50 %d ms,"
                    + " p99 %d ms, max %d ms%n", matchedPerSecond, flat[0], flat[1], flat[2]);
            // a steady load below the machine's capacity: each invoice handed in on schedule, timed to its match
            List<byte[]> steady = new ArrayList<>();
            for (int i = 0; i < rate * 10; i++) {
                steady.add(invoice("S", i));
            }
            java.sql.Timestamp steadyStart = java.sql.Timestamp.from(java.time.Instant.now());
            paced(direct, steady, rate, clients);
            await().atMost(java.time.Duration.ofMinutes(5)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from invoices where status = 'VALIDATED'", Integer.class) == 0);
            long[] paced = captureToMatch(hub, steadyStart);
            System.out.printf("XML at %d invoices/s for 10 s: capture to match p50 %d ms, p99 %d ms, max %d ms%n", rate, paced[0], paced[1], paced[2]);
            long pdfStart = System.nanoTime();
            java.sql.Timestamp pdfPhase = java.sql.Timestamp.from(java.time.Instant.now());
            Result p = run(direct, pdf, clients, "ZUGFeRD PDFs", ".pdf");
            await().atMost(java.time.Duration.ofMinutes(5)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from invoices where status = 'VALIDATED'", Integer.class) == 0);
            double pdfMatchedPerSecond = pdf.size() / ((System.nanoTime() - pdfStart) / 1e9);
            long[] pdfToMatch = captureToMatch(hub, pdfPhase);
            System.out.printf("ZUGFeRD PDFs captured and matched: %.0f invoices/s, capture to match p50 %d ms, p99 %d ms, max %d ms%n",
                    pdfMatchedPerSecond, pdfToMatch[0], pdfToMatch[1], pdfToMatch[2]);
            // the same over the REST API, each request with HTTP Basic (a bcrypt check per request), then with a bearer token
            List<byte[]> again = new ArrayList<>();
            List<byte[]> tokened = new ArrayList<>();
            for (int i = 0; i < WARM_UP; i++) {
                again.add(invoice("H", i));
                tokened.add(invoice("T", i));
            }
            String basic = "Basic " + Base64.getEncoder().encodeToString(("ops:" + Hub.OPS_PASSWORD).getBytes(StandardCharsets.UTF_8));
            Result h = run(http(hub, basic), again, clients, "XML over POST /api/invoices (HTTP Basic)", ".xml");
            Result t = run(http(hub, "Bearer " + BENCH_TOKEN), tokened, clients, "XML over POST /api/invoices (bearer token)", ".xml");
            await().atMost(java.time.Duration.ofMinutes(5)).until(() -> hub.jdbc().queryForObject(
                    "select count(*) from invoices where status = 'VALIDATED'", Integer.class) == 0);
            Integer validated = hub.jdbc().queryForObject(
                    "select count(*) from invoices where status in ('APPROVED', 'AWAITING_APPROVAL')", Integer.class);
            Integer matched = hub.jdbc().queryForObject("select count(*) from invoice_matches", Integer.class);
            System.out.printf("%nRESULT XML: %.0f invoices/s, p50 %d ms, p99 %d ms (captured and matched: %.0f/s; at %d/s capture to match p99 %d ms) | PDF: %.0f invoices/s, p50 %d ms, p99 %d ms (captured and matched: %.0f/s)"
                            + " | REST Basic: %.0f invoices/s, p99 %d ms | REST token: %.0f invoices/s, p99 %d ms"
                            + " | approved or awaiting approval %d of %d (%d line allocations) | RSS %d MiB%n",
                    x.perSecond, x.p50, x.p99, matchedPerSecond, rate, paced[1], p.perSecond, p.p50, p.p99, pdfMatchedPerSecond, h.perSecond, h.p99, t.perSecond, t.p99, validated,
                    xml.size() + steady.size() + pdf.size() + again.size() + tokened.size(), matched, OrderThroughputBenchmark.rssMiB());
        }
        System.exit(0);
    }

    public record Result(double perSecond, long p50, long p99) {
    }

    private static final int WARM_UP = 200;

    public interface Capture {
        void capture(String name, byte[] content) throws Exception;
    }

    /** The benchmark's machine client: the hub knows only its SHA-256. */
    private static final String BENCH_TOKEN = "kontor-bench-7f3a9c2e41d84b6a9e0f5c1d2b3a4e5f";

    private static Capture http(Hub hub, String auth) {
        HttpClient http = HttpClient.newHttpClient();
        URI url = URI.create("http://localhost:" + hub.port() + "/api/invoices");
        return (name, content) -> {
            String boundary = "kontor-" + name;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                    .header("Authorization", auth).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, name, content))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
        };
    }

    /** p50, p99 and max of the time from the start of a capture to its match written, for invoices received since {@code since}. */
    private static long[] captureToMatch(Hub hub, java.sql.Timestamp since) {
        List<Long> ms = hub.jdbc().queryForList("""
                select (extract(epoch from matched_at - received_at) * 1000)::bigint from invoices
                 where received_at >= ? and matched_at is not null order by 1""", Long.class, since);
        return new long[]{ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.99)), ms.get(ms.size() - 1)};
    }

    /** Hands the files in at a fixed rate (open loop: a slow capture does not slow the schedule), up to {@code clients} at once. */
    private static void paced(Capture capture, List<byte[]> files, int perSecond, int clients) throws Exception {
        java.util.concurrent.ScheduledExecutorService pool = Executors.newScheduledThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            int n = i;
            done.add(pool.schedule(() -> {
                capture.capture("steady-" + n + ".xml", files.get(n));
                return null;
            }, i * 1_000_000_000L / perSecond, java.util.concurrent.TimeUnit.NANOSECONDS));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static Result run(Capture capture, List<byte[]> files, int clients, String what, String extension) throws Exception {
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] latency = new long[files.size()];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    capture.capture("invoice-" + i + extension, files.get(i));
                    latency[i] = (System.nanoTime() - t) / 1_000_000;
                }
                cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        Result result = new Result(files.size() / seconds, sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]);
        // the callers' own threads: for the direct capture that is reading, validating and the JDBC work of the capture
        System.out.printf("%s: %d in %.1f s = %.0f/s, latency p50 %d ms, p99 %d ms, max %d ms, CPU in the calling threads %.2f ms each%n",
                what, files.size(), seconds, result.perSecond, result.p50, result.p99, sorted[sorted.length - 1],
                cpuNanos.get() / 1e6 / files.size());
        return result;
    }

    /**
     * Invoice i of supplier i % 20, as Mustang writes it: its own number, VAT id and amount (the number of dividers
     * grows per supplier), so no invoice is a duplicate or a suspect of another and every check runs in full.
     */
    private static byte[] invoice(String series, int i) {
        String xml = new String(SupplierInvoiceFactory.xrechnungCii(SupplierInvoicesFixture.invoice(series + "-" + i,
                LocalDate.of(2026, 11, 2).plusDays(i % 28), "PO-" + (i % 20), 10_000 * (series.charAt(0) - 'A') + 1 + i / 20)),
                StandardCharsets.UTF_8);
        return xml.replace("DE123456788", "DE" + (100_000_000 + i % 20)).getBytes(StandardCharsets.UTF_8);
    }

    /** A ZUGFeRD-shaped PDF: the page with the invoice XML embedded as factur-x.xml. */
    private static byte[] hybrid(byte[] page, byte[] xml) throws Exception {
        try (PDDocument doc = Loader.loadPDF(page); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(xml), COSName.FLATE_DECODE);
            file.setSubtype("text/xml");
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile("factur-x.xml");
            spec.setFileUnicode("factur-x.xml");
            spec.setEmbeddedFile(file);
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of("factur-x.xml", spec));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            doc.getDocumentCatalog().setNames(names);
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] multipart(String boundary, String name, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    private InvoiceCaptureBenchmark() {
    }
}
