package io.herald.gateway.upstream;

import io.herald.codec.ClientCommand.Login;
import io.herald.codec.Json;
import io.herald.codec.JsonObject;
import io.herald.codec.ReplyCode;
import io.herald.codec.WireException;
import io.herald.gateway.auth.LoginCheck;
import io.herald.gateway.auth.LoginRefusedException;
import io.herald.gateway.auth.TokenVerifier;
import io.herald.gateway.auth.TokenClaims;
import io.herald.route.http.HttpClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Asks the backend whether a login may go ahead ({@code --auth-upstream}, PROTOCOL.md "Upstream: clients →
 * backends"): POSTs the login through the upstream's pooled client and reads the answer. 200 allows it, with the
 * groups of its optional {@code {"groups":[…]}} as the ones the client may join itself; any other status refuses it
 * with that code (and the answer's {@code msg}, else the status's reason phrase). No whole answer within the upstream
 * timeout refuses it with 504; unreachable, or a 200 whose body is not such an object, with 502; each such failure is
 * counted and logged once per burst. Thread-safe; the result completes on one of the node's loops, which the caller
 * hops from to the connection's.
 */
public final class AuthUpstream {

    private final UpstreamClient client;
    private final UpstreamClient.Destination to;
    private final Json json;
    private final UpstreamFailures failures;

    public AuthUpstream(UpstreamClient client, Json json, UpstreamFailures failures) {
        this.client = client;
        this.to = client.authDestination();
        this.json = json;
        this.failures = failures;
        if (to == null) {
            throw new IllegalArgumentException("no --auth-upstream is set");
        }
    }

    /**
     * The check of a node with {@code --auth-upstream}: the backend decides; where {@code tokens} is given (a
     * {@code --secret} is set too) the token must pass first, and a refused one is 401 without a call.
     */
    public LoginCheck after(TokenVerifier tokens) {
        if (tokens == null) {
            return (login, remote, alloc) -> check(login, remote, null, alloc);
        }
        return (login, remote, alloc) -> tokens.verifyAsync(login.token(), login.uid())
                .thenCompose(claims -> check(login, remote, claims, alloc));
    }

    /**
     * Asks about {@code login} from a client at {@code remote}. Completes with the claims to log in with (the uid, and
     * the answer's groups, else {@code fallback}'s where given, else none), or exceptionally with a
     * {@link LoginRefusedException}.
     *
     * @param fallback the verified token's claims where a token was checked as well, else {@code null}
     */
    public CompletionStage<TokenClaims> check(Login login, String remote, TokenClaims fallback,
                                              ByteBufAllocator alloc) {
        CompletableFuture<TokenClaims> result = new CompletableFuture<>();
        client.login(to, login.uid(), login.token(), login.device(), remote, alloc).whenComplete((answer, e) -> {
            try {
                result.complete(e != null ? failed(login, e) : read(login, answer, fallback));
            } catch (LoginRefusedException refused) {
                result.completeExceptionally(refused);
            }
        });
        return result;
    }

    private TokenClaims read(Login login, HttpClient.Answer answer, TokenClaims fallback)
            throws LoginRefusedException {
        List<String> groups = null;
        String msg = null;
        try {
            if (!blank(answer.body())) {
                JsonObject object = JsonObject.parse(json, answer.body(), 0, answer.body().length);
                msg = object.optString("msg");
                groups = object.optStringList("groups");
            }
        } catch (WireException bad) {
            if (answer.status() == 200) {
                failures.failed(UpstreamFailures.Kind.LOGIN_BAD_ANSWER, () -> "answered 200 to the login of "
                        + login.uid() + ": " + bad.getMessage());
                throw new LoginRefusedException(ReplyCode.BAD_GATEWAY.code(), "bad answer from the auth upstream");
            }
            // A refusal stays a refusal whatever its body says.
        }
        if (answer.status() != 200) {
            throw new LoginRefusedException(answer.status(),
                    msg != null ? msg : HttpResponseStatus.valueOf(answer.status()).reasonPhrase());
        }
        Set<String> allowed = groups != null ? Set.copyOf(groups) : fallback != null ? fallback.groups() : Set.of();
        // The token's expiry, where one was read, still closes the connection.
        return new TokenClaims(login.uid(), allowed, false, fallback != null ? fallback.validUntil() : null);
    }

    private TokenClaims failed(Login login, Throwable e) throws LoginRefusedException {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            failures.failed(UpstreamFailures.Kind.LOGIN_TIMEOUT, () -> "the login of " + login.uid() + ": " + cause);
            throw new LoginRefusedException(ReplyCode.GATEWAY_TIMEOUT.code(),
                    "the auth upstream did not answer in time");
        }
        if (cause instanceof HttpClient.MalformedAnswerException) {
            failures.failed(UpstreamFailures.Kind.LOGIN_BAD_ANSWER, () -> "the login of " + login.uid() + ": " + cause);
            throw new LoginRefusedException(ReplyCode.BAD_GATEWAY.code(), "bad answer from the auth upstream");
        }
        failures.failed(UpstreamFailures.Kind.LOGIN_UNREACHABLE, () -> "the login of " + login.uid() + ": " + cause);
        throw new LoginRefusedException(ReplyCode.BAD_GATEWAY.code(), "the auth upstream cannot be reached");
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
