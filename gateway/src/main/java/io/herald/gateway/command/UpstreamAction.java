package io.herald.gateway.command;

import io.herald.codec.ClientCommand;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.gateway.session.PendingReplies;
import io.herald.gateway.session.Session;
import io.herald.gateway.upstream.UpstreamAnswer;
import io.herald.gateway.upstream.UpstreamClient;
import io.herald.gateway.upstream.UpstreamFailures;
import io.herald.gateway.upstream.UpstreamFailures.Kind;
import io.herald.gateway.upstream.UpstreamPushes;
import io.herald.route.http.HttpClient;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * A command the node does not handle itself, where an upstream is set (PROTOCOL.md, "Upstream: clients →
 * backends"): forwarded to the URL its name routes to, and answered with what the upstream answered, its status as
 * the code; the pushes the answer lists are performed at once. 404 {@code unknown command} where no route and no
 * fallback take it; 429, without a call, past the connection's bound of calls under way; 504 past the timeout; 502
 * where the upstream cannot be reached or its answer is not a JSON object as expected. The connection stays open in
 * every case; each failure is counted and logged once per burst. Runs on the session's loop; the call runs on the
 * node's loops and its answer comes back to the session's loop before it touches the session.
 */
public final class UpstreamAction implements CustomAction {

    private final UpstreamClient upstream;
    private final UpstreamPushes pushes;
    private final UpstreamFailures failures;
    private final Replies replies;

    public UpstreamAction(UpstreamClient upstream, UpstreamPushes pushes, UpstreamFailures failures, Replies replies) {
        this.upstream = upstream;
        this.pushes = pushes;
        this.failures = failures;
        this.replies = replies;
    }

    @Override
    public void run(Session session, ClientCommand.Custom command) {
        if (!replies.requireLogin(session, command)) {
            return;
        }
        UpstreamClient.Destination to = upstream.destination(command.cmd());
        if (to == null) {
            replies.error(session, command, ReplyCode.NOT_FOUND, "unknown command");
            return;
        }
        PendingReplies.Ticket ticket = session.pendingReplies().take(upstream.inflight());
        if (ticket == null) {
            failures.failed(Kind.OVERLOADED, () -> session + " sent " + command.cmd() + " with " + upstream.inflight()
                    + " commands under way");
            replies.error(session, command, ReplyCode.TOO_MANY_REQUESTS,
                    "too many commands under way at the upstream (at most " + upstream.inflight() + ")");
            return;
        }
        upstream.call(to, session.uid(), session.conn(), session.remoteAddress(), command, session.channel().alloc())
                .whenCompleteAsync((answer, e) -> answered(session, command, ticket, answer, e), session.loop());
    }

    /** On the session's loop: replies (in turn, where the connection asked for order), then pushes. */
    private void answered(Session session, ClientCommand.Custom command, PendingReplies.Ticket ticket,
                          HttpClient.Answer answer, Throwable e) {
        if (e != null) {
            failed(session, command, ticket, e instanceof CompletionException && e.getCause() != null
                    ? e.getCause() : e);
            return;
        }
        UpstreamAnswer read;
        try {
            read = upstream.read(answer);
        } catch (WireException bad) {
            failures.failed(Kind.BAD_ANSWER, () -> "answered " + answer.status() + " to " + command.cmd() + " from "
                    + session + ": " + bad.getMessage());
            reply(session, ticket, replies.frames().error(command.id(), command.cmd(), ReplyCode.BAD_GATEWAY,
                    "bad answer from the upstream"));
            return;
        }
        reply(session, ticket, replies.frames().reply(command.id(), command.cmd(), read.status(), read.message(),
                read.data()));
        if (!read.pushes().isEmpty()) {
            pushes.perform(read.pushes(), session.channel().alloc(), () -> command.cmd() + " from " + session);
        }
    }

    private void failed(Session session, ClientCommand.Custom command, PendingReplies.Ticket ticket, Throwable cause) {
        Kind kind = cause instanceof TimeoutException ? Kind.TIMEOUT
                : cause instanceof HttpClient.MalformedAnswerException ? Kind.BAD_ANSWER : Kind.UNREACHABLE;
        failures.failed(kind, () -> command.cmd() + " from " + session + ": " + cause);
        ByteBuf reply = kind == Kind.TIMEOUT
                ? replies.frames().error(command.id(), command.cmd(), ReplyCode.GATEWAY_TIMEOUT,
                        "the upstream did not answer in time")
                : replies.frames().error(command.id(), command.cmd(), ReplyCode.BAD_GATEWAY,
                        kind == Kind.BAD_ANSWER ? "bad answer from the upstream" : "the upstream cannot be reached");
        reply(session, ticket, reply);
    }

    private static void reply(Session session, PendingReplies.Ticket ticket, ByteBuf reply) {
        session.pendingReplies().complete(ticket, reply);
    }
}
