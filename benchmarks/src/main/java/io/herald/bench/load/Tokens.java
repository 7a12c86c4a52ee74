package io.herald.bench.load;

import io.herald.codec.TokenMinter;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Login tokens: HS256 JWTs ({@code sub} the uid, {@code exp}, and {@code groups} listing the run's group, so the
 * node lets the client join it) where the run has the node's secret, and one placeholder for a node in
 * development mode, which takes any token. Thread-safe.
 */
public final class Tokens {

    static final String DEVELOPMENT_TOKEN = "herald-bench";

    private final TokenMinter minter;
    private final List<String> groups;
    private final Duration ttl;

    private Tokens(TokenMinter minter, List<String> groups, Duration ttl) {
        this.minter = minter;
        this.groups = groups;
        this.ttl = ttl;
    }

    /** Tokens signed with {@code secret} where there is one, valid for {@code ttl}, allowing {@code group}. */
    public static Tokens of(Optional<String> secret, Optional<String> group, Duration ttl) {
        if (secret.isEmpty()) {
            return new Tokens(null, List.of(), ttl);
        }
        return new Tokens(new TokenMinter(secret.get()), group.map(List::of).orElse(List.of()), ttl);
    }

    String tokenFor(String uid) {
        return minter == null ? DEVELOPMENT_TOKEN : minter.mint(uid, groups, ttl);
    }

    /** A token for {@code uid} allowing {@code group} instead of the run's group (the upstream scenario's rooms). */
    String tokenFor(String uid, String group) {
        return minter == null ? DEVELOPMENT_TOKEN : minter.mint(uid, List.of(group), ttl);
    }
}
