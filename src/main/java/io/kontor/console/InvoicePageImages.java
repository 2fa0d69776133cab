package io.kontor.console;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.springframework.stereotype.Component;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/** An invoice PDF's pages as images for the review screen: any browser shows them, no PDF viewer plug-in needed. */
@Component
class InvoicePageImages {

    /** Enough to read an invoice on a laptop screen; an outsized page is scaled down to stay under this many pixels. */
    private static final float DPI = 110;
    private static final double MAX_PIXELS = 12_000_000;
    static final int MAX_PAGES = 20;

    static boolean isPdf(byte[] content) {
        return content.length > 4 && content[0] == '%' && content[1] == 'P' && content[2] == 'D' && content[3] == 'F';
    }

    int pageCount(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return Math.min(document.getNumberOfPages(), MAX_PAGES);
        } catch (IOException e) {
            return 0;
        }
    }

    byte[] render(byte[] pdf, int page) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            if (page < 0 || page >= Math.min(document.getNumberOfPages(), MAX_PAGES)) {
                throw new NoSuchElementException("No page " + page);
            }
            var box = document.getPage(page).getMediaBox();
            double pixels = (box.getWidth() / 72.0 * DPI) * (box.getHeight() / 72.0 * DPI);
            float dpi = pixels > MAX_PIXELS ? (float) (DPI * Math.sqrt(MAX_PIXELS / pixels)) : DPI;
            BufferedImage image = new PDFRenderer(document).renderImageWithDPI(page, dpi, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The invoice's PDF cannot be rendered", e);
        }
    }
}
