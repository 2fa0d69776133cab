package io.kontor.platform;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * XHTML to PDF with openhtmltopdf, for the documents the hub prints (pick lists, labels): each is set in the fonts
 * below unless its own style names others. Names and addresses come from every country, so the text is set in
 * embedded Unicode fonts — a Latin/Greek/Cyrillic face, then CJK and
 * Arabic faces for the characters it lacks (per-glyph fallback along the font family list) — with right-to-left
 * runs reordered and Arabic letters shaped (ICU). The PDF's built-in Helvetica covers Latin-1 only and would print
 * "#" for the rest. Fonts come from the machine (Debian: fonts-noto-core, fonts-droid-fallback, fonts-dejavu-core;
 * the Docker image installs them) or from {@code KONTOR_PDF_FONTS} (font files separated by ':').
 */
public final class HtmlToPdf {

    private static final Logger log = LoggerFactory.getLogger(HtmlToPdf.class);

    private record Face(Path file, String family, int weight) {
    }

    private record Candidate(String family, int weight, List<String> files) {
    }

    /** Per script and weight, in order of preference; the first existing file of each is used. */
    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("Kontor Sans", 400, List.of("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")),
            new Candidate("Kontor Sans", 700, List.of("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
            new Candidate("Kontor Arabic", 400, List.of("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
                    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf")),
            new Candidate("Kontor Arabic", 700, List.of("/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
                    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf")),
            new Candidate("Kontor Hebrew", 400, List.of("/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf")),
            new Candidate("Kontor CJK", 400, List.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                    "/usr/share/fonts/truetype/droid/DroidSansFallback.ttf")));

    private static final List<Face> FACES = faces();
    /** Put before a document's own style: the font list is the machine's, found once. */
    private static final String FONT_STYLE = "<style>html { font-family: " + fontFamilies() + "; }</style>";

    private HtmlToPdf() {
    }

    private static List<Face> faces() {
        List<Face> faces = new ArrayList<>();
        String extra = System.getenv("KONTOR_PDF_FONTS");
        for (Candidate candidate : CANDIDATES) {
            candidate.files().stream().map(Path::of).filter(Files::isReadable).findFirst()
                    .ifPresent(path -> faces.add(new Face(path, candidate.family(), candidate.weight())));
        }
        if (extra != null && !extra.isBlank()) {
            int n = 0;
            for (String file : extra.split(":")) {
                Path path = Path.of(file.strip());
                if (Files.isReadable(path)) {
                    faces.add(new Face(path, "Kontor Extra " + ++n, path.getFileName().toString().toLowerCase().contains("bold") ? 700 : 400));
                }
            }
        }
        if (faces.isEmpty()) {
            log.warn("No Unicode font found: pick lists and labels print Latin-1 only (other characters as '#'). Install "
                    + "fonts-noto-core and fonts-droid-fallback (or fonts-dejavu-core), or name font files in KONTOR_PDF_FONTS");
        }
        return List.copyOf(faces);
    }

    /** The fonts documents are set in, embedded (subset) in each PDF. */
    public static List<Path> fonts() {
        return FACES.stream().map(Face::file).toList();
    }

    /**
     * The CSS font-family list a document's text is set in: the embedded faces, script by script (a glyph missing in
     * one is taken from the next), then the PDF's Helvetica where no font file was found.
     */
    public static String fontFamilies() {
        List<String> families = new ArrayList<>();
        FACES.stream().map(Face::family).distinct().forEach(f -> families.add('"' + f + '"'));
        families.add("Helvetica");
        families.add("sans-serif");
        return String.join(", ", families);
    }

    /** @param what names the document in the error when it cannot be rendered */
    public static byte[] render(String xhtml, String what) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            for (Face face : FACES) {
                File file = face.file().toFile();
                builder.useFont(file, face.family(), face.weight(), BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
            builder.useUnicodeBidiReorderer(new ICUBidiReorderer());
            builder.defaultTextDirection(BaseRendererBuilder.TextDirection.LTR);
            builder.withHtmlContent(withFonts(xhtml), null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not be rendered", e);
        }
    }

    /** The document with its text set in {@link #fontFamilies()} (a style before its own, which may name others). */
    static String withFonts(String xhtml) {
        int head = xhtml.indexOf("<head>");
        return head < 0 ? xhtml : xhtml.substring(0, head + 6) + FONT_STYLE + xhtml.substring(head + 6);
    }

    /** XML text escaping; characters XML 1.0 cannot carry at all are dropped. */
    public static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
