package io.herald.gateway.auth;

import java.util.Set;

/**
 * What a verified token says about its holder.
 *
 * @param uid       the user the token was issued to ({@code sub})
 * @param groups    the groups the holder may join or leave itself ({@code groups} claim)
 * @param anyGroup  whether any group is allowed (development mode)
 */
public record TokenClaims(String uid, Set<String> groups, boolean anyGroup) {

    public TokenClaims {
        groups = Set.copyOf(groups);
    }

    public boolean allowsGroup(String group) {
        return anyGroup || groups.contains(group);
    }
}
