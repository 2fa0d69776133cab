package io.kontor.shipping;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox's carrier: books every parcel at once and issues 20-digit tracking numbers with a mod-10 check
 * digit (the shape of many European parcel numbers); a booking repeated with the same idempotency key returns the
 * first booking.
 */
public final class SandboxCarrier implements Carrier {

    private final Map<String, Booking> booked = new ConcurrentHashMap<>();
    private final AtomicLong sequence;

    public SandboxCarrier(long startAt) {
        this.sequence = new AtomicLong(startAt);
    }

    @Override
    public Booking book(Parcel parcel) {
        return booked.computeIfAbsent(parcel.idempotencyKey(), k -> {
            String body = String.format("3401%015d", sequence.incrementAndGet() % 1_000_000_000_000_000L);
            String number = body + checkDigit(body);
            return new Booking("KONTOR_POST", "Kontor Post (sandbox)", "PARCEL", number, "https://track.example.invalid/" + number);
        });
    }

    /** Mod 10 with weights 3 and 1 from the right, as GS1 SSCC numbers use. */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? d * 3 : d;
        }
        return (10 - sum % 10) % 10;
    }
}
