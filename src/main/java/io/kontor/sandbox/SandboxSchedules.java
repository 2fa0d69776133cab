package io.kontor.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's traffic — orders placed, files dropped, invoices sent, parcels shipped — runs only while the hub can
 * take it: it starts once the application is ready (Camel starts its routes when the context is refreshed, after the
 * lifecycle beans) and stops before everything else (the last phase), so a start sends nothing into a hub still
 * starting and a Ctrl-C sends nothing into one draining. A tick under way finishes before the stop.
 */
public final class SandboxSchedules implements SmartLifecycle,
        org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(SandboxSchedules.class);

    /** One planned schedule, as the bean that planned it (so a switched-off part plans none). */
    public record Job(String name) {
    }

    private record Plan(String name, Duration initialDelay, Duration period, boolean fixedRate, Runnable task) {
    }

    private final List<Plan> plans = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> stopFirst = new CopyOnWriteArrayList<>();
    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private volatile boolean running;

    /** {@code task} on a thread of its own, {@code delay} after each run ends. */
    /**
     * Now and then a person raises a catalogue SKU's figure on a channel by hand, by five units: {@code shown} reads
     * what the channel shows (null: not there), {@code set} sets it. The hub is to find the change and set its own.
     */
    public Job handEdits(String name, long seed, Duration initialDelay, Duration delay, java.util.function.Function<String, Integer> shown,
                         java.util.function.BiConsumer<String, Integer> set) {
        java.util.Random random = new java.util.Random(seed);
        return withFixedDelay(name, initialDelay, delay, () -> {
            String sku = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size())).sku();
            Integer figure = shown.apply(sku);
            if (figure != null) {
                set.accept(sku, figure + 5);
            }
        });
    }

    public Job withFixedDelay(String name, Duration initialDelay, Duration delay, Runnable task) {
        plans.add(new Plan(name, initialDelay, delay, false, guarded(name, task)));
        return new Job(name);
    }

    /** {@code task} on a thread of its own, every {@code period}. */
    public Job atFixedRate(String name, Duration initialDelay, Duration period, Runnable task) {
        plans.add(new Plan(name, initialDelay, period, true, guarded(name, task)));
        return new Job(name);
    }

    /** Something that sends into the hub on its own (the shop's webhook deliveries): closed with the schedules. */
    public void stopWith(AutoCloseable sender) {
        stopFirst.add(sender);
    }

    /** A daemon thread pool of one, named, for emulators that schedule their own work. */
    public static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Sandbox {} failed a run", name, e);
            }
        };
    }

    @Override
    public void onApplicationEvent(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
        start();
    }

    /** Started when the application is ready, not with the lifecycle beans. */
    @Override
    public boolean isAutoStartup() {
        return false;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (Plan plan : plans) {
            ScheduledExecutorService executor = daemonScheduler(plan.name());
            if (plan.fixedRate()) {
                executor.scheduleAtFixedRate(plan.task(), plan.initialDelay().toMillis(), plan.period().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                executor.scheduleWithFixedDelay(plan.task(), plan.initialDelay().toMillis(), plan.period().toMillis(), TimeUnit.MILLISECONDS);
            }
            executors.add(executor);
        }
        running = true;
        log.info("Sandbox traffic started: {}", plans.stream().map(Plan::name).toList());
    }

    @Override
    public synchronized void stop() {
        running = false;
        log.info("Sandbox traffic stops before the hub");
        executors.forEach(ScheduledExecutorService::shutdown);
        for (AutoCloseable sender : stopFirst) {
            try {
                sender.close();
            } catch (Exception e) {
                log.warn("Sandbox sender did not close: {}", e.toString());
            }
        }
        for (ScheduledExecutorService executor : executors) {
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                executor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        executors.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last to start, the first to stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /**
     * Calls a generator at a rate: ticks ten times a second and carries fractions over, so low rates work too;
     * {@code update} answers false when no order can change now.
     */
    public Job drive(String name, double ordersPerSecond, double updatesPerOrder, Runnable create, java.util.function.BooleanSupplier update) {
        if (ordersPerSecond <= 0) {
            return new Job(name + " (off)");
        }
        double[] credit = {0, 0};
        return atFixedRate(name, Duration.ofMillis(1), Duration.ofMillis(100), () -> {
            credit[0] += ordersPerSecond / 10;
            credit[1] += ordersPerSecond * updatesPerOrder / 10;
            while (credit[0] >= 1) {
                create.run();
                credit[0]--;
            }
            while (credit[1] >= 1 && update.getAsBoolean()) {
                credit[1]--;
            }
            credit[1] = Math.min(credit[1], ordersPerSecond * updatesPerOrder);
        });
    }

    /**
     * A channel forgets orders that stopped changing longer ago than {@code retention}: the hub has read them long
     * since, and a sandbox left running for days would otherwise fill the heap.
     */
    public Job retain(String name, Duration retention, java.util.function.ToIntFunction<java.time.Instant> forgetBefore) {
        return withFixedDelay(name, Duration.ofMinutes(1), Duration.ofMinutes(1),
                () -> forgetBefore.applyAsInt(java.time.Instant.now().minus(retention)));
    }
}
