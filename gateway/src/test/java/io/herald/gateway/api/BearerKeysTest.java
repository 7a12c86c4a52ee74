package io.herald.gateway.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BearerKeysTest {

    private final BearerKeys keys = BearerKeys.of(List.of("new-key-0123", "old-key-4567-longer"));

    @Test
    void anyListedKeyIsAccepted() {
        assertThat(keys.any()).isTrue();
        assertThat(keys.accepts("Bearer new-key-0123")).isTrue();
        assertThat(keys.accepts("Bearer old-key-4567-longer")).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(keys.accepts(null)).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts("Bearer ")).isFalse();
        assertThat(keys.accepts("new-key-0123")).as("without the scheme").isFalse();
        assertThat(keys.accepts("Basic new-key-0123")).isFalse();
        assertThat(keys.accepts("Bearer new-key-012")).as("a prefix").isFalse();
        assertThat(keys.accepts("Bearer new-key-01234")).as("longer").isFalse();
        assertThat(keys.accepts("Bearer new-key-0123,old-key-4567-longer")).as("both at once").isFalse();
        assertThat(keys.accepts("Bearer NEW-KEY-0123")).isFalse();
    }

    @Test
    void noKeysAcceptNothingAndSaySo() {
        BearerKeys none = BearerKeys.of(List.of());

        assertThat(none.any()).isFalse();
        assertThat(none.accepts("Bearer ")).isFalse();
        assertThat(none.accepts("Bearer anything")).isFalse();
    }
}
