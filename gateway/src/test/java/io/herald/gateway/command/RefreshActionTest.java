package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.ServerFrames;
import io.herald.codec.TokenMinter;
import io.herald.codec.WireException;
import io.herald.gateway.auth.JwtTokenVerifier;
import io.herald.gateway.auth.TokenClaims;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.session.Session;
import io.herald.gateway.session.SessionEvent;
import io.herald.gateway.session.SessionIndex;
import io.herald.gateway.session.SessionLifecycle;
import io.herald.gateway.session.TestNodes;
import io.herald.route.ClusterConfig;
import io.herald.route.InMemoryCluster;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RefreshActionTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final Json json = new Json();
    private final SessionIndex sessions = new SessionIndex();
    private final InMemoryCluster cluster =
            new InMemoryCluster(TestNodes.node("n1", sessions), ClusterConfig.builder().build());
    private final SessionLifecycle lifecycle = new SessionLifecycle("n1", sessions, cluster);
    private final Replies replies = new Replies(new ServerFrames(UnpooledByteBufAllocator.DEFAULT));
    private final TokenMinter minter = new TokenMinter(SECRET);
    private final List<Object> events = new ArrayList<>();

    @Test
    void theNewTokensGroupsAndExpiryReplaceTheOld() throws WireException {
        EmbeddedChannel ch = loggedIn(new RefreshAction(new JwtTokenVerifier(SECRET), false, replies));

        ch.writeInbound(new ClientCommand.Refresh("4", minter.mint("alice", List.of("room2"), Duration.ofHours(2))));

        assertThat(code(ch)).isEqualTo(200);
        TokenClaims claims = Session.of(ch).claims();
        assertThat(claims.groups()).containsExactly("room2");
        assertThat(claims.validUntil()).isAfter(Instant.now().plus(Duration.ofMinutes(90)));
        assertThat(events).containsExactly(SessionEvent.REFRESHED);
        assertFalse(ch.finish());
    }

    @Test
    void groupsAnAuthUpstreamDecidedStayAndOnlyTheExpiryMoves() throws WireException {
        EmbeddedChannel ch = loggedIn(new RefreshAction(new JwtTokenVerifier(SECRET), true, replies));

        ch.writeInbound(new ClientCommand.Refresh("4", minter.mint("alice", List.of("room2"), Duration.ofHours(2))));

        assertThat(code(ch)).isEqualTo(200);
        assertThat(Session.of(ch).claims().groups()).containsExactly("room1");
        assertThat(Session.of(ch).claims().validUntil()).isAfter(Instant.now().plus(Duration.ofMinutes(90)));
        assertFalse(ch.finish());
    }

    @Test
    void aRefusedTokenChangesNothing() throws WireException {
        EmbeddedChannel ch = loggedIn(new RefreshAction(new JwtTokenVerifier(SECRET), false, replies));
        TokenClaims before = Session.of(ch).claims();

        ch.writeInbound(new ClientCommand.Refresh("4", minter.mint("bob", List.of("room2"), Duration.ofHours(2))));

        assertThat(code(ch)).isEqualTo(401);
        assertThat(Session.of(ch).claims()).isSameAs(before);
        assertThat(events).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finish());
    }

    @Test
    void whereTheNodeReadsNoTokenARefreshIs200AndChangesNothing() throws WireException {
        EmbeddedChannel ch = loggedIn(new RefreshAction(null, false, replies));
        TokenClaims before = Session.of(ch).claims();

        ch.writeInbound(new ClientCommand.Refresh("4", "anything"));

        assertThat(code(ch)).isEqualTo(200);
        assertThat(Session.of(ch).claims()).isSameAs(before);
        assertFalse(ch.finish());
    }

    @Test
    void ofTwoRefreshesCheckedAtOnceTheOneSentLastWinsWhicheverEndsFirst() throws WireException {
        Deque<CompletableFuture<TokenClaims>> checks = new ArrayDeque<>();
        TokenVerifier later = new TokenVerifier() {
            @Override
            public TokenClaims verify(String token, String uid) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<TokenClaims> verifyAsync(String token, String uid) {
                CompletableFuture<TokenClaims> check = new CompletableFuture<>();
                checks.add(check);
                return check;
            }
        };
        EmbeddedChannel ch = loggedIn(new RefreshAction(later, false, replies));
        Instant first = Instant.now().plus(Duration.ofHours(2));
        Instant second = Instant.now().plus(Duration.ofHours(3));

        ch.writeInbound(new ClientCommand.Refresh("4", "first"));
        ch.writeInbound(new ClientCommand.Refresh("5", "second"));
        CompletableFuture<TokenClaims> checkOfFirst = checks.poll();
        checks.poll().complete(new TokenClaims("alice", Set.of("room3"), false, second));
        ch.runPendingTasks();
        checkOfFirst.complete(new TokenClaims("alice", Set.of("room2"), false, first));
        ch.runPendingTasks();

        assertThat(code(ch)).isEqualTo(200);
        assertThat(code(ch)).isEqualTo(200);
        assertThat(Session.of(ch).claims().validUntil()).isEqualTo(second);
        assertThat(Session.of(ch).claims().groups()).containsExactly("room3");
        assertFalse(ch.finish());
    }

    private EmbeddedChannel loggedIn(RefreshAction refresh) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Session session = new Session(ch, "c-1");
        session.markUpgraded();
        ch.attr(Session.KEY).set(session);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                refresh.run(Session.of(ctx.channel()), (ClientCommand.Refresh) msg);
            }
        });
        lifecycle.logIn(session, new TokenClaims("alice", Set.of("room1"), false,
                Instant.now().plusSeconds(60)), null, Map.of());
        return ch;
    }

    private int code(EmbeddedChannel ch) throws WireException {
        TextWebSocketFrame frame = ch.readOutbound();
        try {
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            return (int) JsonObject.parse(json, bytes, 0, bytes.length).optLong("code", -1);
        } finally {
            frame.release();
        }
    }
}
