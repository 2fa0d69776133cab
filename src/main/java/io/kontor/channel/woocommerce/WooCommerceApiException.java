package io.kontor.channel.woocommerce;

/** The store refused a call (WordPress's error answer): not retried. */
public class WooCommerceApiException extends RuntimeException {

    private final int status;
    private final String code;

    public WooCommerceApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
