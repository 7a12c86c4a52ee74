package io.herald.gateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * What a verified token says about its holder.
 *
 * @param uid        the user the token was issued to ({@code sub})
 * @param groups     the groups the holder may join or leave itself ({@code groups} claim)
 * @param anyGroup   whether any group is allowed (development mode)
 * @param validUntil when a connection logged in with it is closed with 4001 unless it refreshes its token
 *                   (the token's {@code exp}); {@code null} for never (no token was read)
 */
public record TokenClaims(String uid, Set<String> groups, boolean anyGroup, Instant validUntil) {

    public TokenClaims {
        groups = Set.copyOf(groups);
    }

    /** Claims that never expire: where the node reads no token. */
    public TokenClaims(String uid, Set<String> groups, boolean anyGroup) {
        this(uid, groups, anyGroup, null);
    }

    public boolean allowsGroup(String group) {
        return anyGroup || groups.contains(group);
    }
}
