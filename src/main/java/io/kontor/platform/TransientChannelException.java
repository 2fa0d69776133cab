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

    /**
     * Not sent because the channel's limit would be exceeded: a request that can go in {@code waitMillis}, as the
     * client's picture of the channel's bucket says — a pause known in advance, not a fault to back off from.
     */
    public static TransientChannelException paced(String message, long waitMillis) {
        return new Paced(message, waitMillis);
    }

    /** How long until the call could go, where the channel's limit is what stopped it (0: unknown, a fault). */
    public long waitMillis() {
        return 0;
    }

    private static final class Paced extends TransientChannelException {
        private final long waitMillis;

        Paced(String message, long waitMillis) {
            super(message);
            this.waitMillis = waitMillis;
        }

        @Override
        public long waitMillis() {
            return waitMillis;
        }
    }
}
