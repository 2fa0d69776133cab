package io.kontor.invoices;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a PDF with where it stands on the page (PDFBox's glyph positions), for what a plain text loses: a row of
 * labels over a row of values ("Invoice no.   Date" above "R-2026-17   03.11.2026"), as invoices print their header
 * tables. Each such pair of rows is written out as "label: value" lines, which the label patterns of
 * {@link PdfTextExtraction} then read like a label and its value on one line.
 */
final class PdfLayout extends PDFTextStripper {

    /** A run of words with no wide gap between them: one table cell, one label, one value. */
    record Cell(String text, float x0, float x1) {
        boolean overlaps(Cell other) {
            return x0 < other.x1 && other.x0 < x1;
        }
    }

    /** More than this between two words (in points, or 1.5 characters of the line's font if wider) starts a new cell. */
    private static final float MIN_CELL_GAP = 6f;
    private static final int MAX_LINES = 2_000;

    private final List<List<Cell>> lines = new ArrayList<>();
    private final List<TextPosition> line = new ArrayList<>();

    private PdfLayout() throws IOException {
        setSortByPosition(true);
    }

    /** The "label: value" lines the document's label rows over value rows make, in page order; empty for none. */
    static List<String> labelledRows(PDDocument document) throws IOException {
        PdfLayout layout = new PdfLayout();
        layout.getText(document);
        layout.endLine();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < layout.lines.size(); i++) {
            pairs.addAll(pairs(layout.lines.get(i), layout.lines.get(i + 1)));
        }
        return pairs;
    }

    /**
     * A row of labels (no digits in it) over a row with as many cells, each under exactly one label: the labels with
     * their values. Anything less regular is left to the plain text.
     */
    static List<String> pairs(List<Cell> labels, List<Cell> values) {
        if (labels.size() < 2 || values.size() < 2 || values.size() > labels.size()
                || labels.stream().anyMatch(c -> c.text().chars().anyMatch(Character::isDigit))) {
            return List.of();
        }
        List<String> pairs = new ArrayList<>();
        for (Cell value : values) {
            List<Cell> over = labels.stream().filter(value::overlaps).toList();
            if (over.size() != 1) {
                return List.of();
            }
            pairs.add(over.get(0).text() + ": " + value.text());
        }
        return pairs;
    }

    @Override
    protected void writeString(String text, List<TextPosition> textPositions) {
        line.addAll(textPositions);
    }

    @Override
    protected void writeLineSeparator() {
        endLine();
    }

    private void endLine() {
        if (!line.isEmpty() && lines.size() < MAX_LINES) {
            lines.add(cells(line));
        }
        line.clear();
    }

    /** Glyphs left to right, split into cells where the gap is wide. */
    static List<Cell> cells(List<TextPosition> glyphs) {
        List<TextPosition> sorted = new ArrayList<>(glyphs);
        sorted.sort((a, b) -> Float.compare(a.getXDirAdj(), b.getXDirAdj()));
        float width = (float) sorted.stream().mapToDouble(TextPosition::getWidthDirAdj).average().orElse(5);
        float gap = Math.max(MIN_CELL_GAP, 1.5f * width);
        List<Cell> cells = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        float x0 = 0;
        float x1 = 0;
        for (TextPosition g : sorted) {
            String s = g.getUnicode();
            if (s == null || s.isBlank()) {
                continue;
            }
            float start = g.getXDirAdj();
            if (text.length() > 0 && start - x1 > gap) {
                cells.add(new Cell(text.toString().strip(), x0, x1));
                text.setLength(0);
            }
            if (text.length() == 0) {
                x0 = start;
            } else if (start - x1 > width * 0.25f) {
                text.append(' ');
            }
            text.append(s);
            x1 = start + g.getWidthDirAdj();
        }
        if (text.length() > 0) {
            cells.add(new Cell(text.toString().strip(), x0, x1));
        }
        return cells;
    }
}
