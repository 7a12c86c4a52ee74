package io.herald.bench.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.herald.codec.ClientCommand;
import io.herald.codec.CommandReader;
import io.herald.codec.Json;
import io.herald.codec.WireException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decoding a client frame into a command ({@link CommandReader#read}), the first step of every message a client
 * sends: the frames of PROTOCOL.md as a client writes them, a login carrying a real JWT of the size an identity
 * provider issues (RS256 with a 2048-bit key; {@code iss}, {@code aud}, {@code jti}, times and a {@code groups}
 * claim: about 600 characters, where an HS256 token of {@code herald token} is about 180), and a frame that is not
 * JSON. Each frame is a byte array, as the gateway hands a heap frame to the reader; a direct buffer costs one
 * more copy in the gateway, which is not measured here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CommandReaderBenchmark {

    private CommandReader reader;
    private byte[] login;
    private byte[] heartbeat;
    private byte[] ack;
    private byte[] join;
    private byte[] malformed;

    @Setup
    public void setUp() throws JOSEException, NoSuchAlgorithmException {
        reader = new CommandReader(new Json());
        login = utf8("{\"id\":\"1\",\"cmd\":\"login\",\"uid\":\"user-48213\",\"token\":\"" + token("user-48213")
                + "\",\"device\":\"web\"}");
        heartbeat = utf8("{\"id\":\"17\",\"cmd\":\"heartbeat\"}");
        ack = utf8("{\"cmd\":\"ack\",\"id\":\"n1:4fzq:2bx9\"}");
        join = utf8("{\"id\":\"3\",\"cmd\":\"join\",\"group\":\"room-1042\"}");
        // A client that forgot the quotes around a value: the parser fails half-way through.
        malformed = utf8("{\"id\":\"4\",\"cmd\":heartbeat}");
    }

    private static String token(String uid) throws JOSEException, NoSuchAlgorithmException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(uid)
                .issuer("https://id.example.com/").audience("herald").jwtID("0f8e3c2a-5b7d-4e61-9a3f-1c2d3e4f5a6b")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("groups", List.of("room-1042", "room-7"))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(rsa.generateKeyPair().getPrivate()));
        return jwt.serialize();
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ClientCommand login() throws WireException {
        return reader.read(login, 0, login.length);
    }

    @Benchmark
    public ClientCommand heartbeat() throws WireException {
        return reader.read(heartbeat, 0, heartbeat.length);
    }

    @Benchmark
    public ClientCommand ack() throws WireException {
        return reader.read(ack, 0, ack.length);
    }

    @Benchmark
    public ClientCommand join() throws WireException {
        return reader.read(join, 0, join.length);
    }

    /** A frame that is not JSON: the 400 it is answered with. */
    @Benchmark
    public WireException malformed() {
        try {
            reader.read(malformed, 0, malformed.length);
        } catch (WireException e) {
            return e;
        }
        throw new IllegalStateException("the malformed frame was read as a command");
    }
}
