package io.kontor.channel.ebay;

/** eBay refused a request in a way retrying will not fix (bad request, consent withdrawn); a person must look. */
public class EbayApiException extends RuntimeException {

    public EbayApiException(String message) {
        super(message);
    }
}
