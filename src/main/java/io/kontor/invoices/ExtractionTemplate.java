package io.kontor.invoices;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to read one supplier's invoices when they come as PDFs without structured data: which words tell that a text is
 * theirs, and a regular expression per field whose first group is the value. Written by an integration engineer
 * (YAML under {@code invoices/templates/} or the configured folder), or learned by the hub from a person's corrections.
 * Patterns apply to the text as {@link PdfTextExtraction#normalise} leaves it (one space between words, PDFBox's
 * reading order by position).
 *
 * @param issuer           the supplier's name as the hub books it (seller name, BT-27)
 * @param vatId            the supplier's VAT id (BT-31) when the template knows it
 * @param keywords         all of them must appear in the text (case-insensitive) for the template to apply
 * @param fields           field name ({@link PdfTextExtraction#FIELDS}) → regular expression whose first group is the value
 * @param dateFormats      layouts of the dates ({@link java.time.format.DateTimeFormatter} patterns); all known ones when empty
 * @param decimalSeparator "." or ","; guessed per amount when absent
 * @param currency         ISO 4217 code when the document shows only a symbol, or none at all
 * @param lines            one match per invoice line, named groups {@code name}, {@code quantity}, {@code price},
 *                         {@code amount}, {@code vatRate}, {@code itemId} (all but {@code name} optional)
 * @param lineAmountsIncludeVat the line amounts are gross (the net amount BT-131 is worked out from the line's VAT rate)
 * @param includedLines    lines whose name matches this are part of the line before them (a levy "Incl. …" in its
 *                         price): kept as its sub-line, not billed or summed again
 * @param confirmations    learned templates: per field, how many reviews have agreed with its pattern
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExtractionTemplate(String issuer, String vatId, List<String> keywords, Map<String, String> fields,
                                 List<String> dateFormats, String decimalSeparator, String currency, String lines,
                                 Boolean lineAmountsIncludeVat, String includedLines, Map<String, Integer> confirmations) {

    public ExtractionTemplate {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
        dateFormats = dateFormats == null ? List.of() : List.copyOf(dateFormats);
    }

    /** Learned from corrections (rather than written by an engineer): its patterns earn trust review by review. */
    public boolean learned() {
        return confirmations != null;
    }

    ExtractionTemplate with(Map<String, String> newFields, List<String> newDateFormats, String newDecimalSeparator,
                            String newCurrency, String newVatId, Map<String, Integer> newConfirmations) {
        return new ExtractionTemplate(issuer, newVatId, keywords, newFields, newDateFormats, newDecimalSeparator, newCurrency,
                lines, lineAmountsIncludeVat, includedLines, newConfirmations);
    }
}
