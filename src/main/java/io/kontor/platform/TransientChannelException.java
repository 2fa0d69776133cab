package io.kontor.platform;

/**
 * A channel call failed in a way that waiting fixes (server error, rate limit, connection refused) where no
 * HTTP exception of Camel's own can carry it; the shared error policy retries it with backoff.
 */
public class TransientChannelException extends RuntimeException {

    public TransientChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
