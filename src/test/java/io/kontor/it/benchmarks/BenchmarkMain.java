package io.kontor.it.benchmarks;

/** How a load driver ends: the JVM exits either way, or the embedded broker's threads would keep exec:java waiting forever. */
final class BenchmarkMain {

    interface Run {
        void run(String[] args) throws Exception;
    }

    private BenchmarkMain() {
    }

    static void exit(Run run, String[] args) {
        try {
            run.run(args);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
