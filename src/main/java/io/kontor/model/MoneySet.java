package io.kontor.model;

/**
 * The same amount in the settlement (shop/seller) currency and in the presentment (buyer) currency;
 * both are the same money when the channel has one currency.
 */
public record MoneySet(Money settlement, Money presentment) {

    public static MoneySet single(Money money) {
        return new MoneySet(money, money);
    }

    public MoneySet plus(MoneySet other) {
        return new MoneySet(settlement.plus(other.settlement), presentment.plus(other.presentment));
    }

    public MoneySet dividedBy(long quantity) {
        return new MoneySet(settlement.dividedBy(quantity), presentment.dividedBy(quantity));
    }

    public MoneySet times(long quantity) {
        return new MoneySet(settlement.times(quantity), presentment.times(quantity));
    }
}
