package io.kontor.testing;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** What a scanner or a phone makes of a printed invoice: its first page as a 200 dpi greyscale image, alone in a PDF. */
public final class ScannedPdfs {

    public static byte[] of(byte[] pdf) throws IOException {
        try (PDDocument source = Loader.loadPDF(pdf); PDDocument scan = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BufferedImage image = new PDFRenderer(source).renderImageWithDPI(0, 200, ImageType.GRAY);
            PDPage page = new PDPage(source.getPage(0).getMediaBox());
            scan.addPage(page);
            PDImageXObject picture = LosslessFactory.createFromImage(scan, image);
            try (PDPageContentStream content = new PDPageContentStream(scan, page)) {
                content.drawImage(picture, 0, 0, page.getMediaBox().getWidth(), page.getMediaBox().getHeight());
            }
            scan.save(out);
            return out.toByteArray();
        }
    }

    private ScannedPdfs() {
    }
}
