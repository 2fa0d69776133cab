package io.kontor.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared conformance corpus beside the project ({@code ../shared/corpus}); tests skip where it is absent. */
public final class Corpus {

    private Corpus() {
    }

    public static Path root() {
        String configured = System.getProperty("kontor.corpus", System.getenv("KONTOR_CORPUS"));
        return configured != null ? Path.of(configured) : Path.of("..", "shared", "corpus");
    }

    /** The file, or the test is skipped with a message naming what is missing. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p),
                "Conformance corpus not found at " + p.toAbsolutePath() + " (clone shared/ beside the project or set -Dkontor.corpus)");
        return p;
    }
}
