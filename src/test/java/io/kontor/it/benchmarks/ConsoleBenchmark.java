package io.kontor.it.benchmarks;

import io.kontor.it.Hub;
import io.kontor.it.TestInfrastructure;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Load driver for docs/benchmarks.md: how long the operations console's pages take with a retailer's history behind
 * them — by default 100,000 orders over 30 days (2 % held, 1.4 % released by a person), 20,000 supplier invoices
 * (with reviews, suspected duplicates, open approvals and exceptions, 2–3 log entries each) and 200 dead letters,
 * written set-based into the hub's own PostgreSQL, then analysed. Each page is fetched warm, one at a time, and timed
 * from request to last byte on localhost; the ceiling beside it is the hub's cheapest authenticated page in the same
 * run (a static stylesheet through the same security chain).
 * <p>
 * Run: {@code ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.kontor.it.benchmarks.ConsoleBenchmark -Dexec.args="100000 20000 40"}
 * (orders, invoices, timed fetches per page).
 */
public final class ConsoleBenchmark {

    public static void main(String[] args) {
        BenchmarkMain.exit(ConsoleBenchmark::run, args);
    }

    private static void run(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int invoices = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int fetches = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        Path work = Files.createTempDirectory("kontor-console-bench");
        TestInfrastructure.get();
        System.out.printf("orders: %d, invoices: %d, fetches per page: %d, cores: %d%n", orders, invoices, fetches,
                Runtime.getRuntime().availableProcessors());
        try (Hub hub = new Hub("console-bench", null, work).with("kontor.invoices.inbox-enabled", false).start()) {
            JdbcTemplate db = hub.jdbc();
            long loading = System.nanoTime();
            load(db, orders, invoices);
            System.out.printf("loaded in %.1f s: %s%n", (System.nanoTime() - loading) / 1e9, db.queryForMap("""
                    select (select count(*) from orders) orders, (select count(*) from orders where status = 'ON_HOLD') held,
                           (select count(*) from invoices) invoices, (select count(*) from invoice_events) events,
                           (select count(*) from invoice_approvals where decided_at is null) open_approvals"""));

            String anOrder = db.queryForObject("select id::text from orders where status = 'ON_HOLD' limit 1", String.class);
            String anInvoice = db.queryForObject("select id::text from invoices where status = 'EXCEPTION' limit 1", String.class);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("ceiling: /console.css", "/console.css");
            pages.put("inbox, all workflows", "/");
            pages.put("inbox, invoices, page 10", "/?workflow=invoices&page=10");
            pages.put("orders dashboard, 30 days", "/console/dashboards/orders?days=30");
            pages.put("orders dashboard, 48 hours", "/console/dashboards/orders?days=2");
            pages.put("invoices dashboard, 30 days", "/console/dashboards/invoices?days=30");
            pages.put("search an order number", "/console/search?q=B-77777");
            pages.put("search a supplier", "/console/search?q=Supplier%2017");
            pages.put("an order", "/console/orders/" + anOrder);
            pages.put("an invoice", "/console/invoices/" + anInvoice);
            pages.put("channel health", "/console/channels");

            HttpClient http = HttpClient.newHttpClient();
            String auth = Hub.basic("ops", Hub.OPS_PASSWORD);
            System.out.printf("%-30s %9s %9s %9s %9s%n", "page", "p50 ms", "p95 ms", "max ms", "KiB");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + hub.port() + page.getValue()))
                        .header("Authorization", auth).build();
                int size = 0;
                for (int i = 0; i < 10; i++) {
                    HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(page.getValue() + " answered " + answer.statusCode());
                    }
                    size = answer.body().length;
                }
                double[] ms = new double[fetches];
                for (int i = 0; i < fetches; i++) {
                    long start = System.nanoTime();
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("%-30s %9.1f %9.1f %9.1f %9d%n", page.getKey(), ms[fetches / 2], ms[(int) Math.ceil(fetches * 0.95) - 1],
                        ms[fetches - 1], size >> 10);
            }
        }
    }

    /** A retailer's history, written set-based (generate_series), as the workflows would have left it. */
    private static void load(JdbcTemplate db, int orders, int invoices) {
        db.update("""
                insert into orders (id, channel, channel_account, channel_order_id, order_number, status, currency, grand_total, created_at,
                                    channel_updated_at, content_sha256, canonical, raw_payload, received_at, updated_at)
                select gen_random_uuid(), (array['SHOPIFY','AMAZON','EBAY','WOOCOMMERCE'])[1 + g % 4], 'bench', 'B-' || g, '#' || g,
                       case when g % 50 = 0 then 'ON_HOLD' else 'OPEN' end, 'EUR', 45 + g % 200, t, t, md5(g::text) || md5(g::text),
                       jsonb_build_object('channel', 'SHOPIFY', 'channelOrderId', 'B-' || g, 'orderNumber', '#' || g,
                           'holdReasons', case when g % 50 = 0 then '[{"code":"SHIP_TO_POSTCODE_INVALID","message":"Postcode is not valid"}]'::jsonb
                                               else '[]'::jsonb end,
                           'routing', jsonb_build_object('rule', 'NEAREST', 'decidedAt', to_char((t + (g % 40) * interval '1 second') at time zone 'UTC',
                                                          'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
                       '{}'::jsonb, t, t
                  from (select g, now() - (g % 43200) * interval '1 minute' as t from generate_series(1, ?) g) s""", orders);
        db.update("""
                insert into order_hold_releases (order_id, code, released_by, comment)
                select id, 'EMAIL_INVALID', 'admin', 'typo' from orders where status = 'OPEN' and (channel_order_id like '%7')
                 and random() < 0.14""");
        db.update("""
                insert into invoice_documents (sha256, file_name, media_type, size_bytes, content, channel)
                select md5('d' || g) || md5('e' || g), 'RE-' || g || '.xml', 'application/xml', 5, 'x'::bytea, 'API' from generate_series(1, ?) g""",
                invoices);
        db.update("""
                insert into invoices (id, document_sha256, status, format, supplier_key, supplier_name, number, issue_date, type_code, currency,
                                      payable, canonical, received_at, updated_at, published_at)
                select gen_random_uuid(), md5('d' || g) || md5('e' || g),
                       case when g % 20 = 0 then 'NEEDS_REVIEW' when g % 50 = 1 then 'DUPLICATE_SUSPECTED' when g % 10 = 2 then 'AWAITING_APPROVAL'
                            when g % 20 = 3 then 'EXCEPTION' when g % 12 = 4 then 'REJECTED' else 'APPROVED' end,
                       'XRECHNUNG_CII', 'DE' || (100000000 + g % 200), 'Supplier ' || (g % 200), 'RE-' || g, (t at time zone 'UTC')::date, '380', 'EUR',
                       100 + g % 5000, '{}'::jsonb, t, t, t
                  from (select g, now() - (g % 43200) * interval '1 minute' as t from generate_series(1, ?) g) s""", invoices);
        db.update("""
                insert into invoice_events (invoice_id, actor, action, detail, at)
                select id, 'kontor', 'VALIDATED', 'captured', received_at from invoices
                union all select id, 'kontor', case when status = 'EXCEPTION' then 'EXCEPTION' else 'MATCHED' end, 'matched', received_at + interval '2 minutes'
                  from invoices where status in ('APPROVED', 'AWAITING_APPROVAL', 'EXCEPTION')
                union all select id, case when payable > 1000 then 'anna' else 'kontor' end, 'APPROVED', 'ok', received_at + (payable / 100) * interval '1 hour'
                  from invoices where status = 'APPROVED'""");
        db.update("""
                insert into invoice_approvals (invoice_id, role, due_at)
                select id, 'ap-clerk', received_at + interval '48 hours' from invoices where status in ('AWAITING_APPROVAL', 'EXCEPTION')""");
        db.update("""
                insert into dead_letters (id, kind, route_id, source, message_key, reason, headers, payload, status, created_at)
                select gen_random_uuid(), 'QUARANTINE', 'order-intake', 'kafka', 'k-' || g, 'Not a canonical order', '{}', 'x'::bytea, 'PARKED',
                       now() - g * interval '1 hour' from generate_series(1, 200) g""");
        db.execute("analyze");
    }

    private ConsoleBenchmark() {
    }
}
