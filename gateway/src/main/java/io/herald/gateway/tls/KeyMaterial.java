package io.herald.gateway.tls;

import io.herald.codec.InvalidConfigException;
import io.herald.gateway.tls.TlsConfig.TlsFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A port's certificate chain and private key as read from its files, checked: each file is PEM of the right kind,
 * and the key is the certificate's (a signature made with the key verifies with the certificate's public key).
 * Whatever is wrong is an {@link InvalidConfigException} naming the setting and the file. Immutable.
 *
 * @param chain the node's certificate first, then the ones that signed it
 * @param key   the private key of {@code chain[0]}
 */
record KeyMaterial(X509Certificate[] chain, PrivateKey key) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Reads and checks {@code files}, on the calling thread (start-up, or the reloading thread). */
    static KeyMaterial load(TlsFiles files) {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(read(files.cert(), files.certSetting()));
        } catch (Pem.PemException e) {
            throw new InvalidConfigException(files.certSetting(), files.cert(),
                    "a PEM certificate chain, the node's certificate first; " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = Pem.privateKey(read(files.key(), files.keySetting()));
        } catch (Pem.PemException e) {
            throw new InvalidConfigException(files.keySetting(), files.key(), "an unencrypted PEM private key; "
                    + e.getMessage());
        }
        if (!matches(key, chain.get(0).getPublicKey())) {
            throw new InvalidConfigException(files.keySetting(), files.key(), "the private key of the certificate in "
                    + files.cert() + "; it is the key of another certificate");
        }
        return new KeyMaterial(chain.toArray(X509Certificate[]::new), key);
    }

    /** The certificate as the log names it: subject, serial number and expiry. */
    String describe() {
        X509Certificate own = chain[0];
        return own.getSubjectX500Principal().getName() + ", serial " + own.getSerialNumber().toString(16)
                + ", valid until " + own.getNotAfter().toInstant();
    }

    /** Whether the node's certificate has expired: clients will refuse it. */
    boolean expired() {
        return chain[0].getNotAfter().toInstant().isBefore(Instant.now());
    }

    /** The text of a PEM file; where it cannot be read, the complaint names {@code setting}. */
    static String read(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(setting, file, "a readable PEM file; there is no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidConfigException(setting, file, "a readable PEM file; the node's user may not read it");
        } catch (IOException e) {
            throw new InvalidConfigException(setting, file, "a readable PEM file; " + e);
        }
    }

    /**
     * Whether {@code key} is the private half of {@code certificate}: a signature it makes verifies. Keys of a
     * kind this cannot sign with here (RSASSA-PSS, which needs parameters) are taken on trust; the handshake
     * fails for them where they do not match.
     */
    private static boolean matches(PrivateKey key, PublicKey certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        if (!key.getAlgorithm().equals(certificate.getAlgorithm())) {
            return false;
        }
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
