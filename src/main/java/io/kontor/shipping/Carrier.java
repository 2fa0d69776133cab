package io.kontor.shipping;

import io.kontor.model.Address;

/**
 * A parcel carrier: books a parcel and answers with its tracking number. A real carrier (DHL, UPS, DPD...) plugs in
 * behind this interface; the booking must be idempotent on {@code idempotencyKey}, so a retried booking returns the
 * parcel booked the first time instead of a second one.
 */
public interface Carrier {

    /** What the carrier needs to know about one parcel. */
    record Parcel(String idempotencyKey, String shipFromName, Address shipFrom, String shipToName, String shipToCompany, Address shipTo,
                  int units, String reference) {
    }

    /** The booked parcel. */
    record Booking(String carrierCode, String carrierName, String service, String trackingNumber, String trackingUrl) {
    }

    Booking book(Parcel parcel);
}
