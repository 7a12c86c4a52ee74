package io.herald.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public keys tokens may be signed with, each with its (nimbus) signature verifier built once: the one key of
 * {@code --jwt-public-key}, or the signing keys of a JWKS. Picks the key for a token by its header: its {@code kid}
 * in a JWKS (a token without one takes the only key that fits its algorithm), and only a key whose type fits the
 * algorithm: RSA for RS256/384/512 and PS256/384/512, EC on P-256 for ES256, P-384 for ES384, P-521 for ES512.
 * Symmetric keys of a JWKS are never used (an HMAC token is checked only against the secret), nor keys whose
 * {@code use} is not {@code sig}, nor RSA keys under 2048 bits. Immutable; thread-safe.
 */
final class KeySet {

    /** The algorithms a public key may sign with, as the error names them. */
    static final String ALGORITHMS = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512";

    private static final int MIN_RSA_BITS = 2048;

    /**
     * One key: its id ({@code null} where it has none), its JWK {@code alg} where the JWKS pins one, its curve where
     * it is an EC key.
     */
    private record Key(String kid, PublicKey key, String alg, Curve curve, JWSVerifier verifier) {
        Key(String kid, PublicKey key, String alg) throws JOSEException {
            this(kid, key, alg, key instanceof ECPublicKey ec ? Curve.forECParameterSpec(ec.getParams()) : null,
                    KeySet.verifier(key));
        }
    }

    private final List<Key> keys;
    private final Map<String, Key> byKid = new HashMap<>();
    /** Whether this is the node's one configured key, whose type alone is checked. */
    private final boolean single;

    private KeySet(List<Key> keys, boolean single) {
        this.keys = List.copyOf(keys);
        this.single = single;
        for (Key key : keys) {
            if (key.kid() != null) {
                byKid.putIfAbsent(key.kid(), key);
            }
        }
    }

    /** The one key of {@code --jwt-public-key}. */
    static KeySet of(PublicKey key) {
        try {
            return new KeySet(List.of(new Key(null, key, null)), true);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("no signature verifier for this key: " + e.getMessage(), e);
        }
    }

    /**
     * The signing keys of a JWKS document (RFC 7517 section 5).
     *
     * @throws ParseException where it is not a JWKS
     */
    static KeySet parse(String jwks) throws ParseException {
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : JWKSet.parse(jwks).getKeys()) {
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                continue;
            }
            try {
                PublicKey key;
                if (jwk instanceof RSAKey rsa) {
                    key = rsa.toRSAPublicKey();
                } else if (jwk instanceof ECKey ec) {
                    key = ec.toECPublicKey();
                } else {
                    continue; // Symmetric or OKP keys: never.
                }
                if (key instanceof RSAPublicKey r && r.getModulus().bitLength() < MIN_RSA_BITS) {
                    continue;
                }
                keys.add(new Key(jwk.getKeyID(), key,
                        jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName()));
            } catch (JOSEException e) {
                // A key this node cannot use (an unsupported curve): as if absent.
            }
        }
        return new KeySet(keys, false);
    }

    private static JWSVerifier verifier(PublicKey key) throws JOSEException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECPublicKey ec) {
            return new ECDSAVerifier(ec);
        }
        throw new JOSEException("not an RSA or EC key: " + key.getAlgorithm());
    }

    int size() {
        return keys.size();
    }

    /** The key ids of the set, for the log. */
    List<String> kids() {
        return keys.stream().map(k -> k.kid() == null ? "(no kid)" : k.kid()).toList();
    }

    /**
     * The verifier of the key that signs a token with this {@code alg} and {@code kid}, or {@code null} where the
     * set has no key by that id (or, without one, none that fits): a fresh copy of a JWKS may have it.
     *
     * @throws InvalidTokenException where the key it names cannot sign with its algorithm, or several could
     */
    JWSVerifier select(String alg, String kid) throws InvalidTokenException {
        if (single) {
            Key key = keys.get(0);
            if (!fits(key, alg)) {
                throw new InvalidTokenException("token algorithm " + alg + " does not fit the node's "
                        + key.key().getAlgorithm() + " key");
            }
            return key.verifier();
        }
        if (kid != null) {
            Key key = byKid.get(kid);
            if (key != null && !fits(key, alg)) {
                throw new InvalidTokenException("token algorithm " + alg + " does not fit its key '" + kid + "'");
            }
            return key == null ? null : key.verifier();
        }
        Key found = null;
        for (Key key : keys) {
            if (fits(key, alg)) {
                if (found != null) {
                    throw new InvalidTokenException("token has no kid, and several keys of the JWKS fit " + alg);
                }
                found = key;
            }
        }
        return found == null ? null : found.verifier();
    }

    private static boolean fits(Key key, String alg) {
        if (key.alg() != null && !key.alg().equals(alg)) {
            return false;
        }
        if (key.key() instanceof RSAPublicKey) {
            return alg.startsWith("RS") || alg.startsWith("PS");
        }
        return switch (alg) {
            case "ES256" -> Curve.P_256.equals(key.curve());
            case "ES384" -> Curve.P_384.equals(key.curve());
            case "ES512" -> Curve.P_521.equals(key.curve());
            default -> false;
        };
    }

    /** Whether {@code alg} is one a public key may sign with. */
    static boolean asymmetric(String alg) {
        return switch (alg) {
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" -> true;
            default -> false;
        };
    }
}
