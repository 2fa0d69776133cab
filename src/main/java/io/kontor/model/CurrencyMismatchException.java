package io.kontor.model;

/** Arithmetic across two currencies is a bug in the caller, never something to convert silently. */
public class CurrencyMismatchException extends IllegalArgumentException {
    public CurrencyMismatchException(Money a, Money b) {
        super("Cannot combine " + a.currency().getCurrencyCode() + " with " + b.currency().getCurrencyCode());
    }
}
