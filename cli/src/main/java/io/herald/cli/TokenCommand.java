package io.herald.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.codec.TokenMinter;
import io.herald.gateway.auth.PemKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code herald token}: prints a JWT that a node accepts: HS256 with the node's {@code --secret}, or, with
 * {@code --key}, RS256 or ES256/384/512 signed with the private key whose public half the node has
 * ({@code --jwt-public-key}, {@code --jwks}).
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a login token (a JWT: HS256 with --secret, RS256/ES256 with --key) for testing.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--uid", required = true, description = "The user the token is for (its 'sub').")
    String uid;

    @Option(names = "--secret", description = "The node's --secret, at least 32 bytes: an HS256 token.")
    String secret;

    @Option(names = "--key", paramLabel = "FILE",
            description = "PEM file with an RSA or EC private key (BEGIN PRIVATE KEY, as openssl genpkey writes): "
                    + "an RS256 or ES256/384/512 token instead.")
    Path key;

    @Option(names = "--kid", paramLabel = "ID", description = "With --key: the key id the token names (JWKS).")
    String kid;

    @Option(names = "--audience", paramLabel = "AUD", description = "With --key: the token's 'aud'.")
    String audience;

    @Option(names = "--issuer", paramLabel = "ISS", description = "With --key: the token's 'iss'.")
    String issuer;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            description = "Groups the client may join itself, comma-separated.")
    List<String> groups = List.of();

    @Option(names = "--ttl", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the token is valid (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(key != null ? signed() : hs256());
        return 0;
    }

    private String hs256() {
        if (secret == null) {
            throw new ParameterException(spec.commandLine(), "Missing option: --secret or --key");
        }
        try {
            return new TokenMinter(secret).mint(uid, groups, ttl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--secret': (expected: at least 32 bytes for HS256)");
        }
    }

    private String signed() {
        PrivateKey privateKey;
        try {
            privateKey = PemKeys.privateKey(key);
        } catch (PemKeys.PemException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--key': " + key + " (expected: " + e.getMessage() + ")");
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(uid).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl))).audience(audience).issuer(issuer);
        if (!groups.isEmpty()) {
            claims.claim("groups", groups);
        }
        try {
            JWSSigner signer;
            JWSAlgorithm alg;
            if (privateKey instanceof RSAPrivateKey rsa) {
                signer = new RSASSASigner(rsa);
                alg = JWSAlgorithm.RS256;
            } else {
                ECPrivateKey ec = (ECPrivateKey) privateKey;
                signer = new ECDSASigner(ec);
                alg = algorithm(Curve.forECParameterSpec(ec.getParams()));
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--key': " + key + " (expected: " + e.getMessage() + ")");
        }
    }

    /** The algorithm of an EC key's curve. */
    private static JWSAlgorithm algorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new IllegalArgumentException("an EC key on P-256, P-384 or P-521");
    }
}
