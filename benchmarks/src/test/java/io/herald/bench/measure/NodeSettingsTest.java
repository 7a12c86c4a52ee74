package io.herald.bench.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeSettingsTest {

    private static final String R = NodeSettings.REDACTED;

    @Test
    void theCommandLineKeepsEveryArgumentButTheSecrets() {
        NodeSettings s = NodeSettings.parse("n1", String.join("\0", "java", "-Xmx2g", "-Dherald.password=pw", "-jar",
                "herald.jar", "serve", "--port", "9000", "--secret", "s3cr3t", "--api-key=k3y",
                "--redis", "redis://user:pa55@redis.local:6379/0", "--cluster-secret", "c5", "--node-ttl", "10s")
                + "\0", "", "process 7");

        assertThat(s.node()).isEqualTo("n1");
        assertThat(s.known()).isTrue();
        assertThat(s.source()).isEqualTo("process 7");
        assertThat(s.commandLine()).containsExactly("java", "-Xmx2g", "-Dherald.password=" + R, "-jar", "herald.jar",
                "serve", "--port", "9000", "--secret", R, "--api-key=" + R, "--redis",
                "redis://user:" + R + "@redis.local:6379/0", "--cluster-secret", R, "--node-ttl", "10s");
        assertThat(String.join(" ", s.commandLine())).doesNotContain("s3cr3t", "k3y", "pa55", "=pw", "c5");
    }

    @Test
    void theEnvironmentKeepsTheNodesAndTheJvmsVariablesOnly() {
        String environ = String.join("\0", "PATH=/usr/bin", "HOME=/root", "HERALD_PORT=9000",
                "HERALD_SECRET=s3cr3t", "HERALD_API_KEY=k3y", "HERALD_REDIS=redis://:pa55@localhost",
                "JAVA_TOOL_OPTIONS=-Xss1m -Djavax.net.ssl.keyStorePassword=changeit", "AWS_SECRET_ACCESS_KEY=x") + "\0";

        NodeSettings s = NodeSettings.parse("n1", "java\0", environ, "process 7");

        assertThat(s.environment()).containsExactly(
                Map.entry("HERALD_API_KEY", R),
                Map.entry("HERALD_PORT", "9000"),
                Map.entry("HERALD_REDIS", "redis://:" + R + "@localhost"),
                Map.entry("HERALD_SECRET", R),
                Map.entry("JAVA_TOOL_OPTIONS", "-Xss1m -Djavax.net.ssl.keyStorePassword=" + R));
    }

    @Test
    void anUnreadableEnvironmentLeavesTheCommandLine() {
        NodeSettings s = NodeSettings.parse("n1", "java\0-jar\0herald.jar\0", null, "process 7");

        assertThat(s.commandLine()).containsExactly("java", "-jar", "herald.jar");
        assertThat(s.environment()).isEmpty();
    }

    @Test
    void withoutAProcessTheSettingsAreUnknown() {
        NodeSettings s = NodeSettings.read("http://127.0.0.1:8081", 0);

        assertThat(s.node()).isEqualTo("http://127.0.0.1:8081");
        assertThat(s.known()).isFalse();
        assertThat(s.source()).startsWith("unknown");
        assertThat(s.commandLine()).isEmpty();
        assertThat(NodeSettings.parse("n1", "", null, "process 2").known()).as("a kernel thread").isFalse();
    }

    @Test
    void urlsWithoutAPasswordAreLeftAlone() {
        assertThat(NodeSettings.redactUrl("redis://localhost:6379")).isEqualTo("redis://localhost:6379");
        assertThat(NodeSettings.redactUrl("http://a@b/")).isEqualTo("http://a@b/");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsARealProcessFromProc() {
        NodeSettings s = NodeSettings.read("here", ProcessHandle.current().pid());

        assertThat(s.known()).isTrue();
        assertThat(s.commandLine()).isNotEmpty();
        assertThat(s.commandLine().get(0)).contains("java");
        assertThat(s.source()).contains("/proc/" + ProcessHandle.current().pid());
        assertThat(List.copyOf(s.environment().keySet()))
                .allMatch(k -> k.startsWith("HERALD_") || k.startsWith("J"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void eachSampledNodeHasItsOwnSettings() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            List<NodeSettings> all = NodeSettings.of(List.of(
                    new SampledNodes.Node(0, "http://127.0.0.1:8081", ProcessHandle.current().pid()),
                    new SampledNodes.Node(1, "http://127.0.0.1:9081", other.pid())), "http://127.0.0.1:8081");

            assertThat(all).extracting(NodeSettings::node).containsExactly("http://127.0.0.1:8081",
                    "http://127.0.0.1:9081");
            assertThat(all).allMatch(NodeSettings::known);
            assertThat(all.get(0).commandLine().get(0)).contains("java");
            assertThat(all.get(1).commandLine()).containsExactly("sleep", "60");
            assertThat(all.get(1).source()).contains("/proc/" + other.pid());
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void withoutASampledNodeTheFirstApisSettingsAreUnknown() {
        List<NodeSettings> none = NodeSettings.of(List.of(), "http://10.0.0.1:8081");

        assertThat(none).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo("http://10.0.0.1:8081");
            assertThat(s.known()).isFalse();
        });
    }
}
