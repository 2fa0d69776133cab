package io.kontor.sandbox.wholesale;

import io.kontor.platform.Digests;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A wholesale partner's SFTP drop, served in-process by Apache MINA SSHD: one user, password login, a chrooted
 * directory ({@code /outbound/orders} is where the partner puts its order files). The host key is generated
 * once into the root and kept, so clients see the same server across restarts.
 */
public final class SandboxSftpServer implements AutoCloseable {

    private final SshServer server;
    private final Path root;

    private SandboxSftpServer(SshServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    public static SandboxSftpServer start(Path root, int port, String user, String password) {
        try {
            Files.createDirectories(root.resolve("outbound/orders"));
            Files.createDirectories(root.resolve("outbound/edifact"));
            // what the hub sends the partner: SHIP files and DESADV despatch advices
            Files.createDirectories(root.resolve("inbound/shipments"));
            Files.createDirectories(root.resolve("inbound/edifact"));
            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("localhost");
            sshd.setPort(port);
            sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve(".hostkey.ser")));
            sshd.setPasswordAuthenticator((u, p, session) -> Digests.sameSecret(u, user) && Digests.sameSecret(p, password));
            sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
            sshd.start();
            return new SandboxSftpServer(sshd, root);
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
