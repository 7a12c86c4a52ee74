package io.herald.gateway.auth;

import com.nimbusds.jose.jwk.Curve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the RSA and EC keys of PEM files with the JDK alone: a public key ({@code BEGIN PUBLIC KEY}, X.509
 * SubjectPublicKeyInfo, what {@code openssl pkey -pubout} writes), the key of a certificate ({@code BEGIN
 * CERTIFICATE}), or a private key ({@code BEGIN PRIVATE KEY}, PKCS #8, what {@code openssl genpkey} writes).
 * Stateless.
 */
public final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final String[] TYPES = {"RSA", "EC"};
    private static final Set<Curve> SIGNING_CURVES = Set.of(Curve.P_256, Curve.P_384, Curve.P_521);

    private PemKeys() {
    }

    /** A PEM file that holds no key this class reads; the message says what was expected. */
    public static final class PemException extends Exception {
        PemException(String message) {
            super(message, null, false, false);
        }
    }

    /** The RSA or EC public key of {@code file}, read from a public key or a certificate. */
    public static PublicKey publicKey(Path file) throws PemException {
        String pem = read(file);
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PUBLIC KEY":
                    return checked(generate(der, true));
                case "CERTIFICATE":
                    return checked(certificateKey(der));
                default:
                    // Parameters, other blocks: look further.
            }
        }
        throw new PemException("a PEM file with an RSA or EC public key (BEGIN PUBLIC KEY) or a certificate");
    }

    /** The RSA or EC private key of {@code file} ({@code BEGIN PRIVATE KEY}). */
    public static PrivateKey privateKey(Path file) throws PemException {
        Matcher m = BLOCK.matcher(read(file));
        while (m.find()) {
            if ("PRIVATE KEY".equals(m.group(1))) {
                return (PrivateKey) generate(Base64.getMimeDecoder().decode(m.group(2)), false);
            }
        }
        throw new PemException("a PEM file with an RSA or EC private key in PKCS #8 (BEGIN PRIVATE KEY)");
    }

    private static String read(Path file) throws PemException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PemException("a readable PEM file (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static java.security.Key generate(byte[] der, boolean publicKey) throws PemException {
        for (String type : TYPES) {
            try {
                KeyFactory factory = KeyFactory.getInstance(type);
                return publicKey ? factory.generatePublic(new X509EncodedKeySpec(der))
                        : factory.generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not of this type: try the next.
            }
        }
        throw new PemException("an RSA or EC key");
    }

    private static PublicKey certificateKey(byte[] der) throws PemException {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new PemException("a valid X.509 certificate");
        }
    }

    private static PublicKey checked(java.security.Key key) throws PemException {
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new PemException("an RSA key of at least 2048 bits (RFC 7518)");
        }
        if (key instanceof ECKey ec && !SIGNING_CURVES.contains(Curve.forECParameterSpec(ec.getParams()))) {
            throw new PemException("an EC key on P-256, P-384 or P-521 (ES256, ES384, ES512)");
        }
        if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
            throw new PemException("an RSA or EC key");
        }
        return (PublicKey) key;
    }
}
