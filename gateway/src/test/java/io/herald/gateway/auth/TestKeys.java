package io.herald.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * Key pairs made by the JDK for tests, and tokens signed with them by nimbus (an implementation independent of the
 * node's checks of claims). Public so that the integration tests of the node use them too.
 */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair rsa() {
        return generate("RSA", null);
    }

    public static KeyPair ec(String curve) {
        return generate("EC", new ECGenParameterSpec(curve));
    }

    private static KeyPair generate(String type, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token with {@code claims}, signed by {@code key} with {@code alg}, naming {@code kid} where not null. */
    public static String sign(JWSAlgorithm alg, PrivateKey key, String kid, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof RSAPrivateKey rsa ? new RSASSASigner(rsa)
                    : new ECDSASigner((ECPrivateKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of {@code pair} with {@code kid}. */
    public static JWK jwk(KeyPair pair, String kid) {
        if (pair.getPublic() instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(kid).build();
        }
        ECPublicKey ec = (ECPublicKey) pair.getPublic();
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid).build();
    }

    /** A JWKS document holding {@code keys}. */
    public static String jwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toString();
    }

    /** Writes the public key of {@code pair} as a PEM file ({@code BEGIN PUBLIC KEY}) in {@code dir}. */
    public static Path pem(Path dir, KeyPair pair) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded());
        try {
            return Files.writeString(Files.createTempFile(dir, "key", ".pem"),
                    "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
