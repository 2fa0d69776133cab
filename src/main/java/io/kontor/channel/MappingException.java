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

    /** Runs a mapping; anything it throws that is not already a MappingException becomes one naming {@code what}. */
    public static <T> T guard(String what, java.util.function.Supplier<T> mapping) {
        try {
            return mapping.get();
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MappingException(what + " could not be mapped: " + e.getMessage(), e);
        }
    }
}
