package io.kontor.channel.amazon;

/** The SP-API refused a request in a way retrying will not fix (invalid input, access denied); a person must look. */
public class SellingPartnerApiException extends RuntimeException {

    private final int status;

    public SellingPartnerApiException(String message) {
        this(message, 0);
    }

    public SellingPartnerApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status Amazon answered (0 where the refusal was not one). */
    public int status() {
        return status;
    }
}
