package io.kontor.invoices;

import io.kontor.invoices.PdfTextExtraction.Extraction;
import io.kontor.invoices.PdfTextExtraction.Field;
import io.kontor.invoices.PdfTextExtraction.Source;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Improves a supplier's {@link ExtractionTemplate} from what a person confirmed or corrected on one of their plain-PDF
 * invoices: a value the template missed or read wrong is looked up in the document's text, and the words printed
 * before it become the field's new pattern (trusted a little at first, more with every review that agrees with it);
 * a value it read right counts as one more confirmation.
 */
final class TemplateLearning {

    /** The improved template, the fields whose pattern was learned anew or confirmed, and those not found in the text. */
    record Learned(ExtractionTemplate template, List<String> learned, List<String> confirmed, List<String> notFound) {
    }

    private record Occurrence(int start, int end, String how) {
    }

    private record Candidate(String regex, String how, int score) {
    }

    private TemplateLearning() {
    }

    /**
     * {@code text} is the normalised text of the document, {@code base} the template the extraction used (null when
     * none applied), {@code values} the fields as the person left them (normalised). Empty when nothing in the text
     * tells this supplier's documents apart (neither their VAT id, nor their name, nor their IBAN is printed).
     */
    static Optional<Learned> learn(String text, ExtractionTemplate base, Extraction before, Map<String, String> values) {
        String seller = values.get("sellerName");
        ExtractionTemplate template = base;
        if (template == null) {
            Optional<String> keyword = keyword(text, values);
            if (keyword.isEmpty()) {
                return Optional.empty();
            }
            template = new ExtractionTemplate(seller, null, List.of(keyword.get()), Map.of(), List.of(), null, null, null, null, null, Map.of());
        }
        Map<String, String> fields = new LinkedHashMap<>(template.fields());
        Map<String, Integer> confirmations = new LinkedHashMap<>(template.confirmations() == null ? Map.of() : template.confirmations());
        List<String> dateFormats = new ArrayList<>(template.dateFormats());
        String decimal = template.decimalSeparator();
        List<String> learned = new ArrayList<>();
        List<String> confirmed = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String name : PdfTextExtraction.PATTERN_FIELDS) {
            String value = values.get(name);
            if (value == null) {
                continue;
            }
            Field was = before.fields().get(name);
            boolean sameAsRead = was != null && value.equals(was.value());
            if (sameAsRead && was.source() == Source.TEMPLATE) {
                continue; // the engineer's pattern read it right
            }
            if (sameAsRead && was.source() == Source.LEARNED) {
                confirmations.merge(name, 1, Integer::sum);
                confirmed.add(name);
                continue;
            }
            ExtractionTemplate sofar = template.with(fields, dateFormats, decimal, values.get("currency"), values.get("sellerVatId"), confirmations);
            Optional<Candidate> found = derive(text, name, value, sofar);
            if (found.isEmpty()) {
                notFound.add(name);
                continue;
            }
            fields.put(name, found.get().regex());
            confirmations.put(name, 1);
            learned.add(name);
            if (PdfTextExtraction.DATES.contains(name) && !dateFormats.contains(found.get().how())
                    && (base == null || !dateFormats.isEmpty())) {
                dateFormats.add(found.get().how());
            }
            if (PdfTextExtraction.AMOUNTS.contains(name) && decimal == null) {
                decimal = found.get().how();
            }
        }
        ExtractionTemplate improved = new ExtractionTemplate(seller, values.get("sellerVatId"), template.keywords(), fields, dateFormats,
                decimal, values.get("currency"), template.lines(), template.lineAmountsIncludeVat(), template.includedLines(), confirmations);
        return Optional.of(new Learned(improved, learned, confirmed, notFound));
    }

    /** What marks the supplier's documents: their VAT id as printed, else their name, else their IBAN as printed. */
    private static Optional<String> keyword(String text, Map<String, String> values) {
        for (String field : List.of("sellerVatId", "sellerName", "iban")) {
            String value = values.get(field);
            if (value == null || value.isBlank()) {
                continue;
            }
            Matcher m = spaced(value).matcher(text);
            if (m.find()) {
                return Optional.of(m.group());
            }
        }
        return Optional.empty();
    }

    /** The value with optional spaces or dots between its characters ("DE 123.456.789"), matched case-insensitively. */
    private static Pattern spaced(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.replaceAll("\\s", "").toCharArray()) {
            regex.append(regex.isEmpty() ? "" : "[ .]?").append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** A pattern that finds {@code value} for {@code name} in this text again: the best-labelled place it is printed. */
    private static Optional<Candidate> derive(String text, String name, String value, ExtractionTemplate sofar) {
        String shape = shapeOf(name);
        List<Candidate> candidates = new ArrayList<>();
        for (Occurrence at : occurrences(text, name, value)) {
            String valueShape = PdfTextExtraction.DATES.contains(name) ? PrintedValues.dateShape(at.how()) : shape;
            label(text, at.start()).ifPresent(l -> candidates.add(new Candidate(l.regex() + "(" + valueShape + ")", at.how(), l.score())));
        }
        candidates.sort(Comparator.comparingInt(Candidate::score).reversed());
        for (Candidate c : candidates) {
            List<String> formats = PdfTextExtraction.DATES.contains(name) ? List.of(c.how()) : sofar.dateFormats();
            String decimal = PdfTextExtraction.AMOUNTS.contains(name) ? c.how() : sofar.decimalSeparator();
            ExtractionTemplate trial = sofar.with(sofar.fields(), formats, decimal, sofar.currency(), sofar.vatId(), sofar.confirmations());
            Set<String> read = PdfTextExtraction.values(text, PdfTextExtraction.compile(c.regex()), name, trial);
            if (!read.isEmpty() && read.iterator().next().equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String shapeOf(String name) {
        if (PdfTextExtraction.AMOUNTS.contains(name)) {
            return PrintedValues.AMOUNT_SHAPE;
        }
        return name.equals("iban") ? PrintedValues.IBAN_SHAPE : PrintedValues.REFERENCE_SHAPE;
    }

    /** Where the value is printed, each place with how (the date layout, the decimal separator). */
    private static List<Occurrence> occurrences(String text, String name, String value) {
        List<Occurrence> found = new ArrayList<>();
        if (PdfTextExtraction.AMOUNTS.contains(name)) {
            for (PrintedValues.Rendering r : PrintedValues.renderings(new BigDecimal(value))) {
                find(text, Pattern.compile("(?<![\\d.,])" + Pattern.quote(r.text()) + "(?![\\d]|[.,]\\d)"), r.how(), found);
            }
        } else if (PdfTextExtraction.DATES.contains(name)) {
            for (PrintedValues.Rendering r : PrintedValues.renderings(LocalDate.parse(value))) {
                find(text, Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(r.text()) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), r.how(), found);
            }
        } else if (name.equals("iban")) {
            find(text, spaced(value), null, found);
        } else {
            find(text, Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])"), null, found);
        }
        return found;
    }

    private static void find(String text, Pattern pattern, String how, List<Occurrence> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start();
            if (into.stream().noneMatch(o -> o.start() == start)) {
                into.add(new Occurrence(start, m.end(), how));
            }
        }
    }

    private record Label(String regex, int score) {
    }

    /**
     * The words printed before {@code start} on its line (or, when the value starts the line, ending the line above):
     * up to three tokens, at most two words; a token with digits (an invoice number, a date) becomes a wildcard, since
     * it changes from invoice to invoice. None when the nearest token is a number, or no word is left.
     */
    private static Optional<Label> label(String text, int start) {
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        String before = text.substring(lineStart, start).replaceFirst("[^\\p{L}\\p{N}]+$", "");
        String between = PdfTextExtraction.CONNECTOR;
        if (before.isEmpty()) {
            if (lineStart == 0) {
                return Optional.empty();
            }
            int previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
            before = text.substring(previousStart, lineStart - 1).replaceFirst("[^\\p{L}\\p{N}]+$", "");
            between = PdfTextExtraction.CONNECTOR + "\\n" + PdfTextExtraction.CONNECTOR;
        }
        String[] tokens = before.split(" ");
        List<String> parts = new ArrayList<>();
        int words = 0;
        int wildcards = 0;
        for (int i = tokens.length - 1; i >= 0 && parts.size() < 3 && words < 2; i--) {
            String token = tokens[i];
            if (token.isEmpty()) {
                continue;
            }
            boolean digits = token.chars().anyMatch(Character::isDigit);
            if (digits && parts.isEmpty()) {
                return Optional.empty();
            }
            if (digits) {
                parts.add(0, "\\S+");
                wildcards++;
            } else {
                parts.add(0, Pattern.quote(token));
                words += token.chars().anyMatch(Character::isLetter) ? 1 : 0;
            }
        }
        if (words == 0) {
            return Optional.empty();
        }
        String first = parts.get(0).startsWith("\\Q") ? "(?<![\\p{L}\\p{N}])" : "";
        String regex = first + String.join(" ", parts) + between;
        return Optional.of(new Label(regex, words * 10 - wildcards - (between.contains("\\n") ? 5 : 0)));
    }
}
