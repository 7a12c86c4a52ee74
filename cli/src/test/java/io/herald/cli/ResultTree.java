package io.herald.cli;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a {@code herald bench --json} result parsed as a tree, asserting each part is there with its type. */
final class ResultTree {

    private ResultTree() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> parent, String name) {
        assertThat(parent.get(name)).as(name).isInstanceOf(Map.class);
        return (Map<String, Object>) parent.get(name);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String name) {
        assertThat(parent.get(name)).as(name).isInstanceOf(List.class);
        return (List<Map<String, Object>>) parent.get(name);
    }

    static long number(Map<String, Object> section, String name) {
        assertThat(section.get(name)).as(name).isInstanceOf(Number.class);
        return ((Number) section.get(name)).longValue();
    }
}
