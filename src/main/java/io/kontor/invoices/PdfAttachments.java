package io.kontor.invoices;

import io.kontor.platform.BadInputException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files embedded in a PDF (the XML of a ZUGFeRD/Factur-X/XRechnung hybrid, or a UBL invoice some ERPs attach)
 * and its text, read with PDFBox. A PDF PDFBox cannot open is bad input, not a crash.
 */
final class PdfAttachments {

    record Attachment(String name, byte[] content) {
    }

    /** What the hub reads from one PDF: its embedded files and, for PDFs without structured data, its text. */
    record Contents(List<Attachment> attachments, int pages, PDDocument document) implements AutoCloseable {
        String text() {
            try {
                // by position: a label and its value on one line, as the page shows them (templates rely on it)
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);
                String text = stripper.getText(document);
                // label rows over value rows, as "label: value" lines after the page's own text
                List<String> rows = PdfLayout.labelledRows(document);
                return rows.isEmpty() ? text : text + "\n" + String.join("\n", rows) + "\n";
            } catch (IOException e) {
                throw new BadInputException("the PDF's text cannot be extracted: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                document.close();
            } catch (IOException ignored) {
                // read-only document: nothing to flush
            }
        }
    }

    static boolean isPdf(byte[] content) {
        int i = 0;
        while (i < content.length && i < 1024 && content[i] != '%') {
            i++; // some producers put junk before the header; PDF readers tolerate up to 1 KB of it
        }
        return i + 5 <= content.length && content[i + 1] == 'P' && content[i + 2] == 'D' && content[i + 3] == 'F' && content[i + 4] == '-';
    }

    static Contents open(byte[] pdf, long maxAttachmentBytes) {
        if (!endsWithEofMarker(pdf)) {
            // PDFBox would rebuild a cut-off file from what is left and quietly lose the embedded invoice with the tail
            throw new BadInputException("not a readable PDF: it ends without %%EOF (truncated in transfer?)");
        }
        PDDocument document;
        try {
            document = Loader.loadPDF(pdf);
        } catch (IOException e) {
            throw new BadInputException("not a readable PDF (truncated or corrupt): " + e.getMessage(), e);
        }
        try {
            if (document.isEncrypted()) {
                throw new BadInputException("the PDF is encrypted; its embedded data cannot be read");
            }
            List<Attachment> found = new ArrayList<>();
            PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
            if (names != null && names.getEmbeddedFiles() != null) {
                collect(names.getEmbeddedFiles(), found, maxAttachmentBytes, 0);
            }
            return new Contents(found, document.getNumberOfPages(), document);
        } catch (IOException | RuntimeException e) {
            try {
                document.close();
            } catch (IOException ignored) {
                // already failing
            }
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException("the PDF's embedded files cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean endsWithEofMarker(byte[] pdf) {
        String tail = new String(pdf, Math.max(0, pdf.length - 1024), Math.min(pdf.length, 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
        return tail.contains("%%EOF");
    }

    private static void collect(PDNameTreeNode<PDComplexFileSpecification> node, List<Attachment> found, long maxBytes, int depth) throws IOException {
        if (depth > 16) {
            throw new BadInputException("the PDF's embedded-file tree is nested deeper than any real document");
        }
        Map<String, PDComplexFileSpecification> here = node.getNames();
        if (here != null) {
            for (Map.Entry<String, PDComplexFileSpecification> e : here.entrySet()) {
                PDComplexFileSpecification spec = e.getValue();
                PDEmbeddedFile file = spec.getEmbeddedFileUnicode() != null ? spec.getEmbeddedFileUnicode() : spec.getEmbeddedFile();
                if (file == null) {
                    continue;
                }
                String name = spec.getFilename() != null ? spec.getFilename() : e.getKey();
                byte[] content;
                try (var in = file.createInputStream()) {
                    content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1)); // a compressed bomb stops here
                }
                if (content.length > maxBytes) {
                    throw new BadInputException("the PDF embeds " + name + " of more than " + maxBytes + " bytes");
                }
                found.add(new Attachment(name, content));
            }
        }
        if (node.getKids() != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : node.getKids()) {
                collect(kid, found, maxBytes, depth + 1);
            }
        }
    }

    private PdfAttachments() {
    }
}
