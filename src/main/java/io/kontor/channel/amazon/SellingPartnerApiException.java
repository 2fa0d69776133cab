package io.kontor.channel.amazon;

/** The SP-API refused a request in a way retrying will not fix (invalid input, access denied); a person must look. */
public class SellingPartnerApiException extends RuntimeException {

    public SellingPartnerApiException(String message) {
        super(message);
    }
}
