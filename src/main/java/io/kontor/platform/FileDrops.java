package io.kontor.platform;

/**
 * Exchange properties the file sources (SFTP kamelets, watched folders) read once a file is handled: where it goes
 * ({@code done} or {@code error}) and, for error/, the reason written beside it.
 */
public final class FileDrops {

    public static final String OUTCOME = "kontorFileOutcome";
    public static final String REJECTION = "kontorFileRejection";

    private FileDrops() {
    }
}
