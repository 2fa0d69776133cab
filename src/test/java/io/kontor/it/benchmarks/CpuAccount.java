package io.kontor.it.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent in a measured window by each part of a benchmark run, so a figure measured on shared cores can be
 * read as a cost per order: the hub's own threads, the embedded Kafka broker, the driver with its emulators, the JVM
 * itself (GC and JIT compilers, and threads that ended in the window) and PostgreSQL's processes. Threads are told
 * apart by name — Camel, Tomcat, Hikari and Kafka client threads are the hub's — which is good enough for a
 * breakdown, not for billing.
 */
public final class CpuAccount {

    private static final List<String> HUB = List.of("Camel (", "http-nio-", "HikariPool", "kafka-producer-network-thread",
            "kafka-coordinator-heartbeat-thread", "task-", "scheduling-", "Catalina", "container-");
    private static final List<String> DRIVER = List.of("io.kontor.it.", "HttpClient-", "pool-", "HTTP-Dispatcher",
            "erp-feed-reader", "awaitility");
    private static final List<String> BROKER = List.of("data-plane-", "kafka-", "quorum-", "broker-", "controller-",
            "raft", "ExpirationReaper", "executor-", "group-coordinator", "share-", "transaction", "LogDirFailureHandler",
            "ThrottledChannelReaper", "metadata", "log-cleaner", "ClientQuotas");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> threadsAtStart;
    private final long processAtStart;
    private final long postgresAtStart;
    private final long startedAt = System.nanoTime();

    private CpuAccount() {
        threadsAtStart = threadCpu();
        processAtStart = ticks(Path.of("/proc/self/stat"));
        postgresAtStart = postgresTicks();
    }

    public static CpuAccount start() {
        return new CpuAccount();
    }

    /** Seconds of CPU per part since the start, and the window's wall-clock seconds under "wall". */
    public Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String part : List.of("hub", "broker", "driver", "other threads")) {
            out.put(part, 0.0);
        }
        double javaThreads = 0;
        for (Map.Entry<Long, Long> t : threadCpu().entrySet()) {
            ThreadInfo info = threads.getThreadInfo(t.getKey());
            if (info == null) {
                continue;
            }
            double s = (t.getValue() - threadsAtStart.getOrDefault(t.getKey(), 0L)) / 1e9;
            javaThreads += s;
            out.merge(part(info.getThreadName()), s, Double::sum);
        }
        double process = (ticks(Path.of("/proc/self/stat")) - processAtStart) / (double) TICKS_PER_SECOND;
        out.put("JVM (GC, JIT, ended threads)", Math.max(0, process - javaThreads));
        out.put("PostgreSQL", (postgresTicks() - postgresAtStart) / (double) TICKS_PER_SECOND);
        out.put("wall", (System.nanoTime() - startedAt) / 1e9);
        return out;
    }

    /** One line: CPU milliseconds per order by part, and how busy the machine's cores were. */
    public String perOrder(int orders) {
        Map<String, Double> s = seconds();
        double wall = s.remove("wall");
        double total = s.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder line = new StringBuilder(String.format("CPU ms per order: total %.2f (", 1000 * total / orders));
        s.forEach((part, seconds) -> line.append(String.format("%s %.2f, ", part, 1000 * seconds / orders)));
        line.setLength(line.length() - 2);
        line.append(String.format("); cores busy %.2f of %d over %.1f s", total / wall, Runtime.getRuntime().availableProcessors(), wall));
        return line.toString();
    }

    private static String part(String thread) {
        if (HUB.stream().anyMatch(thread::startsWith)) {
            return "hub";
        }
        if (DRIVER.stream().anyMatch(thread::startsWith)) {
            return "driver";
        }
        return BROKER.stream().anyMatch(thread::contains) ? "broker" : "other threads";
    }

    private Map<Long, Long> threadCpu() {
        Map<Long, Long> out = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }

    /**
     * utime + stime of the embedded PostgreSQL's processes (the postmaster and its backends), and of the backends that
     * ended: the postmaster reaps them, so their time is in its cutime + cstime.
     */
    private static long postgresTicks() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CpuAccount::isPostgres)
                    .mapToLong(p -> ticks(p.resolve("stat")) + childTicks(p.resolve("stat"))).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isPostgres(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).strip().startsWith("postgres");
        } catch (IOException e) {
            return false; // ended meanwhile
        }
    }

    private static long ticks(Path stat) {
        return statFields(stat, 11);
    }

    private static long childTicks(Path stat) {
        return statFields(stat, 13);
    }

    /** The sum of two consecutive clock-tick fields of a /proc stat file, counted after the command name. */
    private static long statFields(Path stat, int first) {
        try {
            String line = Files.readString(stat);
            // the command name is in parentheses and may hold spaces; field 3 (state) follows it
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[first]) + Long.parseLong(f[first + 1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
