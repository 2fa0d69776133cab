package io.kontor.it.channel.wholesale;

import io.kontor.it.Hub;
import io.kontor.it.orders.OrderFlowAssertions;

import io.kontor.channel.wholesale.WholesaleCsvOrderMapper;
import io.kontor.sandbox.wholesale.SandboxSftpServer;
import io.kontor.sandbox.wholesale.WholesaleOrderFileGenerator;
import io.kontor.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wholesale partner's order files over a real SFTP server (Apache MINA SSHD): complete files are taken once
 * and moved to done/; a file still being written is not read early; a file dropped again is not processed
 * again but set aside in error/ saying so, one left in the drop by a stop after it was taken is moved to done/; a bad file goes to error/ with its reason and none of its orders go out. The same for EDIFACT ORDERS.
 */
class WholesaleCsvIT {

    private static final String PARTNER = "acme";

    @TempDir
    Path dir;

    @Test
    void filesAreTakenWholeOnceAndBadFilesAreSetAsideWithTheirReason() throws Exception {
        try (SandboxSftpServer sftp = SandboxSftpServer.start(dir.resolve("sftp"), 0, "acme", "sftp-secret");
             Hub hub = new Hub("wholesale", null, dir).withWholesalePartner(sftp, PARTNER, "sftp-secret")) {
            Path inbox = sftp.ordersDir();
            MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
            WholesaleOrderFileGenerator partner = new WholesaleOrderFileGenerator(inbox, PARTNER, 5, clock);
            Path first = partner.writeFile();
            String firstContent = Files.readString(first);
            long firstOrders = firstContent.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();

            hub.start();
            JdbcTemplate db = hub.jdbc();
            // Shopify is switched off here: its polling kamelet does not run either
            assertThat(hub.routeStatus()).hasEntrySatisfying("shopify-orders", s -> assertThat(s).isEqualTo("Stopped"))
                    .allSatisfy((id, status) -> {
                        if (id.startsWith("shopify-orders-source")) {
                            assertThat(status).as(id).isEqualTo("Stopped");
                        }
                    })
                    .anySatisfy((id, status) -> assertThat(id).startsWith("shopify-orders-source"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(db.queryForObject("select count(*) from orders where channel = 'WHOLESALE_CSV'", Long.class)).isEqualTo(firstOrders);
                assertThat(inbox.resolve("done").resolve(first.getFileName())).exists();
            });
            assertThat(first).doesNotExist();

            // the same file dropped again (same name, same size): set aside with the reason, nothing processed twice
            Files.writeString(first, firstContent);
            // a file handled and recorded as taken, but left in the drop by a stop before Camel moved it (written
            // before it was taken): moved to done/ now, not read again
            String leftover = "ORDERS_acme_20261127075900_9.csv";
            String leftoverContent = String.join(",", WholesaleCsvOrderMapper.COLUMNS) + "\n"
                    + "PO-LEFT-1,2026-11-27,4012345000009,Großhandel Müller GmbH,Filiale Köln,Hohe Straße 12,,Köln,NRW,50667,DE,EUR,1,CUP-03,,Becher,24,2.35,\n";
            db.update("insert into camel_messageprocessed (processorname, messageid, createdat) values ('wholesale-csv-files', ?, now())",
                    leftover + "-" + leftoverContent.getBytes(StandardCharsets.UTF_8).length);
            Path staged = Files.writeString(inbox.resolve(".tmp-left"), leftoverContent);
            Files.setLastModifiedTime(staged, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
            Files.move(staged, inbox.resolve(leftover), StandardCopyOption.ATOMIC_MOVE);
            // a file written in place, slowly: not read before it is complete
            clock.advance(Duration.ofMinutes(1));
            Path slow = inbox.resolve("ORDERS_acme_20261127080100_7.csv");
            String complete = String.join(",", WholesaleCsvOrderMapper.COLUMNS) + "\n"
                    + "PO-SLOW-1,2026-11-27,4012345000009,Großhandel Müller GmbH,Filiale Köln,Hohe Straße 12,,Köln,NRW,50667,DE,EUR,1,CUP-03,4006381333931,Becher,24,2.35,\n"
                    + "PO-SLOW-1,2026-11-27,4012345000009,Großhandel Müller GmbH,Filiale Köln,Hohe Straße 12,,Köln,NRW,50667,DE,EUR,2,CUP-05,,Becher groß,12,3.10,\n";
            byte[] bytes = complete.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(slow, StandardOpenOption.CREATE_NEW)) {
                out.write(bytes, 0, bytes.length - 40); // mid-row: read now, the file would be refused
                out.flush();
                Thread.sleep(1500); // the partner pauses mid-file: this is the slow writer, not a wait for the hub
                out.write(bytes, bytes.length - 40, 40);
            }
            // a bad file: its good order must not go out either
            Path bad = inbox.resolve("ORDERS_acme_20261127080200_8.csv");
            Files.writeString(bad.resolveSibling(".tmp-bad"), String.join(",", WholesaleCsvOrderMapper.COLUMNS) + "\n"
                    + "PO-BAD-1,2026-11-27,,Kunde,Kunde,Weg 1,,Wien,,1010,AT,EUR,1,SKU-1,,Artikel,5,9.90,\n"
                    + "PO-BAD-2,2026-11-27,,Kunde,Kunde,Weg 1,,Wien,,1010,AT,EUR,1,SKU-1,,Artikel,5,\"9,90\",\n");
            Files.move(bad.resolveSibling(".tmp-bad"), bad, StandardCopyOption.ATOMIC_MOVE);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(inbox.resolve("done").resolve(slow.getFileName())).exists();
                assertThat(inbox.resolve("error").resolve(bad.getFileName())).exists();
                assertThat(inbox.resolve("error").resolve(bad.getFileName() + ".reason.txt")).exists();
            });
            assertThat(Files.readString(inbox.resolve("error").resolve(bad.getFileName() + ".reason.txt")))
                    .contains("line 3: unit_price '9,90' is not a decimal");
            assertThat(db.queryForObject("select count(*) from orders where channel_order_id like 'PO-BAD-%'", Long.class)).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForList(
                    "select jsonb_array_length(canonical->'lines') from orders where channel_order_id = 'PO-SLOW-1'", Integer.class))
                    .containsExactly(2));
            // the quarantine reaches the table through the dead-letter topic: a moment after the file is set aside
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(db.queryForList(
                    "select reason from dead_letters where route_id = 'wholesale-csv-orders' and kind = 'QUARANTINE'",
                    String.class)).singleElement().asString().contains("ORDERS_acme_20261127080200_8.csv"));
            // the re-dropped first file is set aside saying why, the leftover is done; each one's orders stored once
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(inbox.resolve("error").resolve(first.getFileName() + ".reason.txt")).exists();
                assertThat(inbox.resolve("done").resolve(leftover)).exists();
            });
            assertThat(first).doesNotExist();
            assertThat(inbox.resolve(leftover)).doesNotExist();
            assertThat(Files.readString(inbox.resolve("error").resolve(first.getFileName() + ".reason.txt")))
                    .contains("A file of this name and size was already taken at", "not read again");
            assertThat(db.queryForObject("select count(*) from orders where channel_order_id = 'PO-LEFT-1'", Long.class)).isZero();
            assertThat(db.queryForObject("select count(*) from order_versions v join orders o on o.id = v.order_id "
                    + "where o.channel = 'WHOLESALE_CSV' and o.channel_order_id not like 'PO-SLOW-%'", Long.class)).isEqualTo(firstOrders);

            // the same partner's EDIFACT ORDERS (UNOC: Latin-1 bytes) next to its CSV files; a broken one is set aside
            String edifact = String.join("'\n", "UNA:+.? ", "UNB+UNOC:3+4012345000009:14+4000001000005:14+261127:1015+77",
                    "UNH+1+ORDERS:D:96A:UN:EAN008", "BGM+220+PO-EDI-1+9", "DTM+137:20261127:102", "NAD+BY+4012345000009::9",
                    "NAD+DP+4012345000016::9++Filiale Köln+Hohe Straße 12+Köln++50667+DE", "CUX+2:EUR:9",
                    "LIN+1++4006381333931:EN", "QTY+21:24", "PRI+AAA:2.35", "UNS+S", "UNT+12+1", "UNZ+1+77") + "'\n";
            Path interchange = sftp.edifactDir().resolve("ORDERS_77.edi");
            Files.write(sftp.edifactDir().resolve(".tmp-77"), edifact.getBytes(StandardCharsets.ISO_8859_1));
            Files.move(sftp.edifactDir().resolve(".tmp-77"), interchange, StandardCopyOption.ATOMIC_MOVE);
            Path broken = sftp.edifactDir().resolve("ORDERS_78.edi");
            Files.write(broken, edifact.replace("PO-EDI-1", "PO-EDI-2").replace("QTY+21:24", "QTY+21:0").getBytes(StandardCharsets.ISO_8859_1));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(db.queryForList("select canonical->'shipTo'->>'name' from orders where channel = 'WHOLESALE_EDIFACT'", String.class))
                        .containsExactly("Filiale Köln");
                assertThat(sftp.edifactDir().resolve("done").resolve("ORDERS_77.edi")).exists();
                assertThat(sftp.edifactDir().resolve("error").resolve("ORDERS_78.edi.reason.txt")).exists();
            });
            assertThat(Files.readString(sftp.edifactDir().resolve("error").resolve("ORDERS_78.edi.reason.txt")))
                    .contains("QTY+21 0 is not positive");
            OrderFlowAssertions.assertOneErpRecordPerVersion(db, hub.erpTopic);
        }
    }

    /**
     * The connection drops in the middle of a large file: nothing of it goes out, the file stays where it was, and
     * the next poll reads it whole — every order once, no error file, nothing quarantined.
     */
    @Test
    void aConnectionLostMidFileLeavesTheFileForTheNextPollAndEveryOrderArrivesOnce() throws Exception {
        try (SandboxSftpServer sftp = SandboxSftpServer.start(dir.resolve("sftp"), 0, "acme", "sftp-secret");
             Hub hub = new Hub("sftp-fault", null, dir).withWholesalePartner(sftp, PARTNER, "sftp-secret")) {
            StringBuilder csv = new StringBuilder(String.join(",", WholesaleCsvOrderMapper.COLUMNS)).append("\n");
            int orders = 600;
            for (int i = 1; i <= orders; i++) {
                csv.append("PO-BIG-").append(i).append(",2026-11-27,4012345000009,Großhandel Müller GmbH,Filiale Köln,Hohe Straße 12,,Köln,NRW,")
                        .append("50667,DE,EUR,1,CUP-03,4006381333931,Becher Classic 0.3 l,24,2.35,2026-12-01\n");
            }
            Path big = sftp.ordersDir().resolve("ORDERS_acme_20261127090000_1.csv");
            Files.writeString(big.resolveSibling(".tmp-big"), csv);
            assertThat(Files.size(big.resolveSibling(".tmp-big"))).as("several SFTP blocks").isGreaterThan(100_000);
            sftp.disconnectDuringNextRead("ORDERS_acme_20261127090000_1");
            Files.move(big.resolveSibling(".tmp-big"), big, StandardCopyOption.ATOMIC_MOVE);

            hub.start();
            JdbcTemplate db = hub.jdbc();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(sftp.ordersDir().resolve("done").resolve(big.getFileName())).exists();
                assertThat(db.queryForObject("select count(*) from orders where channel = 'WHOLESALE_CSV'", Integer.class)).isEqualTo(orders);
            });
            assertThat(sftp.disconnects()).as("the connection was cut mid-file").isEqualTo(1);
            assertThat(db.queryForObject("select count(*) from order_versions v join orders o on o.id = v.order_id where o.channel = 'WHOLESALE_CSV'",
                    Integer.class)).as("one version per order: nothing processed twice").isEqualTo(orders);
            assertThat(sftp.ordersDir().resolve("error")).doesNotExist();
            assertThat(db.queryForObject("select count(*) from dead_letters", Integer.class)).isZero();
        }
    }
}
