package io.herald.bench;

import io.herald.bench.load.NchanChannels;
import io.herald.codec.InvalidConfigException;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The checks {@link BenchConfig} makes of a run against nchan ({@code --peer nchan}): what nchan has no counterpart
 * for is refused rather than ignored, so that a figure never silently measures something else. Stateless.
 */
final class NchanSettings {

    private NchanSettings() {
    }

    /**
     * What a run against nchan can do: connect, broadcast and single-user unicast, to one server whose subscriber
     * and publisher locations take a channel at the end; no batches (nchan publishes to one channel at a time), no
     * group (a broadcast goes to the run's shared channel), and nothing to log in or authenticate with.
     */
    static void check(Scenario scenario, int batch, Optional<String> group, List<URI> ws, List<URI> api,
                      Optional<String> apiKey, Optional<String> secret) {
        require("peer", "nchan", scenario == Scenario.CONNECT || scenario == Scenario.BROADCAST
                || scenario == Scenario.UNICAST, "herald for " + scenario.label() + ": nchan runs connect, broadcast "
                + "and unicast");
        require("batch", batch, batch == 1, "1 with --peer nchan: it publishes to one channel at a time");
        require("group", group.orElse(null), group.isEmpty(),
                "none with --peer nchan: a broadcast goes to the run's one shared channel");
        location("ws", ws, "ws://127.0.0.1:18090/sub/");
        location("api", api, "http://127.0.0.1:18090/pub/");
        // The values are secrets: say that one was given, never what it is.
        require("apiKey", "(given)", apiKey.isEmpty(), "none with --peer nchan: its publisher takes no key");
        require("secret", "(given)", secret.isEmpty(), "none with --peer nchan: it has no login");
    }

    private static void location(String setting, List<URI> uris, String example) {
        if (uris.size() != 1 || !NchanChannels.isLocation(uris.get(0))) {
            throw new InvalidConfigException(setting, uris.size() == 1 ? uris.get(0) : uris, "with --peer nchan, one "
                    + "location the channel is appended to, ending in '/', such as " + example);
        }
    }

    private static void require(String setting, Object value, boolean ok, String expected) {
        if (!ok) {
            throw new InvalidConfigException(setting, value, expected);
        }
    }
}
