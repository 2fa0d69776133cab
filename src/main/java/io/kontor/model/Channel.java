package io.kontor.model;

/** The sales channels Kontor takes orders from. */
public enum Channel {
    SHOPIFY, AMAZON, EBAY, WHOLESALE_CSV, WHOLESALE_EDIFACT
}
