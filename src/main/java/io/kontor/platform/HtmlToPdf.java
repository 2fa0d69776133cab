package io.kontor.platform;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** XHTML to PDF with openhtmltopdf, for the documents the hub prints (pick lists, labels). */
public final class HtmlToPdf {

    private HtmlToPdf() {
    }

    /** @param what names the document in the error when it cannot be rendered */
    public static byte[] render(String xhtml, String what) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not be rendered", e);
        }
    }
}
