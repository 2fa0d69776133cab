package io.kontor.channel.wholesale;

/** GS1 identification keys (GTIN-8/12/13/14, GLN): digits with a mod-10 check digit. */
final class Gs1 {

    private Gs1() {
    }

    static boolean validCheckDigit(String digits, int length) {
        if (digits == null || digits.length() != length || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int sum = 0;
        // weights 3,1,3,1... from the rightmost digit before the check digit
        for (int i = digits.length() - 2, w = 3; i >= 0; i--, w = 4 - w) {
            sum += (digits.charAt(i) - '0') * w;
        }
        return (10 - sum % 10) % 10 == digits.charAt(digits.length() - 1) - '0';
    }
}
