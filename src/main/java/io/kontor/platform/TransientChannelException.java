package io.kontor.platform;

/**
 * A channel call failed in a way that waiting fixes (server error, rate limit, connection refused) where no
 * HTTP exception of Camel's own can carry it; the shared error policy retries it with backoff. Never give it a
 * Camel HttpOperationFailedException as cause: the policy matches causes first and would then read a status
 * code this exception does not have.
 */
public class TransientChannelException extends RuntimeException {

    public TransientChannelException(String message) {
        super(message);
    }

    public TransientChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
