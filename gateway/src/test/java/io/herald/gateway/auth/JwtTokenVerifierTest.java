package io.herald.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.herald.codec.TokenMinter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokenVerifierTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_SECRET = "fedcba9876543210fedcba9876543210";
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final JwtTokenVerifier verifier = new JwtTokenVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsAValidToken() throws Exception {
        TokenClaims claims = verifier.verify(hs256(SECRET, claims("alice").build()), "alice");

        assertThat(claims.uid()).isEqualTo("alice");
        assertThat(claims.groups()).isEmpty();
        assertThat(claims.anyGroup()).isFalse();
        assertThat(claims.allowsGroup("room1")).isFalse();
    }

    @Test
    void acceptsWhatTheMinterMints() throws Exception {
        String token = new TokenMinter(SECRET).mint("alice", List.of("room1", "room2"), Duration.ofMinutes(5));

        TokenClaims claims = new JwtTokenVerifier(SECRET).verify(token, "alice");

        assertThat(claims.groups()).containsExactlyInAnyOrder("room1", "room2");
    }

    @Test
    void groupsClaimListsTheGroupsTheHolderMayJoin() throws Exception {
        String token = hs256(SECRET, claims("alice").claim("groups", List.of("room1", "room2", "room1")).build());

        TokenClaims claims = verifier.verify(token, "alice");

        assertThat(claims.groups()).containsExactlyInAnyOrder("room1", "room2");
        assertThat(claims.allowsGroup("room1")).isTrue();
        assertThat(claims.allowsGroup("room3")).isFalse();
    }

    @Test
    void refusesAGroupsClaimThatIsNotAnArrayOfStrings() {
        assertRefused(hs256(SECRET, claims("alice").claim("groups", "room1").build()), "alice",
                "token claim 'groups' must be an array of strings");
        assertRefused(hs256(SECRET, claims("alice").claim("groups", List.of(1, 2)).build()), "alice",
                "token claim 'groups' must be an array of strings");
        assertRefused(hs256(SECRET, claims("alice").claim("groups", java.util.Arrays.asList("room1", null)).build()),
                "alice", "token claim 'groups' must be an array of strings");
    }

    @Test
    void refusesAnExpiredToken() {
        JwtTokenVerifier later = new JwtTokenVerifier(SECRET,
                Clock.fixed(NOW.plus(Duration.ofMinutes(5)).plus(JwtTokenVerifier.CLOCK_SKEW).plusSeconds(1),
                        ZoneOffset.UTC));

        assertThatThrownBy(() -> later.verify(hs256(SECRET, claims("alice").build()), "alice"))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("token expired");
    }

    @Test
    void allowsClockSkewPastExpiry() throws Exception {
        JwtTokenVerifier slightlyLater = new JwtTokenVerifier(SECRET,
                Clock.fixed(NOW.plus(Duration.ofMinutes(5)).plus(JwtTokenVerifier.CLOCK_SKEW), ZoneOffset.UTC));

        assertThat(slightlyLater.verify(hs256(SECRET, claims("alice").build()), "alice").uid()).isEqualTo("alice");
    }

    @Test
    void refusesATokenWithoutExp() {
        JWTClaimsSet noExp = new JWTClaimsSet.Builder().subject("alice").issueTime(Date.from(NOW)).build();

        assertRefused(hs256(SECRET, noExp), "alice", "token has no exp");
    }

    @Test
    void refusesATokenNotValidYet() throws Exception {
        Instant notBefore = NOW.plus(JwtTokenVerifier.CLOCK_SKEW).plusSeconds(1);
        assertRefused(hs256(SECRET, claims("alice").notBeforeTime(Date.from(notBefore)).build()), "alice",
                "token is not valid yet");

        Instant withinSkew = NOW.plus(JwtTokenVerifier.CLOCK_SKEW);
        assertThat(verifier.verify(hs256(SECRET, claims("alice").notBeforeTime(Date.from(withinSkew)).build()),
                "alice").uid()).isEqualTo("alice");
    }

    @Test
    void refusesAWrongSignature() {
        assertRefused(hs256(OTHER_SECRET, claims("alice").build()), "alice", "token signature is invalid");
    }

    @Test
    void refusesATamperedPayload() {
        String[] parts = hs256(SECRET, claims("alice").build()).split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims("mallory").build().toString().getBytes(StandardCharsets.UTF_8));

        assertRefused(parts[0] + "." + forged + "." + parts[2], "mallory", "token signature is invalid");
    }

    @Test
    void refusesAnotherHmacAlgorithm() throws JOSEException {
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims("alice").build());
        hs512.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));

        assertRefused(hs512.serialize(), "alice", "token algorithm HS512 is not accepted (expected: HS256)");
    }

    @Test
    void refusesHs384() throws JOSEException {
        SignedJWT hs384 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS384), claims("alice").build());
        hs384.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));

        assertRefused(hs384.serialize(), "alice", "token algorithm HS384 is not accepted (expected: HS256)");
    }

    @Test
    void refusesAnUnsecuredToken() {
        String unsecured = new PlainJWT(claims("alice").build()).serialize();

        assertRefused(unsecured, "alice", "token is not a signed JWT");
        assertRefused(unsecured + "c2ln", "alice", "token is not a signed JWT");
    }

    @Test
    void refusesAnAlgNoneHeaderWithASignature() {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String[] signed = hs256(SECRET, claims("alice").build()).split("\\.");

        assertThatThrownBy(() -> verifier.verify(header + "." + signed[1] + "." + signed[2], "alice"))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void refusesAHeaderWithCriticalExtensions() throws JOSEException {
        SignedJWT crit = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .criticalParams(Set.of("exp-ext")).customParam("exp-ext", 1).build(), claims("alice").build());
        crit.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertRefused(crit.serialize(), "alice", "token header 'crit' is not supported");
    }

    @Test
    void refusesAHeaderWithoutAlg() {
        String[] signed = hs256(SECRET, claims("alice").build()).split("\\.");
        String noAlg = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        assertRefused(noAlg + "." + signed[1] + "." + signed[2], "alice", "token is not a signed JWT");
    }

    @Test
    void refusesATruncatedOrExtendedSignature() {
        String token = hs256(SECRET, claims("alice").build());

        assertRefused(token.substring(0, token.length() - 4), "alice", "token signature is invalid");
        assertRefused(token + "AAAA", "alice", "token signature is invalid");
        assertRefused(token + ".more", "alice", "token is not a signed JWT");
    }

    @Test
    void readsFractionalTimesAndIgnoresClaimsItDoesNotUse() throws Exception {
        String[] parts = hs256(SECRET, claims("alice").build()).split("\\.");
        String payload = "{\"sub\":\"alice\",\"exp\":" + (NOW.getEpochSecond() + 60) + ".5,\"nbf\":"
                + (NOW.getEpochSecond() - 1) + ".25,\"aud\":[\"x\",{\"deep\":[1,2]}],\"iss\":null}";
        String header = parts[0];
        String unsigned = header + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String token = unsigned + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));

        assertThat(verifier.verify(token, "alice").uid()).isEqualTo("alice");
    }

    @Test
    void refusesWhatIsNotAJwt() {
        assertRefused("not a token", "alice", "token is not a signed JWT");
        assertRefused("", "alice", "token is not a signed JWT");
        assertRefused("a.b.c", "alice", "token is not a signed JWT");
    }

    @Test
    void refusesATokenIssuedToAnotherUser() {
        assertRefused(hs256(SECRET, claims("bob").build()), "alice", "token subject does not match uid");
    }

    @Test
    void refusesATokenWithoutSubject() {
        JWTClaimsSet noSub = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5)))).build();

        assertRefused(hs256(SECRET, noSub), "alice", "token subject does not match uid");
    }

    @Test
    void secretMustBeLongEnoughForHs256() {
        assertThatIllegalArgumentException().isThrownBy(() -> new JwtTokenVerifier("too short"))
                .withMessageContaining("at least 32 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenMinter("too short"))
                .withMessageContaining("at least 32 bytes");
    }

    @Test
    void developmentVerifierAcceptsAnythingAndAllowsEveryGroup() {
        TokenClaims claims = new DevelopmentTokenVerifier().verify("whatever", "alice");

        assertThat(claims.uid()).isEqualTo("alice");
        assertThat(claims.anyGroup()).isTrue();
        assertThat(claims.allowsGroup("any-room")).isTrue();
    }

    private void assertRefused(String token, String uid, String why) {
        assertThatThrownBy(() -> verifier.verify(token, uid))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage(why);
    }

    private static JWTClaimsSet.Builder claims(String sub) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))));
    }

    private static String hs256(String secret, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
