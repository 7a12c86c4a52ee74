package io.herald.gateway.session;

import io.herald.gateway.auth.TokenClaims;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SessionIndexTest {

    private final SessionIndex index = new SessionIndex();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel ch : channels) {
            assertFalse(ch.finish());
        }
    }

    @Test
    void addReportsWhetherTheSessionIsNew() {
        Session session = loggedIn("alice", "c-1");

        assertThat(index.add(session)).isTrue();
        assertThat(index.add(session)).isFalse();

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.users()).isEqualTo(1);
        assertThat(index.connection("c-1")).isSameAs(session);
        assertThat(index.sessionsOf("alice")).containsExactly(session);
        assertThat(index.all()).containsExactly(session);
    }

    @Test
    void removeReportsWhetherTheSessionWasThere() {
        Session session = loggedIn("alice", "c-1");
        index.add(session);

        assertThat(index.remove(session)).isTrue();
        assertThat(index.remove(session)).isFalse();

        assertThat(index.size()).isZero();
        assertThat(index.users()).isZero();
        assertThat(index.connection("c-1")).isNull();
        assertThat(index.sessionsOf("alice")).isEmpty();
    }

    @Test
    void removeOfASessionNeverAddedChangesNothing() {
        Session kept = loggedIn("alice", "c-1");
        index.add(kept);

        assertThat(index.remove(loggedIn("alice", "c-2"))).isFalse();
        assertThat(index.remove(new Session(channel(), "c-3"))).isFalse();

        assertThat(index.sessionsOf("alice")).containsExactly(kept);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void usersAreCountedOnceWhateverTheirSessions() {
        Session web = loggedIn("alice", "c-1");
        Session phone = loggedIn("alice", "c-2");
        Session bob = loggedIn("bob", "c-3");
        index.add(web);
        index.add(phone);
        index.add(bob);

        assertThat(index.size()).isEqualTo(3);
        assertThat(index.users()).isEqualTo(2);
        assertThat(index.sessionsOf("alice")).containsExactlyInAnyOrder(web, phone);

        index.remove(web);

        assertThat(index.users()).isEqualTo(2);
        assertThat(index.sessionsOf("alice")).containsExactly(phone);
    }

    @Test
    void joinNeedsASessionHere() {
        assertThat(index.join("room1", "alice")).isFalse();
        assertThat(inGroup("room1")).isEmpty();

        Session session = loggedIn("alice", "c-1");
        index.add(session);

        assertThat(index.join("room1", "alice")).isTrue();
        assertThat(inGroup("room1")).containsExactly(session);
    }

    @Test
    void joinAndLeaveSayWhetherTheyChangedTheMembership() {
        index.add(loggedIn("alice", "c-1"));

        assertThat(index.join("room1", "alice")).isTrue();
        assertThat(index.join("room1", "alice")).as("a member already").isFalse();
        assertThat(index.leave("room1", "alice")).isTrue();
        assertThat(index.leave("room1", "alice")).as("not a member").isFalse();
        assertThat(index.leave("room1", "nobody")).isFalse();
    }

    @Test
    void groupReachesEverySessionOfEveryMemberOnce() {
        Session web = loggedIn("alice", "c-1");
        Session phone = loggedIn("alice", "c-2");
        Session bob = loggedIn("bob", "c-3");
        Session carol = loggedIn("carol", "c-4");
        List.of(web, phone, bob, carol).forEach(index::add);
        index.join("room1", "alice");
        index.join("room1", "alice");
        index.join("room1", "bob");
        index.join("room2", "carol");

        assertThat(inGroup("room1")).containsExactlyInAnyOrder(web, phone, bob);
        assertThat(inGroup("room2")).containsExactly(carol);
        assertThat(inGroup("room3")).isEmpty();
    }

    @Test
    void userGroupsSurviveWhileTheUserHasASession() {
        Session web = loggedIn("alice", "c-1");
        Session phone = loggedIn("alice", "c-2");
        index.add(web);
        index.join("room1", "alice");
        index.add(phone);

        assertThat(inGroup("room1")).containsExactlyInAnyOrder(web, phone);

        index.remove(web);

        assertThat(inGroup("room1")).containsExactly(phone);
    }

    @Test
    void userGroupsGoWithTheLastSession() {
        Session web = loggedIn("alice", "c-1");
        index.add(web);
        index.join("room1", "alice");
        index.join("room2", "alice");

        index.remove(web);
        Session again = loggedIn("alice", "c-2");
        index.add(again);

        assertThat(inGroup("room1")).isEmpty();
        assertThat(inGroup("room2")).isEmpty();
    }

    @Test
    void leaveTakesTheUserOutForAllItsSessions() {
        Session web = loggedIn("alice", "c-1");
        Session phone = loggedIn("alice", "c-2");
        Session bob = loggedIn("bob", "c-3");
        List.of(web, phone, bob).forEach(index::add);
        index.join("room1", "alice");
        index.join("room1", "bob");

        index.leave("room1", "alice");
        index.leave("room1", "alice");
        index.leave("room1", "nobody");

        assertThat(inGroup("room1")).containsExactly(bob);
    }

    @Test
    void sessionsOfIsASnapshotThatLaterChangesDoNotDisturb() {
        Session web = loggedIn("alice", "c-1");
        index.add(web);
        var snapshot = index.sessionsOf("alice");

        Session phone = loggedIn("alice", "c-2");
        index.add(phone);
        index.remove(web);

        // A delivery iterating the snapshot meanwhile sees the sessions as they were, never a half-changed list.
        assertThat(snapshot).containsExactly(web);
        assertThat(index.sessionsOf("alice")).containsExactly(phone);
    }

    private List<Session> inGroup(String group) {
        List<Session> visited = new ArrayList<>();
        index.forEachInGroup(group, visited::add);
        return visited;
    }

    private Session loggedIn(String uid, String conn) {
        Session session = new Session(channel(), conn);
        session.logIn(new TokenClaims(uid, Set.of(), false), null, "n1");
        return session;
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch;
    }
}
