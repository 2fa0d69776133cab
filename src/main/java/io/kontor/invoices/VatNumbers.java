package io.kontor.invoices;

import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * VAT identification numbers as printed on invoices: the shape each country gives them (the EU's VIES formats, the
 * UK's, Switzerland's and Norway's), and for the countries whose numbers carry a check digit the check, so that a
 * number read wrongly or run together with the next word is not offered as the supplier's.
 */
final class VatNumbers {

    /** How sure a VAT id read from text is: its check digits hold, or only its shape fits (no check digit known). */
    enum Strength { CHECKED, SHAPED }

    record VatNumber(String value, Strength strength) {
    }

    private static final Map<String, Pattern> SHAPES = Map.ofEntries(
            Map.entry("AT", Pattern.compile("U\\d{8}")), Map.entry("BE", Pattern.compile("[01]\\d{9}")),
            Map.entry("BG", Pattern.compile("\\d{9,10}")), Map.entry("CY", Pattern.compile("\\d{8}[A-Z]")),
            Map.entry("CZ", Pattern.compile("\\d{8,10}")), Map.entry("DE", Pattern.compile("\\d{9}")),
            Map.entry("DK", Pattern.compile("\\d{8}")), Map.entry("EE", Pattern.compile("\\d{9}")),
            Map.entry("EL", Pattern.compile("\\d{9}")), Map.entry("ES", Pattern.compile("[A-Z0-9]\\d{7}[A-Z0-9]")),
            Map.entry("FI", Pattern.compile("\\d{8}")), Map.entry("FR", Pattern.compile("[A-HJ-NP-Z0-9]{2}\\d{9}")),
            Map.entry("HR", Pattern.compile("\\d{11}")), Map.entry("HU", Pattern.compile("\\d{8}")),
            Map.entry("IE", Pattern.compile("\\d[A-Z0-9+*]\\d{5}[A-Z]{1,2}")), Map.entry("IT", Pattern.compile("\\d{11}")),
            Map.entry("LT", Pattern.compile("\\d{9}|\\d{12}")), Map.entry("LU", Pattern.compile("\\d{8}")),
            Map.entry("LV", Pattern.compile("\\d{11}")), Map.entry("MT", Pattern.compile("\\d{8}")),
            Map.entry("NL", Pattern.compile("[0-9A-Z+*]{10}\\d{2}")), Map.entry("PL", Pattern.compile("\\d{10}")),
            Map.entry("PT", Pattern.compile("\\d{9}")), Map.entry("RO", Pattern.compile("\\d{2,10}")),
            Map.entry("SE", Pattern.compile("\\d{10}01")), Map.entry("SI", Pattern.compile("\\d{8}")),
            Map.entry("SK", Pattern.compile("\\d{10}")), Map.entry("XI", Pattern.compile("\\d{9}|\\d{12}")),
            Map.entry("GB", Pattern.compile("\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}")), Map.entry("CH", Pattern.compile("E\\d{9}")),
            Map.entry("NO", Pattern.compile("\\d{9}(MVA)?")));

    /**
     * The VAT id in what was printed ("DE 123 456 789", "FR 40 303 265 045", also run into the next word: "DE
     * 123456789 Bank" → DE123456789): the longest start of it that has the country's shape, checked where the
     * country's numbers carry a check digit. Empty when no start of it is a VAT id (or its check digits fail).
     */
    static Optional<VatNumber> read(String printed) {
        // where the printed id has spaces, a cut at a space comes first: "IE 285 529 1W Bank" is IE2855291W, not …WB
        String[] words = printed.strip().split("\\s+");
        for (int n = words.length - 1; n >= 1; n--) {
            Optional<VatNumber> atSpace = compact(String.join("", java.util.Arrays.copyOf(words, n)), true);
            if (atSpace.isPresent()) {
                return atSpace;
            }
        }
        return compact(printed, false);
    }

    private static Optional<VatNumber> compact(String printed, boolean whole) {
        String s = printed.replaceAll("[\\s.\\-]", "").toUpperCase(Locale.ROOT);
        if (s.startsWith("CHE")) {
            s = "CH" + s.substring(2); // Switzerland prints CHE-123.456.789 MWST
        }
        if (s.length() < 4) {
            return Optional.empty();
        }
        String country = s.substring(0, 2);
        Pattern shape = SHAPES.get(country);
        if (shape == null) {
            return Optional.empty();
        }
        for (int end = s.length(); end > (whole ? s.length() - 1 : 2); end--) {
            String number = s.substring(2, end);
            if (shape.matcher(number).matches()) {
                Optional<Boolean> checks = checkDigits(country, number);
                if (checks.isEmpty()) {
                    return Optional.of(new VatNumber(country + number, Strength.SHAPED));
                }
                if (checks.get()) {
                    return Optional.of(new VatNumber(country + number, Strength.CHECKED));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the check digits hold; empty for a country whose numbers the hub has no check for. */
    static Optional<Boolean> checkDigits(String country, String n) {
        return switch (country) {
            case "DE" -> Optional.of(iso7064Mod11And10(n));
            case "AT" -> Optional.of(austria(n.substring(1)));
            case "BE" -> Optional.of(97 - Long.parseLong(n.substring(0, 8)) % 97 == Integer.parseInt(n.substring(8)));
            case "FR" -> Optional.of(!n.substring(0, 2).chars().allMatch(Character::isDigit)
                    || Integer.parseInt(n.substring(0, 2)) == (12 + 3 * (Long.parseLong(n.substring(2)) % 97)) % 97);
            case "IT" -> Optional.of(LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(n));
            case "NL" -> Optional.of(n.charAt(9) == 'B' && (netherlandsMod11(n.substring(0, 9)) || netherlandsMod97(n)));
            case "PL" -> Optional.of(weighted(n, new int[]{6, 5, 7, 2, 3, 4, 5, 6, 7}, 11) == n.charAt(9) - '0');
            case "CH" -> Optional.of(swiss(n.substring(1)));
            case "IE" -> n.matches("\\d{7}[A-W][A-IW]?") ? Optional.of(ireland(n)) : Optional.empty(); // the old format has no check
            default -> Optional.empty();
        };
    }

    private static boolean iso7064Mod11And10(String n) {
        int product = 10;
        for (int i = 0; i < 8; i++) {
            int sum = (n.charAt(i) - '0' + product) % 10;
            product = (2 * (sum == 0 ? 10 : sum)) % 11;
        }
        int check = 11 - product;
        return (check == 10 ? 0 : check) == n.charAt(8) - '0';
    }

    private static boolean austria(String n) {
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            int d = n.charAt(i) - '0';
            sum += i % 2 == 0 ? d : (d * 2) / 10 + (d * 2) % 10;
        }
        return (10 - (sum + 4) % 10) % 10 == n.charAt(7) - '0';
    }

    private static boolean netherlandsMod11(String n) {
        if (!n.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (n.charAt(i) - '0') * (9 - i);
        }
        return sum % 11 == n.charAt(8) - '0';
    }

    /** Since 2020 a Dutch sole trader's VAT id is checked as ISO 7064 MOD 97-10 over "NL" and the number. */
    private static boolean netherlandsMod97(String n) {
        StringBuilder digits = new StringBuilder();
        for (char c : ("NL" + n).toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : c == '+' ? "36" : c == '*' ? "37" : String.valueOf(c - 'A' + 10));
        }
        return new java.math.BigInteger(digits.toString()).mod(java.math.BigInteger.valueOf(97)).intValue() == 1;
    }

    /** Seven digits weighted 8 to 2, since 2013 a second letter weighted 9; the check letter is the sum mod 23. */
    private static boolean ireland(String n) {
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += (n.charAt(i) - '0') * (8 - i);
        }
        if (n.length() == 9 && n.charAt(8) != 'W') {
            sum += (n.charAt(8) - 'A' + 1) * 9;
        }
        return "WABCDEFGHIJKLMNOPQRSTUV".charAt(sum % 23) == n.charAt(7);
    }

    private static boolean swiss(String n) {
        int check = 11 - weighted(n, new int[]{5, 4, 3, 2, 7, 6, 5, 4}, 11) % 11;
        return check != 10 && (check == 11 ? 0 : check) == n.charAt(8) - '0';
    }

    private static int weighted(String n, int[] weights, int modulus) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (n.charAt(i) - '0') * weights[i];
        }
        return sum % modulus;
    }

    private VatNumbers() {
    }
}
