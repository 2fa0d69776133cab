package io.kontor.invoices;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * OCR of scanned invoices (kontor.invoices.ocr.*).
 *
 * @param command   the Tesseract binary (Debian: package tesseract-ocr)
 * @param languages trained languages, as Tesseract takes them (packages tesseract-ocr-deu, -eng, -fra, -nld)
 * @param dpi       resolution pages are rendered at for reading
 * @param maxPages  pages read per document (an invoice's data is on its first pages)
 * @param timeout   per page
 */
@ConfigurationProperties("kontor.invoices.ocr")
public record OcrProperties(@DefaultValue("tesseract") String command, @DefaultValue("deu+eng+fra+nld") String languages,
                            @DefaultValue("300") int dpi, @DefaultValue("3") int maxPages, @DefaultValue("60s") Duration timeout) {
}
