package io.herald.gateway.auth;

import io.herald.codec.ReplyCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The JWKS of {@code --jwks}, fetched and cached.
 *
 * <p>When it is fetched: once at start, in the background; again when a token names a {@code kid} the cached set
 * lacks, but at most once per {@code --jwks-min-refresh} (after a failed fetch, at most once per 5 s, or the
 * minimum where shorter), so that a stranger's tokens with made-up key ids cost the key server one request per
 * period however many there are; and in the background once the cached set is older than
 * {@link JwtConfig#JWKS_MAX_AGE}, so that a key the issuer withdrew stops being trusted. Logins that need a fetch
 * under way wait for that one (one request, however many logins), asynchronously: no thread waits.
 *
 * <p>Threads: the fetch runs on the JDK's HTTP client, with one daemon thread of its own, never on an event loop;
 * it completes the logins that waited on that thread, and they hop back to their connections' loops. The state
 * below is guarded by {@code this}; the cached set is read without a lock.
 *
 * <p>Failures (unreachable, no answer within 5 s, not 200, over 256 KiB, not a JWKS) keep the set at hand: tokens
 * whose key it holds still pass; those whose key cannot be looked up get 502. The first failure of an outage is
 * logged as a warning, the rest at debug, and the first fetch that works again at info.
 */
final class JwksKeys implements KeySource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JwksKeys.class);

    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    static final int MAX_BYTES = 256 * 1024;

    private final URI url;
    private final ExecutorService executor;
    private final HttpClient http;
    private final LongSupplier nanoTime;
    private final Duration fetchTimeout;
    private final long minRefreshNanos;
    private final long retryNanos;
    private final long maxAgeNanos;
    private final AtomicInteger fetches = new AtomicInteger();

    private volatile KeySet keys;
    private volatile long fetchedAt;
    private CompletableFuture<KeySet> inFlight;
    private boolean started;
    private long lastStart;
    private boolean failing;

    JwksKeys(URI url, Duration minRefresh) {
        this(url, minRefresh, JwtConfig.JWKS_MAX_AGE, FETCH_TIMEOUT, System::nanoTime);
    }

    /**
     * @param fetchTimeout how long a fetch may take, from the request to the whole answer
     * @param nanoTime     the clock of the rate limit and the set's age
     */
    JwksKeys(URI url, Duration minRefresh, Duration maxAge, Duration fetchTimeout, LongSupplier nanoTime) {
        this.url = url;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "herald-jwks");
            thread.setDaemon(true);
            return thread;
        });
        this.fetchTimeout = fetchTimeout;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(fetchTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.nanoTime = nanoTime;
        this.minRefreshNanos = minRefresh.toNanos();
        this.retryNanos = Math.min(minRefreshNanos, RETRY_AFTER_FAILURE.toNanos());
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** Starts the first fetch, in the background. */
    void start() {
        refresh();
    }

    /** How many fetches were started. */
    int fetches() {
        return fetches.get();
    }

    @Override
    public KeySet current() {
        KeySet at = keys;
        if (at != null && nanoTime.getAsLong() - fetchedAt > maxAgeNanos) {
            refresh(); // In the background: the set at hand serves meanwhile.
        }
        return at;
    }

    @Override
    public CompletionStage<KeySet> refresh() {
        CompletableFuture<KeySet> fetch;
        synchronized (this) {
            if (inFlight != null) {
                return inFlight;
            }
            long now = nanoTime.getAsLong();
            if (started && now - lastStart < (failing ? retryNanos : minRefreshNanos)) {
                KeySet at = keys;
                return at != null && !failing ? CompletableFuture.completedFuture(at)
                        : CompletableFuture.failedFuture(unavailable());
            }
            started = true;
            lastStart = now;
            fetch = new CompletableFuture<>();
            inFlight = fetch;
        }
        fetches.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(fetchTimeout)
                .header("Accept", "application/json").GET().build();
        // The request's own timeout ends with the answer's head: a body that trickles must not hold the logins.
        http.sendAsync(request, BoundedBody.handler(MAX_BYTES))
                .orTimeout(fetchTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(this::read)
                .whenComplete((set, e) -> fetched(fetch, set, e));
        return fetch;
    }

    private KeySet read(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new CompletionException(new java.io.IOException("answered HTTP " + response.statusCode()));
        }
        try {
            return KeySet.parse(new String(response.body(), StandardCharsets.UTF_8));
        } catch (java.text.ParseException e) {
            throw new CompletionException(new java.io.IOException("not a JWKS: " + e.getMessage()));
        }
    }

    private void fetched(CompletableFuture<KeySet> fetch, KeySet set, Throwable e) {
        boolean wasFailing;
        synchronized (this) {
            inFlight = null;
            wasFailing = failing;
            failing = e != null;
            if (set != null) {
                keys = set;
                fetchedAt = nanoTime.getAsLong();
            }
        }
        if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (!wasFailing) {
                log.warn("Cannot fetch the JWKS from {}: {}; tokens whose key is not cached get 502 until it can "
                        + "(tried again at most every {} ms; the next success is logged)", url, cause,
                        retryNanos / 1_000_000);
            } else {
                log.debug("Still cannot fetch the JWKS from {}: {}", url, cause);
            }
            fetch.completeExceptionally(unavailable());
            return;
        }
        if (wasFailing) {
            log.info("Fetched the JWKS from {} again: {} signing keys {}", url, set.size(), set.kids());
        } else {
            log.debug("Fetched the JWKS from {}: {} signing keys {}", url, set.size(), set.kids());
        }
        fetch.complete(set);
    }

    private static LoginRefusedException unavailable() {
        return new LoginRefusedException(ReplyCode.BAD_GATEWAY.code(), "the keys that sign tokens cannot be fetched");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
