package io.kontor.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts channel secrets the hub must store (rotating refresh tokens) with AES-256-GCM under
 * {@code kontor.security.credentials-key} (base64 of 32 bytes; env KONTOR_SECURITY_CREDENTIALS_KEY). Each
 * value is bound to its owner (channel and account), so a ciphertext copied to another row does not decrypt.
 * The embedded default keeps a generated key in its data directory; production must supply one.
 */
@Component
public class CredentialCipher {

    private static final Logger log = LoggerFactory.getLogger(CredentialCipher.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(SecurityProperties security, @Value("${kontor.embedded.data-dir:./data}") Path dataDir) {
        this.key = loadKey(security, dataDir);
    }

    public byte[] encrypt(String plain, String owner) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, owner);
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encrypting a credential failed", e);
        }
    }

    public String decrypt(byte[] stored, String owner) {
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(stored, IV_BYTES), owner);
            return new String(c.doFinal(stored, IV_BYTES, stored.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored credential of " + owner
                    + " cannot be decrypted: kontor.security.credentials-key is not the key it was stored with", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String owner) throws GeneralSecurityException {
        if (key == null) {
            throw new IllegalStateException("kontor.security.credentials-key (env KONTOR_SECURITY_CREDENTIALS_KEY) is not set:"
                    + " it is needed to store rotating channel tokens. Generate one with: openssl rand -base64 32");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private static SecretKeySpec loadKey(SecurityProperties security, Path dataDir) {
        String configured = security.credentialsKey();
        if (configured != null && !configured.isBlank()) {
            return spec(configured.trim(), "kontor.security.credentials-key");
        }
        if (!security.generateMissing()) {
            return null;
        }
        Path file = dataDir.resolve("credentials.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Path tmp = Files.createTempFile(dataDir, ".credentials", ".key",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                log.info("Generated the key for stored channel credentials: {}", file.toAbsolutePath());
            }
            return spec(Files.readString(file).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    private static SecretKeySpec spec(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(source + " must be 32 bytes (base64 of 32 random bytes), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
