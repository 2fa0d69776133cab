package io.kontor.invoices;

import io.kontor.model.Invoice;
import io.kontor.model.InvoiceFormat;
import io.kontor.model.InvoiceLine;
import io.kontor.model.InvoiceParty;
import io.kontor.model.InvoiceTotals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the fields of an invoice that came as a PDF without structured data from its text: with the supplier's
 * {@link ExtractionTemplate} when one applies, else by the labels invoices commonly print ("Invoice number",
 * "Rechnungsdatum", "Totaal", …). Every field carries a confidence and where it came from; amounts that add up
 * (net + VAT = total) vouch for each other. A person confirms whatever is below the threshold.
 */
public final class PdfTextExtraction {

    /** The fields read from a plain PDF, by the names the corrections API uses. */
    public static final List<String> FIELDS = List.of("sellerName", "sellerVatId", "number", "typeCode", "issueDate", "dueDate", "currency",
            "taxExclusive", "tax", "payable", "iban", "purchaseOrderReference");
    /** Without these an invoice cannot be booked. */
    static final List<String> REQUIRED = List.of("sellerName", "number", "issueDate", "currency", "payable");
    /** The fields a template reads with a pattern (the others are the template's constants). */
    static final List<String> PATTERN_FIELDS = List.of("number", "issueDate", "dueDate", "taxExclusive", "tax", "payable", "iban",
            "purchaseOrderReference");
    static final List<String> AMOUNTS = List.of("taxExclusive", "tax", "payable");
    static final List<String> DATES = List.of("issueDate", "dueDate");

    static final double TEMPLATE_CONFIDENCE = 0.95;
    static final double LABEL_CONFIDENCE = 0.6;
    static final double ARITHMETIC_CONFIDENCE = 0.98;
    static final int MAX_TEXT = 200_000;

    /** Where a field's value came from. */
    public enum Source { TEMPLATE, LEARNED, LABEL, DOCUMENT, CORRECTED }

    /** One field's value (normalised: ISO dates, plain decimals, IBAN without spaces), how sure the hub is and why. */
    public record Field(String value, double confidence, Source source) {
    }

    /** What was read: the template used (its issuer), the fields, the lines a template found, and what a person must confirm. */
    public record Extraction(String template, Map<String, Field> fields, List<InvoiceLine> lines, List<String> toConfirm) {

        public Extraction {
            fields = new LinkedHashMap<>(fields);
            lines = lines == null ? List.of() : List.copyOf(lines);
            toConfirm = toConfirm == null ? List.of() : List.copyOf(toConfirm);
        }

        public String value(String field) {
            Field f = fields.get(field);
            return f == null ? null : f.value();
        }

        /** The canonical invoice these fields make (format PDF_TEXT, type 380 unless corrected). */
        public Invoice invoice() {
            BigDecimal payable = amount("payable");
            BigDecimal lineNet = lines.isEmpty() || lines.stream().anyMatch(l -> l.netAmount() == null) ? null
                    : lines.stream().map(InvoiceLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
            InvoiceTotals totals = new InvoiceTotals(lineNet, null, null, amount("taxExclusive"), amount("tax"), payable, null, null, payable);
            InvoiceParty seller = value("sellerName") == null && value("sellerVatId") == null ? null
                    : new InvoiceParty(value("sellerName"), null, value("sellerVatId"), null, null, null, null, null);
            return new Invoice(null, null, InvoiceFormat.PDF_TEXT, value("number"), date("issueDate"),
                    value("typeCode") == null ? "380" : value("typeCode"), value("currency"), date("dueDate"), null,
                    value("purchaseOrderReference"), null, null, seller, null, null, null, null, value("iban"), null, lines,
                    List.of(), List.of(), totals, null, null, null, null, null);
        }

        private BigDecimal amount(String field) {
            return value(field) == null ? null : new BigDecimal(value(field));
        }

        private LocalDate date(String field) {
            return value(field) == null ? null : LocalDate.parse(value(field));
        }
    }

    /** Labels invoices print before a field, in English, German, Dutch and French; tried when no template applies. */
    private static final Map<String, String> LABELS = Map.of(
            "number", "invoice (?:number|no\\.?|nr\\.?|#)|rechnungs-?(?:nummer|nr\\.?)|rechnung nr\\.?|factuurnummer|factuur nr\\.?"
                    + "|facture n|num[ée]ro de facture|n[°o] de facture",
            "issueDate", "invoice date|date of issue|rechnungsdatum|factuurdatum|date de (?:la )?facture|date d'[ée]mission",
            "dueDate", "due date|payment due|f[äa]llig(?:keitsdatum| am| bis)?|zahlbar bis|vervaldatum|date limite de paiement|[ée]ch[ée]ance",
            "payable", "total amount due|amount due|total due|grand total|amount payable|zahlbetrag|gesamtbetrag|rechnungsbetrag"
                    + "|te betalen|totaal|somme [àa] payer|net [àa] payer|total ttc|total(?! ?(?:ht|net|excl))",
            "taxExclusive", "subtotal|total net|net amount|nettobetrag|summe netto|netto|exclusief btw|total ht|montant ht",
            // "Exclusief BTW" / "excl. VAT" names the net amount, "inclusief BTW" the gross one: not the tax
            "tax", "(?<!exclusief )(?<!inclusief )(?<!excl\\. )(?<!incl\\. )(?:vat|tax|mwst\\.?|ust\\.?|umsatzsteuer|btw|tva)",
            "purchaseOrderReference", "purchase order|po number|p\\.o\\. number|your order|bestellnummer|ihre bestellung"
                    + "|bestelnummer|ordernummer|bon de commande");
    /** Between a label and its value: a colon, a currency sign, a "#", spaces; never a letter, a digit or a line break. */
    static final String CONNECTOR = "[^\\p{L}\\p{N}\\n]{0,8}";
    private static final String RATE = "(?: \\d{1,2}(?:[.,]\\d{1,2})? ?%)?";
    private static final Pattern VAT_ID = Pattern.compile("(?i)(?<![\\p{L}])(?:vat(?: ?(?:id|no|number|reg\\.? no))?|ust-?id(?:nr)?\\.?"
            + "|btw(?:-nummer)?|tva(?: intra(?:communautaire)?)?|n° de tva intra communautaire|uid)" + CONNECTOR
            + "([A-Z]{2} ?[0-9A-Z][0-9A-Z ]{6,15}[0-9A-Z])");
    private static final Pattern IBAN = Pattern.compile("(?<![A-Z0-9])" + PrintedValues.IBAN_SHAPE);
    private static final Map<String, String> SYMBOLS = Map.of("€", "EUR", "£", "GBP", "₹", "INR", "$", "USD");
    private static final Pattern ISO_CURRENCY = Pattern.compile("(?<![A-Z])(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|INR|JPY|CAD|AUD)(?![A-Z])");

    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private PdfTextExtraction() {
    }

    /** Single spaces within lines, no empty lines, no space before a comma: the text templates are written against. */
    public static String normalise(String text) {
        String bounded = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        StringBuilder out = new StringBuilder(bounded.length());
        for (String line : bounded.split("\\R")) {
            String clean = line.replace('\u00a0', ' ').replaceAll("[\\s\\p{Cntrl}]+", " ").replace(" ,", ",").strip();
            if (!clean.isEmpty()) {
                out.append(clean).append('\n');
            }
        }
        return out.toString();
    }

    /** The first template whose keywords all appear in the text, learned ones before written ones (they refine them). */
    static Optional<ExtractionTemplate> choose(String text, List<ExtractionTemplate> templates) {
        String lower = text.toLowerCase(Locale.ROOT);
        return templates.stream()
                .filter(t -> !t.keywords().isEmpty() && t.keywords().stream().allMatch(k -> lower.contains(k.toLowerCase(Locale.ROOT))))
                .sorted((a, b) -> a.learned() != b.learned() ? (a.learned() ? -1 : 1) : b.keywords().size() - a.keywords().size())
                .findFirst();
    }

    /** Reads the fields of a normalised text ({@link #normalise}); fields below {@code threshold} are listed to confirm. */
    public static Extraction extract(String text, List<ExtractionTemplate> templates, double threshold) {
        Optional<ExtractionTemplate> template = choose(text, templates);
        Map<String, Field> fields = new LinkedHashMap<>();
        List<InvoiceLine> lines = List.of();
        if (template.isPresent()) {
            ExtractionTemplate t = template.get();
            fields.put("sellerName", new Field(t.issuer(), TEMPLATE_CONFIDENCE, t.learned() ? Source.LEARNED : Source.TEMPLATE));
            if (t.vatId() != null) {
                fields.put("sellerVatId", new Field(t.vatId(), TEMPLATE_CONFIDENCE, t.learned() ? Source.LEARNED : Source.TEMPLATE));
            }
            if (t.currency() != null) {
                fields.put("currency", new Field(t.currency(), TEMPLATE_CONFIDENCE, t.learned() ? Source.LEARNED : Source.TEMPLATE));
            }
            t.fields().forEach((name, regex) -> read(text, compile(regex), name, t).ifPresent(f -> fields.put(name, f)));
            if (t.lines() != null) {
                lines = lines(text, t);
            }
        }
        String separator = decimalSeparatorOf(text);
        for (String name : LABELS.keySet()) {
            // with a template, common labels only stand in for what a booking needs; the rest is the template's call
            if (!fields.containsKey(name) && (template.isEmpty() || REQUIRED.contains(name))) {
                String shape = AMOUNTS.contains(name) ? PrintedValues.AMOUNT_SHAPE : DATES.contains(name) ? PrintedValues.ANY_DATE_SHAPE
                        : PrintedValues.REFERENCE_SHAPE;
                // an amount may have its currency between label and figure ("Total EUR 12,34")
                Pattern labelled = compile("(?i)(?<![\\p{L}])(?:" + LABELS.get(name) + ")" + (name.equals("tax") ? RATE : "")
                        + CONNECTOR + (AMOUNTS.contains(name) ? "(?-i:[A-Z]{3} ?)?" : "") + "(" + shape + ")");
                byLabel(text, labelled, name, separator).ifPresent(f -> fields.put(name, f));
            }
        }
        fields.computeIfAbsent("iban", k -> anywhere(text, IBAN, PrintedValues::iban, 0.95));
        fields.computeIfAbsent("sellerVatId", k -> vatIdIn(text));
        fields.computeIfAbsent("currency", k -> currency(text));
        fields.computeIfAbsent("sellerName", k -> sellerName(text));
        crossCheckAmounts(fields);
        lineSumAgainstNet(fields, lines);
        currencyBesideTheTotal(text, fields);
        return new Extraction(template.map(ExtractionTemplate::issuer).orElse(null), fields, lines, toConfirm(fields, threshold));
    }

    /**
     * A field read by its common label, without a template. One value found (however often) is trusted as far as its
     * kind allows: a number with digits, or a date that reads only one way, at 0.9 — below the threshold otherwise;
     * amounts at the label's 0.6 until net + VAT = total vouches for them. Two different values halve it.
     */
    private static Optional<Field> byLabel(String text, Pattern pattern, String name, String separator) {
        Set<String> values = new LinkedHashSet<>();
        boolean ambiguous = false;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            Optional<List<String>> read = normaliseValue(name, m.group(1), null, separator);
            // a reference without a digit is the next label of a header row ("Rechnungsnummer Rechnungsdatum"), not a value
            if ((name.equals("number") || name.equals("purchaseOrderReference")) && m.group(1).chars().noneMatch(Character::isDigit)) {
                continue;
            }
            if (read.isPresent()) {
                List<String> dates = read.get();
                if (dates.size() > 1 && DATES.contains(name) && ",".equals(separator)) {
                    // 11/05/2026 in a German, French or Dutch document is the 11th of May: day first, as the layouts list it
                    dates = dates.subList(0, 1);
                }
                ambiguous |= dates.size() > 1;
                values.addAll(dates);
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String first = values.iterator().next();
        double sure = switch (name) {
            case "number" -> first.chars().anyMatch(Character::isDigit) ? 0.9 : LABEL_CONFIDENCE;
            case "issueDate", "dueDate" -> ambiguous ? LABEL_CONFIDENCE : 0.9;
            default -> LABEL_CONFIDENCE;
        };
        return Optional.of(new Field(first, values.size() == 1 ? sure : sure / 2, Source.LABEL));
    }

    /** German, French and Dutch invoices write 1.234,56; English ones 1,234.56: the language of the labels decides. */
    static String decimalSeparatorOf(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int comma = count(lower, COMMA_LANGUAGES);
        int point = count(lower, POINT_LANGUAGES);
        return comma > point ? "," : point > comma ? "." : null;
    }

    private static final Pattern COMMA_LANGUAGES = Pattern.compile("(?<!\\p{L})(?:rechnung|betrag|datum|mwst|ust|netto|gesamt|zahlbar"
            + "|summe|facture|montant|tva|[ée]ch[ée]ance|factuur|bedrag|btw|totaal|vervaldatum|datum)(?!\\p{L})");
    private static final Pattern POINT_LANGUAGES = Pattern.compile("(?<!\\p{L})(?:invoice|amount|total|due|subtotal|date|tax|vat"
            + "|payable|balance)(?!\\p{L})");

    private static int count(String text, Pattern words) {
        int n = 0;
        Matcher m = words.matcher(text);
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The seller's VAT id: checked by its country's check digits at 0.95, only shaped like one at 0.7; a failing one is not offered. */
    private static Field vatIdIn(String text) {
        Set<VatNumbers.VatNumber> found = new LinkedHashSet<>();
        Matcher m = VAT_ID.matcher(text);
        while (m.find()) {
            VatNumbers.read(m.group(1)).ifPresent(found::add);
        }
        if (found.isEmpty()) {
            return null;
        }
        VatNumbers.VatNumber first = found.iterator().next();
        double sure = first.strength() == VatNumbers.Strength.CHECKED ? 0.95 : 0.7;
        // the buyer's id may be printed too: two different ids say nothing about which is the seller's
        return new Field(first.value(), found.stream().map(VatNumbers.VatNumber::value).distinct().count() == 1 ? sure : 0.45, Source.DOCUMENT);
    }

    private static final Pattern LEGAL_FORM = Pattern.compile("^(\\p{L}[^\\n]{1,80}?(?<![\\p{L}])(?:GmbH(?: & Co\\. KG)?|AG|KG|OHG|e\\.K\\.|UG"
            + "|Ltd\\.?|Limited|LLC|Inc\\.?|B\\.V\\.|BV|N\\.V\\.|NV|SARL|S\\.A\\.R\\.L\\.|SAS|S\\.A\\.S\\.|SA|S\\.A\\.|S\\.r\\.l\\.|Srl|S\\.p\\.A\\.|SpA|plc|PLC))"
            + "(?![\\p{L}])", Pattern.MULTILINE);

    /**
     * The seller as a letterhead names it: the first of the top lines ending a company name in a legal form (GmbH, Ltd,
     * B.V., SARL, …). Below the threshold on purpose: the buyer's address carries one too, so a person confirms the
     * supplier of an unknown layout once and the learned template knows it from then on.
     */
    private static Field sellerName(String text) {
        String top = text.lines().limit(12).reduce("", (a, b) -> a + b + "\n");
        Matcher m = LEGAL_FORM.matcher(top);
        return m.find() ? new Field(m.group(1).strip(), 0.8, Source.DOCUMENT) : null;
    }

    /** The currency code printed right before or after the total ("EUR 529,87", "529.87 EUR") names the invoice's currency. */
    private static void currencyBesideTheTotal(String text, Map<String, Field> fields) {
        Field currency = fields.get("currency");
        Field total = fields.get("payable");
        if (currency == null || total == null || currency.source() != Source.DOCUMENT || currency.confidence() >= 0.95) {
            return;
        }
        List<String> marks = new ArrayList<>(List.of(currency.value()));
        SYMBOLS.forEach((symbol, code) -> {
            if (code.equals(currency.value()) && !symbol.equals("$")) {
                marks.add(symbol); // € and £ name one currency each; $ does not
            }
        });
        for (PrintedValues.Rendering r : PrintedValues.renderings(new BigDecimal(total.value()))) {
            if (marks.stream().anyMatch(mark -> text.contains(mark + " " + r.text()) || text.contains(r.text() + " " + mark))) {
                fields.put("currency", new Field(currency.value(), 0.95, Source.DOCUMENT));
                return;
            }
        }
    }

    /** Lines a template read that do not add up to the net total cast doubt on the net total: a person looks. */
    private static void lineSumAgainstNet(Map<String, Field> fields, List<InvoiceLine> lines) {
        Field net = fields.get("taxExclusive");
        if (net == null || lines.isEmpty() || lines.stream().anyMatch(l -> l.netAmount() == null)) {
            return;
        }
        BigDecimal sum = lines.stream().map(InvoiceLine::netAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        // a cent per line: lines printed with VAT are worked back to net one by one, each rounded
        if (sum.subtract(new BigDecimal(net.value())).abs().compareTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(lines.size()))) > 0) {
            fields.put("taxExclusive", new Field(net.value(), Math.min(net.confidence(), 0.5), net.source()));
        }
    }

    /** Required fields missing or below the threshold, and any other field read below it (a doubtful IBAN pays the wrong account). */
    static List<String> toConfirm(Map<String, Field> fields, double threshold) {
        List<String> open = new ArrayList<>();
        for (String name : FIELDS) {
            Field f = fields.get(name);
            if (f == null ? REQUIRED.contains(name) : f.confidence() < threshold) {
                open.add(name);
            }
        }
        return open;
    }

    /** A field's pattern over the text: one distinct value is trusted as its source allows, several halve it (the first is kept). */
    private static Optional<Field> read(String text, Pattern pattern, String name, ExtractionTemplate template) {
        Set<String> values = values(text, pattern, name, template);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        double base;
        Source source;
        if (template == null) {
            base = LABEL_CONFIDENCE;
            source = Source.LABEL;
        } else if (template.confirmations() != null && template.confirmations().containsKey(name)) {
            // 0.8 after the review that taught it, 0.9 once a second review agreed (tenths: 0.7 + 0.2 is not 0.9 in doubles)
            base = Math.min(TEMPLATE_CONFIDENCE, (7 + template.confirmations().get(name)) / 10.0);
            source = Source.LEARNED;
        } else {
            base = TEMPLATE_CONFIDENCE;
            source = Source.TEMPLATE;
        }
        return Optional.of(new Field(values.iterator().next(), values.size() == 1 ? base : base / 2, source));
    }

    /** Every distinct value the pattern finds in the text, in order, as the canonical model keeps them. */
    static Set<String> values(String text, Pattern pattern, String name, ExtractionTemplate template) {
        Set<String> values = new LinkedHashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            String raw = m.groupCount() >= 1 ? m.group(1) : m.group();
            normaliseValue(name, raw, template).ifPresent(values::addAll);
        }
        return values;
    }

    /** The printed value as the canonical model keeps it; a date that reads two ways (03/04/2025) yields both. */
    static Optional<List<String>> normaliseValue(String name, String raw, ExtractionTemplate template) {
        return normaliseValue(name, raw, template, null);
    }

    /** The same, with the document's decimal separator where no template names one. */
    static Optional<List<String>> normaliseValue(String name, String raw, ExtractionTemplate template, String documentSeparator) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (AMOUNTS.contains(name)) {
            // the document's language settles only what reads both ways: "1.234" is 1234 in German, 1.234 in English
            String separator = template != null && template.decimalSeparator() != null ? template.decimalSeparator()
                    : raw.strip().matches("-?\\d{1,3}[.,]\\d{3}") ? documentSeparator : null;
            return PrintedValues.amount(raw, separator).map(a -> List.of(a.toPlainString()));
        }
        if (DATES.contains(name)) {
            List<LocalDate> dates = PrintedValues.dates(raw, template == null ? List.of() : template.dateFormats());
            return dates.isEmpty() ? Optional.empty() : Optional.of(dates.stream().map(LocalDate::toString).toList());
        }
        if (name.equals("iban")) {
            return PrintedValues.iban(raw).map(List::of);
        }
        return Optional.of(List.of(raw.strip()));
    }

    private static Field anywhere(String text, Pattern pattern, java.util.function.Function<String, Optional<String>> valid, double sure) {
        Set<String> values = new LinkedHashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            valid.apply(m.groupCount() >= 1 ? m.group(1) : m.group()).ifPresent(values::add);
        }
        return values.isEmpty() ? null : new Field(values.iterator().next(), values.size() == 1 ? sure : sure / 2, Source.DOCUMENT);
    }

    /** A VAT id as the hub keeps it: no spaces or dots, in capitals; two letters and at least eight more characters with digits. */
    static Optional<String> vatId(String printed) {
        String s = printed.replaceAll("[\\s.]", "").toUpperCase(Locale.ROOT);
        return s.matches("[A-Z]{2}[0-9A-Z]{8,15}") && s.substring(2).chars().filter(Character::isDigit).count() >= 6
                ? Optional.of(s) : Optional.empty();
    }

    /** The currency the document names by ISO code, else by an unambiguous symbol; the dollar sign alone is doubtful. */
    private static Field currency(String text) {
        Set<String> codes = new LinkedHashSet<>();
        Matcher m = ISO_CURRENCY.matcher(text);
        while (m.find()) {
            codes.add(m.group(1));
        }
        if (codes.size() == 1) {
            return new Field(codes.iterator().next(), 0.85, Source.DOCUMENT);
        }
        Set<String> bySymbol = new LinkedHashSet<>();
        SYMBOLS.forEach((symbol, code) -> {
            if (text.contains(symbol)) {
                bySymbol.add(code);
            }
        });
        if (bySymbol.size() == 1) {
            String code = bySymbol.iterator().next();
            return new Field(code, code.equals("USD") ? 0.5 : 0.85, Source.DOCUMENT);
        }
        return codes.isEmpty() ? null : new Field(codes.iterator().next(), 0.4, Source.DOCUMENT);
    }

    /** Net + VAT = total: three amounts read apart that add up vouch for each other; ones that do not, cast doubt on all three. */
    private static void crossCheckAmounts(Map<String, Field> fields) {
        Field net = fields.get("taxExclusive");
        Field tax = fields.get("tax");
        Field total = fields.get("payable");
        if (net == null || tax == null || total == null) {
            return;
        }
        boolean adds = new BigDecimal(net.value()).add(new BigDecimal(tax.value())).subtract(new BigDecimal(total.value())).abs()
                .compareTo(new BigDecimal("0.01")) <= 0;
        for (String name : AMOUNTS) {
            Field f = fields.get(name);
            fields.put(name, new Field(f.value(), adds ? Math.max(f.confidence(), ARITHMETIC_CONFIDENCE) : Math.min(f.confidence(), 0.5),
                    f.source()));
        }
    }

    private static List<InvoiceLine> lines(String text, ExtractionTemplate t) {
        List<InvoiceLine> lines = new ArrayList<>();
        Matcher m = compile(t.lines()).matcher(text);
        while (m.find()) {
            BigDecimal rate = group(m, "vatRate").flatMap(r -> PrintedValues.amount(r.replace("%", ""), t.decimalSeparator())).orElse(null);
            BigDecimal amount = group(m, "amount").flatMap(a -> PrintedValues.amount(a, t.decimalSeparator())).orElse(null);
            BigDecimal price = group(m, "price").flatMap(p -> PrintedValues.amount(p, t.decimalSeparator())).orElse(null);
            if (Boolean.TRUE.equals(t.lineAmountsIncludeVat()) && rate != null) {
                amount = amount == null ? null : net(amount, rate);
                price = price == null ? null : net(price, rate);
            }
            BigDecimal quantity = group(m, "quantity").flatMap(q -> PrintedValues.amount(q, t.decimalSeparator())).orElse(BigDecimal.ONE);
            String name = m.group("name").strip();
            boolean included = t.includedLines() != null && !lines.isEmpty() && compile(t.includedLines()).matcher(name).find();
            InvoiceLine line = new InvoiceLine(included ? lines.get(lines.size() - 1).id() + ".1" : String.valueOf(lines.size() + 1),
                    quantity, "C62", amount, name, group(m, "itemId").orElse(null), null, null, price == null ? amount : price, null, null,
                    rate, null);
            if (included) {
                // part of the line before it (a levy in its price): kept under it, not billed or summed a second time
                InvoiceLine whole = lines.remove(lines.size() - 1);
                List<InvoiceLine> parts = new ArrayList<>(whole.subLines());
                parts.add(line);
                lines.add(whole.withSubLines(parts));
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    private static BigDecimal net(BigDecimal gross, BigDecimal ratePercent) {
        return gross.multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(100).add(ratePercent), 2, RoundingMode.HALF_UP);
    }

    private static Optional<String> group(Matcher m, String name) {
        try {
            return Optional.ofNullable(m.group(name)).filter(s -> !s.isBlank());
        } catch (IllegalArgumentException noSuchGroup) {
            return Optional.empty();
        }
    }

    /** Compiles once per expression; a broken one names itself (templates are checked when they are loaded). */
    static Pattern compile(String regex) {
        return COMPILED.computeIfAbsent(regex, r -> {
            try {
                return Pattern.compile(r, Pattern.MULTILINE);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("extraction pattern " + r + " is not a regular expression: " + e.getDescription(), e);
            }
        });
    }
}
