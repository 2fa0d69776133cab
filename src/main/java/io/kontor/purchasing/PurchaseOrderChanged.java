package io.kontor.purchasing;

/** A purchase order arrived or changed, or goods were received against it. */
public record PurchaseOrderChanged(String purchaseOrder) {
}
