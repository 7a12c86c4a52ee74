package io.herald.gateway.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.herald.codec.TokenMinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtVerifierTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration LEEWAY = Duration.ofSeconds(30);
    private static final KeyPair RSA = TestKeys.rsa();
    private static final KeyPair OTHER_RSA = TestKeys.rsa();
    private static final KeyPair P256 = TestKeys.ec("secp256r1");
    private static final KeyPair P384 = TestKeys.ec("secp384r1");
    private static final KeyPair P521 = TestKeys.ec("secp521r1");

    private final JsonFactory json = new JsonFactory();
    private final TokenCheckPool pool = new TokenCheckPool(1, 64);
    private final TokenRules rules = rules(Optional.empty(), Optional.empty());

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void acceptsEveryRsaAlgorithmWithAnRsaKey() throws Exception {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules);
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
                JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512)) {
            TokenClaims claims = verifier.verify(TestKeys.sign(alg, RSA.getPrivate(), null,
                    claims("alice").claim("groups", List.of("room1")).build()), "alice");

            assertThat(claims.uid()).as(alg.getName()).isEqualTo("alice");
            assertThat(claims.groups()).containsExactly("room1");
            assertThat(claims.validUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void acceptsEachEcAlgorithmWithAKeyOnItsCurve() throws Exception {
        assertThat(verifier(null, KeySet.of(P256.getPublic()), rules).verify(
                TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), null, claims("alice").build()), "alice").uid())
                .isEqualTo("alice");
        assertThat(verifier(null, KeySet.of(P384.getPublic()), rules).verify(
                TestKeys.sign(JWSAlgorithm.ES384, P384.getPrivate(), null, claims("alice").build()), "alice").uid())
                .isEqualTo("alice");
        assertThat(verifier(null, KeySet.of(P521.getPublic()), rules).verify(
                TestKeys.sign(JWSAlgorithm.ES512, P521.getPrivate(), null, claims("alice").build()), "alice").uid())
                .isEqualTo("alice");
    }

    @Test
    void checksPsAndEsTokensOnThePoolAndHsAndRsOnTheCallersThread() throws Exception {
        JwtVerifier rsa = new JwtVerifier(new JwtTokenVerifier(SECRET, json, rules), KeySource.of(KeySet.of(
                RSA.getPublic())), rules, json, pool);
        JwtVerifier ec = verifier(null, KeySet.of(P256.getPublic()), rules);

        assertThat(rsa.verifyAsync(new TokenMinter(SECRET, Clock.fixed(NOW, ZoneOffset.UTC)).mint("alice",
                List.of(), Duration.ofMinutes(5)), "alice")).as("HS256").isCompleted();
        assertThat(rsa.verifyAsync(TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null,
                claims("alice").build()), "alice")).as("RS256").isCompleted();
        // The pool's one thread is busy: a check handed to it cannot have completed on this thread.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        pool.submit(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        List<java.util.concurrent.CompletableFuture<String>> threads = List.of(
                rsa.verifyAsync(TestKeys.sign(JWSAlgorithm.PS256, RSA.getPrivate(), null, claims("alice").build()),
                        "alice"),
                ec.verifyAsync(TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), null, claims("alice").build()),
                        "alice")).stream().map(check -> check.thenApply(claims -> Thread.currentThread().getName())
                .toCompletableFuture()).toList();
        assertThat(threads).allSatisfy(thread -> assertThat(thread).isNotDone());
        release.countDown();
        for (var thread : threads) {
            assertThat(thread.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("herald-token-check-");
        }
        assertThat(JwtVerifier.offLoop("ES512")).isTrue();
        assertThat(JwtVerifier.offLoop("PS384")).isTrue();
        assertThat(JwtVerifier.offLoop("RS512")).isFalse();
    }

    @Test
    void refusesAnAlgorithmThatDoesNotFitTheKey() {
        JwtVerifier rsa = verifier(null, KeySet.of(RSA.getPublic()), rules);
        assertRefused(rsa, TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), null, claims("alice").build()),
                "token algorithm ES256 does not fit the node's RSA key");

        JwtVerifier p256 = verifier(null, KeySet.of(P256.getPublic()), rules);
        assertRefused(p256, TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims("alice").build()),
                "token algorithm RS256 does not fit the node's EC key");
        // The right family, the wrong curve.
        assertRefused(p256, TestKeys.sign(JWSAlgorithm.ES384, P384.getPrivate(), null, claims("alice").build()),
                "token algorithm ES384 does not fit the node's EC key");
    }

    @Test
    void refusesASignatureByAnotherKey() {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules);

        assertRefused(verifier, TestKeys.sign(JWSAlgorithm.RS256, OTHER_RSA.getPrivate(), null,
                claims("alice").build()), "token signature is invalid");
        String token = TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims("alice").build());
        String[] parts = token.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims("mallory").build().toString().getBytes(StandardCharsets.UTF_8));
        assertRefused(verifier, parts[0] + "." + forged + "." + parts[2], "mallory", "token signature is invalid");
    }

    @Test
    void refusesAnHmacTokenSignedWithThePublicKey() throws JOSEException {
        // Algorithm confusion (RFC 8725 section 2.1): the public key, which anyone has, as an HMAC secret.
        byte[] publicKey = RSA.getPublic().getEncoded();
        SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice").build());
        confused.sign(new MACSigner(publicKey));

        assertRefused(verifier(null, KeySet.of(RSA.getPublic()), rules), confused.serialize(),
                "token algorithm HS256 is not accepted (expected: " + KeySet.ALGORITHMS + ")");
        // With a secret as well, HS256 is checked against the secret alone.
        assertRefused(verifier(new JwtTokenVerifier(SECRET, json, rules), KeySet.of(RSA.getPublic()), rules),
                confused.serialize(), "token signature is invalid");
    }

    @Test
    void withASecretToo_theAlgorithmPicksTheKey() throws Exception {
        JwtVerifier both = verifier(new JwtTokenVerifier(SECRET, json, rules), KeySet.of(RSA.getPublic()), rules);
        SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice").build());
        hs256.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertThat(both.verify(hs256.serialize(), "alice").uid()).isEqualTo("alice");
        assertThat(both.verify(TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims("alice").build()),
                "alice").uid()).isEqualTo("alice");
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims("alice").build());
        hs512.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertRefused(both, hs512.serialize(),
                "token algorithm HS512 is not accepted (expected: HS256, " + KeySet.ALGORITHMS + ")");
    }

    @Test
    void refusesAlgNone() {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules);
        String unsecured = new PlainJWT(claims("alice").build()).serialize();
        String[] signed = TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims("alice").build())
                .split("\\.");
        String none = base64("{\"alg\":\"none\"}");

        assertRefused(verifier, unsecured, "token is not a signed JWT");
        assertRefused(verifier, none + "." + signed[1] + "." + signed[2], "token is not a signed JWT");
    }

    @Test
    void refusesCriticalHeaders() {
        SignedJWT crit = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .criticalParams(Set.of("exp-ext")).customParam("exp-ext", 1).build(), claims("alice").build());
        try {
            crit.sign(new RSASSASigner(RSA.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }

        assertRefused(verifier(null, KeySet.of(RSA.getPublic()), rules), crit.serialize(),
                "token header 'crit' is not supported");
    }

    @Test
    void refusesMalformedTokens() {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules);
        String[] signed = TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims("alice").build())
                .split("\\.");

        assertRefused(verifier, "not a token", "token is not a signed JWT");
        assertRefused(verifier, "@@@." + signed[1] + "." + signed[2], "token is not a signed JWT");
        assertRefused(verifier, base64("[1,2]") + "." + signed[1] + "." + signed[2], "token is not a signed JWT");
        assertRefused(verifier, base64("{\"alg\":\"RS256\"") + "." + signed[1] + "." + signed[2],
                "token is not a signed JWT");
        assertRefused(verifier, base64("{\"alg\":\"RS256\",\"kid\":7}") + "." + signed[1] + "." + signed[2],
                "token header 'kid' must be a string");
        assertRefused(verifier, signed[0] + "." + signed[1] + "." + signed[2] + "%%", "token is not a signed JWT");
        // Signed, but what it signed is not Base64url.
        String notBase64 = signed[0] + ".e30*";
        assertRefused(verifier, notBase64 + "." + rs256Signature(RSA, notBase64), "token is not a signed JWT");
        assertRefused(verifier, signed[0] + "." + "a".repeat(CompactJws.MAX_CHARS) + "." + signed[2],
                "token is longer than " + CompactJws.MAX_CHARS + " characters");
    }

    @Test
    void refusesClaimsThatAreNotAJsonObject() {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules);
        String header = base64("{\"alg\":\"RS256\"}");
        String payload = base64("[\"alice\"]");
        String token = header + "." + payload + "." + rs256Signature(RSA, header + "." + payload);

        assertRefused(verifier, token, "token claims are malformed");
    }

    @Test
    void honoursNbfAndExpWithTheLeeway() throws Exception {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules);

        assertRefused(verifier, rs256(claims("alice").notBeforeTime(Date.from(NOW.plus(LEEWAY).plusSeconds(1)))),
                "token is not valid yet");
        assertThat(verifier.verify(rs256(claims("alice").notBeforeTime(Date.from(NOW.plus(LEEWAY)))), "alice")
                .uid()).isEqualTo("alice");

        assertRefused(verifier, rs256(claims("alice").expirationTime(Date.from(NOW.minus(LEEWAY).minusSeconds(1)))),
                "token expired");
        // Let in by the leeway after its exp: the connection lives until the leeway is gone too.
        TokenClaims late = verifier.verify(rs256(claims("alice").expirationTime(Date.from(NOW.minusSeconds(10)))),
                "alice");
        assertThat(late.validUntil()).isEqualTo(NOW.minusSeconds(10).plus(LEEWAY));

        assertRefused(verifier, rs256(new JWTClaimsSet.Builder().subject("alice")), "token has no exp");
    }

    @Test
    void checksTheAudienceWhereSet() throws Exception {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules(Optional.of("herald"),
                Optional.empty()));

        assertThat(verifier.verify(rs256(claims("alice").audience("herald")), "alice").uid()).isEqualTo("alice");
        assertThat(verifier.verify(rs256(claims("alice").audience(List.of("api", "herald"))), "alice").uid())
                .isEqualTo("alice");
        assertRefused(verifier, rs256(claims("alice").audience("api")),
                "token audience is not accepted (expected: herald)");
        assertRefused(verifier, rs256(claims("alice")), "token audience is not accepted (expected: herald)");
    }

    @Test
    void checksTheIssuerWhereSet() throws Exception {
        JwtVerifier verifier = verifier(null, KeySet.of(RSA.getPublic()), rules(Optional.empty(),
                Optional.of("https://auth.example.com/")));

        assertThat(verifier.verify(rs256(claims("alice").issuer("https://auth.example.com/")), "alice").uid())
                .isEqualTo("alice");
        assertRefused(verifier, rs256(claims("alice").issuer("https://evil.example.com/")),
                "token issuer is not accepted (expected: https://auth.example.com/)");
        assertRefused(verifier, rs256(claims("alice")),
                "token issuer is not accepted (expected: https://auth.example.com/)");
    }

    @Test
    void theHs256PathChecksAudienceAndIssuerToo() throws Exception {
        JwtTokenVerifier hs256 = new JwtTokenVerifier(SECRET, json, rules(Optional.of("herald"),
                Optional.of("me")));
        SignedJWT good = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                claims("alice").audience("herald").issuer("me").build());
        good.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        SignedJWT noAudience = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice").issuer("me").build());
        noAudience.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertThat(hs256.verify(good.serialize(), "alice").uid()).isEqualTo("alice");
        assertThatThrownBy(() -> hs256.verify(noAudience.serialize(), "alice"))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("token audience is not accepted (expected: herald)");
    }

    @Test
    void refusesATokenIssuedToAnotherUser() {
        assertRefused(verifier(null, KeySet.of(RSA.getPublic()), rules), rs256(claims("bob")),
                "token subject does not match uid");
    }

    @Test
    void picksTheJwksKeyByKid() throws Exception {
        JwtVerifier verifier = verifier(null, KeySet.parse(TestKeys.jwks(TestKeys.jwk(RSA, "r1"),
                TestKeys.jwk(P256, "e1"))), rules);

        assertThat(verifier.verify(TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), "r1",
                claims("alice").build()), "alice").uid()).isEqualTo("alice");
        assertThat(verifier.verify(TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), "e1",
                claims("alice").build()), "alice").uid()).isEqualTo("alice");
        assertRefused(verifier, TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), "r1", claims("alice").build()),
                "token algorithm ES256 does not fit its key 'r1'");
        assertRefused(verifier, TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), "nope", claims("alice").build()),
                "token key id 'nope' is not among the node's keys");
        // Without a kid, the one key that fits its algorithm.
        assertThat(verifier.verify(TestKeys.sign(JWSAlgorithm.ES256, P256.getPrivate(), null,
                claims("alice").build()), "alice").uid()).isEqualTo("alice");
    }

    @Test
    void refusesATokenWithoutKidWhereSeveralKeysFit() {
        JwtVerifier verifier = verifier(null, keySet(TestKeys.jwks(TestKeys.jwk(RSA, "r1"),
                TestKeys.jwk(OTHER_RSA, "r2"))), rules);

        assertRefused(verifier, TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims("alice").build()),
                "token has no kid, and several keys of the JWKS fit RS256");
    }

    @Test
    void neverUsesSymmetricEncryptionOrWeakKeysOfAJwks() throws Exception {
        OctetSequenceKey oct = new OctetSequenceKey.Builder(SECRET.getBytes(StandardCharsets.UTF_8)).keyID("s1")
                .build();
        RSAKey encryption = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("enc").keyUse(KeyUse.ENCRYPTION)
                .build();
        KeyPair weak = weakRsa();
        JwtVerifier verifier = verifier(null, keySet("{\"keys\":[" + oct.toJSONString() + ","
                + encryption.toPublicJWK().toJSONString() + "," + TestKeys.jwk(weak, "weak").toJSONString() + "]}"),
                rules);
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("s1").build(),
                claims("alice").build());
        hs256.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertRefused(verifier, hs256.serialize(), "token algorithm HS256 is not accepted (expected: "
                + KeySet.ALGORITHMS + ")");
        assertRefused(verifier, TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), "enc", claims("alice").build()),
                "token key id 'enc' is not among the node's keys");
        String header = base64("{\"alg\":\"RS256\",\"kid\":\"weak\"}");
        String payload = base64(claims("alice").build().toString());
        assertRefused(verifier, header + "." + payload + "." + rs256Signature(weak, header + "." + payload),
                "token key id 'weak' is not among the node's keys");
    }

    @Test
    void aJwksKeyThatPinsItsAlgorithmTakesNoOther() throws Exception {
        RSAKey pinned = new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("r1")
                .algorithm(JWSAlgorithm.PS256).build();
        JwtVerifier verifier = verifier(null, keySet(TestKeys.jwks(pinned)), rules);

        assertThat(verifier.verify(TestKeys.sign(JWSAlgorithm.PS256, RSA.getPrivate(), "r1", claims("alice").build()),
                "alice").uid()).isEqualTo("alice");
        assertRefused(verifier, TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), "r1", claims("alice").build()),
                "token algorithm RS256 does not fit its key 'r1'");
    }

    @Test
    void readsPemPublicKeys(@TempDir Path dir) throws Exception {
        assertThat(PemKeys.publicKey(TestKeys.pem(dir, RSA))).isEqualTo(RSA.getPublic());
        assertThat(PemKeys.publicKey(TestKeys.pem(dir, P256))).isEqualTo(P256.getPublic());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n"
                + "-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> PemKeys.publicKey(garbage)).isInstanceOf(PemKeys.PemException.class)
                .hasMessage("an RSA or EC key");
        assertThatThrownBy(() -> PemKeys.publicKey(TestKeys.pem(dir, weakRsa())))
                .isInstanceOf(PemKeys.PemException.class).hasMessageContaining("at least 2048 bits");
        assertThatThrownBy(() -> PemKeys.publicKey(dir.resolve("missing.pem")))
                .isInstanceOf(PemKeys.PemException.class).hasMessageContaining("a readable PEM file");
        assertThatThrownBy(() -> JwtConfig.builder().jwtPublicKey(garbage).build())
                .hasMessage("jwtPublicKey: " + garbage + " (expected: an RSA or EC key)");
    }

    @Test
    void configTakesAKeyOrAJwksNotBoth(@TempDir Path dir) {
        Path pem = TestKeys.pem(dir, RSA);

        assertThatThrownBy(() -> JwtConfig.builder().jwtPublicKey(pem)
                .jwks(java.net.URI.create("https://example.com/jwks.json")).build())
                .hasMessageContaining("either --jwks or --jwt-public-key, not both");
        assertThatThrownBy(() -> JwtConfig.builder().jwks(java.net.URI.create("file:///etc/jwks.json")).build())
                .hasMessageContaining("an http:// or https:// URL");
        assertThatThrownBy(() -> JwtConfig.builder().jwtLeeway(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("jwtLeeway");
        assertThat(JwtConfig.builder().jwtPublicKey(pem).build().publicKey()).contains(RSA.getPublic());
    }

    private static KeyPair weakRsa() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeySet keySet(String jwks) {
        try {
            return KeySet.parse(jwks);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtVerifier verifier(JwtTokenVerifier hs256, KeySet keys, TokenRules rules) {
        return new JwtVerifier(hs256, KeySource.of(keys), rules, json, pool);
    }

    private TokenRules rules(Optional<String> audience, Optional<String> issuer) {
        return new TokenRules(Clock.fixed(NOW, ZoneOffset.UTC), json, LEEWAY, audience, issuer);
    }

    private static JWTClaimsSet.Builder claims(String uid) {
        return new JWTClaimsSet.Builder().subject(uid).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
    }

    private static String rs256(JWTClaimsSet.Builder claims) {
        return TestKeys.sign(JWSAlgorithm.RS256, RSA.getPrivate(), null, claims.build());
    }

    private static String rs256Signature(KeyPair key, String signingInput) {
        try {
            java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(JwtVerifier verifier, String token, String why) {
        assertRefused(verifier, token, "alice", why);
    }

    private static void assertRefused(JwtVerifier verifier, String token, String uid, String why) {
        assertThatThrownBy(() -> verifier.verify(token, uid)).isInstanceOf(InvalidTokenException.class)
                .hasMessage(why);
    }
}
