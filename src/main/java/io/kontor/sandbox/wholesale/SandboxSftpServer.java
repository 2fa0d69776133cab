package io.kontor.sandbox.wholesale;

import io.kontor.platform.Digests;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A wholesale partner's SFTP drop, served in-process by Apache MINA SSHD: one user, password login, a chrooted
 * directory ({@code /outbound/orders} is where the partner puts its order files). The host key is generated
 * once into the root and kept, so clients see the same server across restarts.
 */
public final class SandboxSftpServer implements AutoCloseable {

    private final SshServer server;
    private final Path root;
    private final AtomicReference<String> breakNextReadOf;
    private final AtomicInteger broken;

    private SandboxSftpServer(SshServer server, Path root, AtomicReference<String> breakNextReadOf, AtomicInteger broken) {
        this.server = server;
        this.root = root;
        this.breakNextReadOf = breakNextReadOf;
        this.broken = broken;
    }

    /**
     * The next download of a file whose name contains {@code namePart} loses its connection after the first block (a
     * network fault in the middle of a file); later downloads of it go through.
     */
    public void disconnectDuringNextRead(String namePart) {
        breakNextReadOf.set(namePart);
    }

    /** Connections broken so far by {@link #disconnectDuringNextRead}. */
    public int disconnects() {
        return broken.get();
    }

    /** Closes the session when a marked file is read past its first block. */
    private static SftpEventListener faults(AtomicReference<String> breakNextReadOf, AtomicInteger broken) {
        return new SftpEventListener() {
            @Override
            public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                String part = breakNextReadOf.get();
                if (part != null && offset > 0 && localHandle.getFile().getFileName().toString().contains(part)
                        && breakNextReadOf.compareAndSet(part, null)) {
                    broken.incrementAndGet();
                    session.close(true);
                    throw new IOException("sandbox: connection lost while reading " + localHandle.getFile().getFileName());
                }
            }
        };
    }

    /** The wholesale partner's server: its order drops and the folders the hub writes shipments and stock to. */
    public static SandboxSftpServer start(Path root, int port, String user, String password) {
        // orders in; SHIP files and DESADV despatch advices, STOCK csv files and INVRPT inventory reports out
        return serve(root, port, user, password, "outbound/orders", "outbound/edifact", "inbound/shipments", "inbound/edifact", "inbound/stock");
    }

    /** A server with just these folders under {@code root} (a warehouse system's drop). */
    public static SandboxSftpServer serve(Path root, int port, String user, String password, String... directories) {
        try {
            for (String directory : directories) {
                Files.createDirectories(root.resolve(directory));
            }
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("localhost");
            sshd.setPort(port);
            sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve(".hostkey.ser")));
            sshd.setPasswordAuthenticator((u, p, session) -> Digests.sameSecret(u, user) && Digests.sameSecret(p, password));
            AtomicReference<String> breakNextReadOf = new AtomicReference<>();
            AtomicInteger broken = new AtomicInteger();
            SftpSubsystemFactory sftp = new SftpSubsystemFactory();
            sftp.addSftpEventListener(faults(breakNextReadOf, broken));
            sshd.setSubsystemFactories(List.of(sftp));
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
            sshd.start();
            return new SandboxSftpServer(sshd, root, breakNextReadOf, broken);
        } catch (IOException e) {
            throw new UncheckedIOException("Sandbox SFTP server could not start on port " + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    /** Where the partner's EDIFACT interchanges go, as seen on the local disk. */
    public Path edifactDir() {
        return root.resolve("outbound/edifact");
    }

    /** Where the partner's order files go, as seen on the local disk. */
    public Path ordersDir() {
        return root.resolve("outbound/orders");
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
