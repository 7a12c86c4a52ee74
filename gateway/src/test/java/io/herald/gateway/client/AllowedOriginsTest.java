package io.herald.gateway.client;

import io.herald.codec.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedOriginsTest {

    private final AllowedOrigins origins = new AllowedOrigins(List.of("https://app.example.com",
            "HTTP://LocalHost:3000", "https://*.example.org", "https://secure.example.net:443"));

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "https://APP.example.com", "https://app.example.com:443",
            "http://localhost:3000", "https://a.example.org", "https://a.b.example.org", "https://secure.example.net"})
    void listedOriginsAreAllowed(String origin) {
        assertThat(origins.allows(origin)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.com", "https://app.example.com:8443", "https://evil.com",
            "https://app.example.com.evil.com", "https://example.org", "https://aexample.org", "http://a.example.org",
            "http://localhost:3001", "null", "", "garbage", "https://app.example.com/path", "https://*.example.org"})
    void otherOriginsAreNot(String origin) {
        assertThat(origins.allows(origin)).isFalse();
    }

    @Test
    void noOriginHeaderIsNotABrowserAndIsAllowed() {
        assertThat(origins.allows(null)).isTrue();
    }

    @Test
    void noEntryAllowsEveryOrigin() {
        AllowedOrigins any = new AllowedOrigins(List.of());

        assertThat(any.any()).isTrue();
        assertThat(any.allows("https://anyone.example")).isTrue();
        assertThat(any.allows("null")).isTrue();
    }

    @Test
    void theOpaqueOriginOnlyWhereListed() {
        assertThat(new AllowedOrigins(List.of("null")).allows("null")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "https://example.com/", "https://example.com/path", "https://*",
            "https://a.*.example.com", "https://user@example.com", "*", ""})
    void anEntryThatIsNotAnOriginIsRefusedNamingIt(String entry) {
        assertThatThrownBy(() -> ClientLimits.builder().allowedOrigins(List.of("https://ok.example.com", entry))
                .build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> {
                    InvalidConfigException invalid = (InvalidConfigException) e;
                    assertThat(invalid.setting()).isEqualTo("allowedOrigins");
                    assertThat(invalid.value()).isEqualTo(entry);
                });
    }
}
