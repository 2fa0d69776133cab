package io.kontor.invoices;

import io.kontor.platform.BadInputException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads a scanned PDF (pages that are images, no text layer) with Tesseract OCR: each page rendered with PDFBox, read
 * by the {@code tesseract} command with word positions (its TSV output), and turned into the same text — and the same
 * label-over-value rows ({@link PdfLayout#pairs}) — that a PDF with a text layer gives, for {@link PdfTextExtraction}.
 * Where Tesseract is not installed the hub says so when it starts, and scanned PDFs wait for a person.
 */
@Component
public class ScannedPdfReader {

    private static final Logger log = LoggerFactory.getLogger(ScannedPdfReader.class);

    /** Fewer characters than this in a PDF's text layer: its pages are images. */
    static final int SCANNED_BELOW = 20;

    private final OcrProperties settings;
    private final String version;

    public ScannedPdfReader(OcrProperties settings) {
        this.settings = settings;
        this.version = probe(settings.command());
        if (version == null) {
            log.warn("OCR unavailable: '{}' was not found or did not run (install tesseract-ocr with tesseract-ocr-deu, -eng, -fra,"
                    + " -nld); scanned PDF invoices will wait in NEEDS_REVIEW (rule KONTOR-NO-OCR)", settings.command());
        } else {
            log.info("OCR for scanned invoices: {} ({})", version, settings.languages());
        }
    }

    public boolean available() {
        return version != null;
    }

    static boolean scanned(String pdfText) {
        return pdfText == null || pdfText.strip().length() < SCANNED_BELOW;
    }

    /** The pages' text as Tesseract reads it, line by line, followed by the label rows over value rows it saw. */
    public String read(byte[] pdf) {
        if (!available()) {
            throw new IllegalStateException("OCR is not available");
        }
        Path dir = null;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            dir = Files.createTempDirectory("kontor-ocr");
            PDFRenderer renderer = new PDFRenderer(document);
            StringBuilder text = new StringBuilder();
            List<String> rows = new ArrayList<>();
            for (int page = 0; page < Math.min(document.getNumberOfPages(), settings.maxPages()); page++) {
                Path image = dir.resolve("page-" + page + ".png");
                float dpi = dpi(document.getPage(page).getMediaBox().getWidth(), document.getPage(page).getMediaBox().getHeight(),
                        settings.dpi());
                ImageIO.write(renderer.renderImageWithDPI(page, dpi, ImageType.GRAY), "png", image.toFile());
                List<List<PdfLayout.Cell>> lines = lines(tesseract(image));
                for (List<PdfLayout.Cell> line : lines) {
                    text.append(String.join(" ", line.stream().map(PdfLayout.Cell::text).toList())).append('\n');
                }
                for (int i = 0; i + 1 < lines.size(); i++) {
                    rows.addAll(PdfLayout.pairs(lines.get(i), lines.get(i + 1)));
                }
            }
            rows.forEach(r -> text.append(r).append('\n'));
            return text.toString();
        } catch (IOException e) {
            throw new BadInputException("the scanned PDF cannot be rendered for OCR: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** An A4 page at 300 dpi is 8.7 million pixels; a page declared a metre wide must not become gigabytes of image. */
    static final double MAX_PIXELS = 40e6;

    /** The resolution to render a page of this size (in points) at: the configured one, lower for an outsized page. */
    static float dpi(float widthPoints, float heightPoints, int configured) {
        double square = (widthPoints / 72.0) * (heightPoints / 72.0);
        return (float) Math.max(1, Math.min(configured, Math.sqrt(MAX_PIXELS / Math.max(square, 1e-6))));
    }

    /** Tesseract's TSV: one row per word with its block, paragraph and line, its box and its confidence. */
    private String tesseract(Path image) throws IOException {
        Process process = new ProcessBuilder(settings.command(), image.toString(), "stdout", "-l", settings.languages(), "tsv")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BadInputException("OCR took longer than " + settings.timeout() + " for one page");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while reading a scanned page", e);
        }
        if (process.exitValue() != 0) {
            throw new BadInputException("OCR failed on a page (tesseract exit " + process.exitValue() + ")");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The words of Tesseract's TSV grouped into its lines, in reading order, and each line into cells where the gap
     * between words is wider than two of the line's average character widths.
     */
    static List<List<PdfLayout.Cell>> lines(String tsv) {
        Map<String, List<String[]>> byLine = new TreeMap<>((a, b) -> {
            String[] x = a.split("/");
            String[] y = b.split("/");
            for (int i = 0; i < x.length; i++) {
                int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        for (String row : tsv.split("\\R")) {
            String[] f = row.split("\t", -1);
            // level page block par line word left top width height conf text
            if (f.length == 12 && f[0].equals("5") && !f[11].isBlank()) {
                byLine.computeIfAbsent(f[1] + "/" + f[2] + "/" + f[3] + "/" + f[4], k -> new ArrayList<>()).add(f);
            }
        }
        List<List<PdfLayout.Cell>> lines = new ArrayList<>();
        for (List<String[]> words : byLine.values()) {
            double charWidth = words.stream().mapToDouble(w -> Double.parseDouble(w[8]) / Math.max(1, w[11].length())).average().orElse(10);
            List<PdfLayout.Cell> cells = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            float x0 = 0;
            float x1 = 0;
            for (String[] w : words) {
                float left = Float.parseFloat(w[6]);
                float right = left + Float.parseFloat(w[8]);
                if (text.length() > 0 && left - x1 > 2 * charWidth) {
                    cells.add(new PdfLayout.Cell(text.toString(), x0, x1));
                    text.setLength(0);
                }
                if (text.length() == 0) {
                    x0 = left;
                } else {
                    text.append(' ');
                }
                text.append(w[11]);
                x1 = right;
            }
            cells.add(new PdfLayout.Cell(text.toString(), x0, x1));
            lines.add(cells);
        }
        return lines;
    }

    private static String probe(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.lines().findFirst().orElse(command).strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is the OS's to clear
        }
    }
}
