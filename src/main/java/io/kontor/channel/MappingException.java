package io.kontor.channel;

/**
 * A payload that cannot become a canonical document. Never retried: the message is quarantined with
 * this message as its reason.
 */
public class MappingException extends io.kontor.platform.BadInputException {
    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
