package io.kontor.model;

public enum PartyRole {
    BUYER, SHIP_TO, BILL_TO, SUPPLIER, DELIVERY_POINT, INVOICEE
}
