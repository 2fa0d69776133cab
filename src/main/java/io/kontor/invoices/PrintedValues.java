package io.kontor.invoices;

import org.apache.commons.validator.routines.IBANValidator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Amounts, dates and account numbers as invoices print them ("1.234,56", "1,234.56", "19 april 2014", "03/20/2023",
 * "DE89 3704 0044 …"): read into values, and written back the ways a document may show them, so that a value a person
 * corrected can be found again in the document's text.
 */
final class PrintedValues {

    /** The languages whose month names the hub reads in invoice dates. */
    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("nl"));

    /** Date layouts tried when a template names none, most specific first; {@code uuuu} so that strict parsing accepts them. */
    static final List<String> DATE_FORMATS = List.of("uuuu-MM-dd", "dd.MM.uuuu", "d.M.uuuu", "dd/MM/uuuu", "MM/dd/uuuu",
            "dd-MM-uuuu", "d MMMM uuuu", "d. MMMM uuuu", "MMMM d, uuuu", "d MMM uuuu", "MMM d, uuuu");

    /**
     * An amount as printed: optional sign, thousands groups separated by '.', ',', an apostrophe or a space (French
     * "31 295,70"; a no-break space is a space once the text is normalised), two decimals at most.
     */
    static final String AMOUNT_SHAPE = "-?(?:\\d{1,3}(?:[.,' \\u00a0]\\d{3})+|\\d+)(?:[.,]\\d{1,2})?(?!\\d)";
    static final String IBAN_SHAPE = "[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?";
    static final String REFERENCE_SHAPE = "[A-Za-z0-9][A-Za-z0-9/_.-]*[A-Za-z0-9]|[A-Za-z0-9]";
    /** The shapes of every layout in {@link #DATE_FORMATS}, for labels found without a template. */
    static final String ANY_DATE_SHAPE = "\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{4}|\\d{1,2}\\.? \\p{L}+\\.? \\d{4}|\\p{L}+\\.? \\d{1,2}, \\d{4}";

    private PrintedValues() {
    }

    /**
     * Reads a printed amount. {@code decimalSeparator} ("." or ",") settles it when the supplier's template knows it;
     * otherwise the last separator followed by one or two digits is the decimal one. Empty when it is no amount.
     */
    static Optional<BigDecimal> amount(String printed, String decimalSeparator) {
        if (printed == null) {
            return Optional.empty();
        }
        String s = printed.replaceAll("[\\s\\u00a0'€$£]", "");
        boolean negative = s.startsWith("-") || s.endsWith("-");
        s = s.replace("-", "");
        if (!s.matches("[\\d.,]*\\d[\\d.,]*")) {
            return Optional.empty();
        }
        String decimal = decimalSeparator;
        if (decimal == null) {
            int last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
            decimal = last >= 0 && s.length() - last - 1 <= 2 ? String.valueOf(s.charAt(last)) : "none";
        }
        String thousands = decimal.equals(",") ? "." : decimal.equals(".") ? "," : "[.,]";
        s = s.replaceAll(thousands.length() == 1 ? Pattern.quote(thousands) : thousands, "");
        if (decimal.equals(",")) {
            s = s.replace(',', '.');
        }
        if (s.chars().filter(c -> c == '.').count() > 1 || s.startsWith(".") || s.endsWith(".")) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(s);
        return Optional.of(negative ? value.negate() : value);
    }

    /** Reads a printed date with the given layouts (all of {@link #DATE_FORMATS} when none), month names in any of {@link #LANGUAGES}. */
    static List<LocalDate> dates(String printed, List<String> formats) {
        String s = normaliseDate(printed);
        Set<LocalDate> found = new LinkedHashSet<>();
        for (String format : formats == null || formats.isEmpty() ? DATE_FORMATS : formats) {
            for (Locale language : format.contains("MMM") ? LANGUAGES : List.of(Locale.ROOT)) {
                try {
                    found.add(LocalDate.parse(s, formatter(format, language)));
                } catch (DateTimeParseException notThisOne) {
                    // the next layout or language may read it
                }
            }
        }
        return List.copyOf(found);
    }

    /** Every way the date may be printed in the layouts and languages the hub knows, each with the layout that prints it. */
    static List<Rendering> renderings(LocalDate date) {
        List<Rendering> all = new ArrayList<>();
        for (String format : DATE_FORMATS) {
            for (Locale language : format.contains("MMM") ? LANGUAGES : List.of(Locale.ROOT)) {
                all.add(new Rendering(formatter(format, language).format(date), format));
            }
        }
        return all;
    }

    /** The ways an amount may be printed: "1234.56", "1234,56", "1,234.56", "1.234,56"; each with its decimal separator. */
    static List<Rendering> renderings(BigDecimal amount) {
        BigDecimal two = amount.setScale(Math.max(2, amount.stripTrailingZeros().scale()), java.math.RoundingMode.UNNECESSARY);
        String plain = two.toPlainString();
        String grouped = String.format(Locale.ENGLISH, "%,." + two.scale() + "f", two);
        List<Rendering> all = new ArrayList<>();
        all.add(new Rendering(grouped, "."));
        all.add(new Rendering(grouped.replace(',', ' ').replace('.', ',').replace(' ', '.'), ","));
        all.add(new Rendering(plain, "."));
        all.add(new Rendering(plain.replace('.', ','), ","));
        all.add(new Rendering(grouped.replace(',', ' ').replace('.', ','), ",")); // French: 1 234,56
        return all;
    }

    /** A value printed one way, with what was used to print it (a date layout, or the decimal separator). */
    record Rendering(String text, String how) {
    }

    /** A regular expression matching dates printed in {@code format} ("d MMMM uuuu" → one or two digits, a word, four digits). */
    static String dateShape(String format) {
        StringBuilder shape = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            int run = 1;
            while (i + run < format.length() && format.charAt(i + run) == c) {
                run++;
            }
            shape.append(switch (c) {
                case 'd', 'M' -> run >= 3 ? "\\p{L}+\\.?" : run == 2 ? "\\d{2}" : "\\d{1,2}";
                case 'u', 'y' -> run == 2 ? "\\d{2}" : "\\d{4}";
                case ' ' -> " ";
                default -> Pattern.quote(String.valueOf(c).repeat(run));
            });
            i += run;
        }
        return shape.toString();
    }

    /**
     * An IBAN (ISO 13616) without spaces, in capitals, when its check digits hold; a match that ran into the next word
     * ("… 3000 BIC") is cut back to the longest part whose check digits hold. Empty when no part does.
     */
    static Optional<String> iban(String printed) {
        if (printed == null) {
            return Optional.empty();
        }
        String s = printed.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        for (int end = Math.min(s.length(), 34); end >= 15; end--) {
            String candidate = s.substring(0, end);
            if (candidate.matches("[A-Z]{2}\\d{2}[A-Z0-9]+") && ibanChecks(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The country's IBAN length and format and the ISO 7064 check digits, as commons-validator knows them. */
    static boolean ibanChecks(String iban) {
        return IBANValidator.getInstance().isValid(iban);
    }

    /** Single spaces, no space before a comma ("August 3 , 2014" → "August 3, 2014"). */
    static String normaliseDate(String printed) {
        return printed == null ? "" : printed.strip().replaceAll("\\s+", " ").replace(" ,", ",");
    }

    private static DateTimeFormatter formatter(String format, Locale language) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(format).toFormatter(language)
                .withResolverStyle(ResolverStyle.STRICT);
    }
}
