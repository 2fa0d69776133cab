package io.kontor.model;

/** Seller (BG-4), buyer (BG-7) or payee (BG-10) of an invoice. */
public record InvoiceParty(String name,            // BT-27 / BT-44 / BT-59: the legal name
                           String tradingName,     // BT-28 / BT-45
                           String vatId,           // BT-31 / BT-48
                           String taxRegistrationId, // BT-32 (the seller's national tax number)
                           String legalRegistrationId, // BT-30 / BT-47 / BT-61
                           String email,           // BT-43 / BT-58 (contact)
                           Address address,        // BG-5 / BG-8
                           String electronicAddress) { // BT-34 / BT-49: where the party receives e-invoices
}
