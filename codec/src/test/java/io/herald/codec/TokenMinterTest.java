package io.herald.codec;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenMinterTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final TokenMinter minter = new TokenMinter(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void mintsAnHs256JwtWithSubjectExpiryAndGroups() throws Exception {
        String[] parts = minter.mint("alice", List.of("room1", "room\"2"), Duration.ofMinutes(5)).split("\\.");

        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        long now = NOW.getEpochSecond();
        assertThat(decode(parts[1])).isEqualTo("{\"sub\":\"alice\",\"iat\":" + now + ",\"exp\":" + (now + 300)
                + ",\"groups\":[\"room1\",\"room\\\"2\"]}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
    }

    @Test
    void leavesGroupsOutWhenThereAreNone() {
        String claims = minter.mint("bob", List.of(), Duration.ofSeconds(1)).split("\\.")[1];

        assertThat(decode(claims)).doesNotContain("groups");
    }

    @Test
    void refusesASecretShorterThanTheHash() {
        assertThatThrownBy(() -> new TokenMinter("0123456789abcdef0123456789abcde"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("secret: (31 bytes) (expected: at least 32 bytes for HS256)");
        assertThatThrownBy(() -> TokenMinter.requireSecret("clusterSecret", null))
                .isInstanceOf(InvalidConfigException.class).hasMessageStartingWith("clusterSecret: (0 bytes)");
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
