package io.herald.gateway.upstream;

import io.herald.codec.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The upstream's settings: defaults, what is refused (naming the setting and what was expected), and routing. */
class UpstreamConfigTest {

    @Test
    void byDefaultNoCommandGoesAnywhere() {
        UpstreamConfig config = UpstreamConfig.builder().build();

        assertThat(config.enabled()).isFalse();
        assertThat(config.urlFor("chat.send")).isEmpty();
        assertThat(config.upstreamTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.upstreamInflight()).isEqualTo(16);
        assertThat(config.upstreamSecret()).isEmpty();
    }

    @Test
    void theFirstMatchingRouteWinsAndTheUpstreamTakesTheRest() {
        UpstreamConfig config = UpstreamConfig.builder()
                .upstream(URI.create("http://127.0.0.1:9000/all"))
                .upstreamRoute("chat.*", URI.create("http://127.0.0.1:9001/chat"))
                .upstreamRoute("chat.send", URI.create("http://127.0.0.1:9002/never"))
                .upstreamRoute("*.vote", URI.create("http://127.0.0.1:9003/votes"))
                .build();

        assertThat(config.enabled()).isTrue();
        assertThat(config.urlFor("chat.send")).contains(URI.create("http://127.0.0.1:9001/chat"));
        assertThat(config.urlFor("poll.vote")).contains(URI.create("http://127.0.0.1:9003/votes"));
        assertThat(config.urlFor("profile.get")).contains(URI.create("http://127.0.0.1:9000/all"));
    }

    @Test
    void anAuthUpstreamAloneNeedsCallsButForwardsNoCommand() {
        UpstreamConfig config = UpstreamConfig.builder().authUpstream(URI.create("http://127.0.0.1:9001/auth")).build();

        assertThat(config.enabled()).isFalse();
        assertThat(config.anyCalls()).isTrue();
        assertThat(config.urlFor("chat.send")).isEmpty();
        assertThat(UpstreamConfig.builder().build().authUpstream()).isEmpty();
        assertThatThrownBy(() -> UpstreamConfig.builder().authUpstream(URI.create("/auth")).build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("authUpstream: /auth (expected: an absolute http:// or https:// URL");
    }

    @Test
    void httpsUrlsAreTaken() {
        UpstreamConfig config = UpstreamConfig.builder().upstream(URI.create("https://backend.example.com/messages"))
                .upstreamRoute("chat.*", URI.create("https://chat.example.com:8443/chat")).build();

        assertThat(config.urlFor("chat.send")).contains(URI.create("https://chat.example.com:8443/chat"));
    }

    @Test
    void routesAloneTakeOnlyWhatTheyMatch() {
        UpstreamConfig config = UpstreamConfig.builder()
                .upstreamRoute("chat.*", URI.create("http://127.0.0.1:9001/chat")).build();

        assertThat(config.enabled()).isTrue();
        assertThat(config.urlFor("profile.get")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"chat.*,chat.send,true", "chat.*,chat.,true", "chat.*,chat,false", "chat.*,xchat.send,false",
            "*,anything,true", "a*b*c,aXbYc,true", "a*b*c,abcabc,true", "a*b*c,acb,false", "exact,exact,true",
            "exact,exactly,false", "*.vote,poll.vote,true", "**,x,true"})
    void aStarStandsForAnyRunOfCharacters(String pattern, String cmd, boolean matches) {
        assertThat(new UpstreamConfig.Route(pattern, URI.create("http://127.0.0.1:9000/")).matches(cmd))
                .isEqualTo(matches);
    }

    @Test
    void aRouteIsReadAsPatternEqualsUrlSplitAtTheFirstEquals() {
        UpstreamConfig.Route route = UpstreamConfig.Route.parse("chat.*=http://127.0.0.1:9000/chat?x=1");

        assertThat(route.pattern()).isEqualTo("chat.*");
        assertThat(route.url()).isEqualTo(URI.create("http://127.0.0.1:9000/chat?x=1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat.*", "=http://127.0.0.1:9000/", "a b=http://127.0.0.1:9000/",
            "chat.*=ws://example.com/", "chat.*=/relative", "chat.*=http://user@example.com/", "chat.*=http:// x"})
    void aBadRouteIsRefusedNamingTheFlagsSetting(String text) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> UpstreamConfig.Route.parse(text));

        assertThat(e).as("refused: %s", text).isNotNull();
        assertThat(e.setting()).isEqualTo("upstreamRoute");
        assertThat(e.value()).isEqualTo(text);
    }

    @Test
    void refusesWhatCannotWork() {
        assertRefused(UpstreamConfig.builder().upstream(URI.create("ftp://example.com/x")), "upstream",
                "an absolute http:// or https:// URL");
        assertRefused(UpstreamConfig.builder().upstream(URI.create("/messages")), "upstream",
                "an absolute http:// or https:// URL");
        assertRefused(UpstreamConfig.builder().upstreamTimeout(Duration.ZERO), "upstreamTimeout", "> 0");
        assertRefused(UpstreamConfig.builder().upstreamTimeout(Duration.ofSeconds(-1)), "upstreamTimeout", "> 0");
        assertRefused(UpstreamConfig.builder().upstreamInflight(0), "upstreamInflight", ">= 1");
        assertRefused(UpstreamConfig.builder().upstreamSecret(""), "upstreamSecret", "a non-empty secret");
    }

    private static void assertRefused(UpstreamConfig.Builder builder, String setting, String expected) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, builder::build);

        assertThat(e).as("%s refused", setting).isNotNull();
        assertThat(e.setting()).isEqualTo(setting);
        assertThat(e.expected()).contains(expected);
    }
}
