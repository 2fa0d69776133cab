package io.kontor.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in one ISO 4217 currency. The scale is the currency's (2 for EUR, 0 for JPY, 3 for KWD);
 * an amount that would lose digits at that scale is refused rather than rounded. Serialised as
 * {@code {"amount":"49.90","currency":"EUR"}} so that no JSON reader turns it into a double.
 */
public record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, Currency currency)
        implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int scale = Math.max(currency.getDefaultFractionDigits(), 0);
        try {
            amount = amount.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "Amount " + amount.toPlainString() + " has more decimals than " + currency.getCurrencyCode() + " allows (" + scale + ")");
        }
    }

    @JsonCreator
    public static Money of(@JsonProperty("amount") String amount, @JsonProperty("currency") String currency) {
        if (amount == null || currency == null) {
            throw new IllegalArgumentException("Money needs an amount and a currency, got " + amount + " " + currency);
        }
        return new Money(new BigDecimal(amount.trim()), Currency.getInstance(currency.trim()));
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, Currency.getInstance(currency));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** One of {@code quantity} equal parts, rounded half-even to the currency's minor unit (a unit price from a line total). */
    public Money dividedBy(long quantity) {
        return new Money(amount.divide(BigDecimal.valueOf(quantity), Math.max(currency.getDefaultFractionDigits(), 0), RoundingMode.HALF_EVEN),
                currency);
    }

    public Money times(long quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isZero() {
        return amount.signum() == 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(this, other);
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
