package io.kontor.platform;

/**
 * Input that can never be processed as it is (malformed, unmappable, invalid). Never retried: the message
 * is quarantined with this exception's message as its reason, and the route goes on with the next one.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
