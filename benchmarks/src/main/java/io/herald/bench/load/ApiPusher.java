package io.herald.bench.load;

import io.herald.bench.measure.LatencyLog;
import io.herald.codec.JsonObject;
import io.herald.codec.WireException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The backend's side of a run: keep-alive HTTP connections to the API, one request in flight on each. Pushes are
 * either {@linkplain #submit handed out} in turn by the run's thread, which paces them, or
 * {@linkplain #drawFrom drawn} by every connection from a source as fast as answers come back. Counts the answers:
 * deliveries the node reports, refusals by status, pushes left unanswered, and the time from send to answer.
 * The run's thread calls the public methods; the connections' loops call the listener's.
 */
public final class ApiPusher implements AnswerListener {

    /** A push with no answer for this long stops the run: the node is stuck or gone. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_ANSWER = 1 << 20;
    private static final long POLL_MILLIS = 5;

    private final EventLoopGroup loops;
    private final Transport transport;
    private final URI api;
    private final String authorization;
    private final Peer peer;
    private final RunContext run;
    private final List<Channel> channels = new ArrayList<>();
    private final List<ApiConnectionHandler> handlers = new ArrayList<>();
    private final LongAdder settled = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final ReasonCounts refusals = new ReasonCounts();
    private final LatencyLog answerTimes = new LatencyLog();
    private volatile long measureFromMicros;
    private int next;

    /**
     * @param api    the API the pushes go through, {@code http://host:port}, or nchan's publisher location
     * @param apiKey the node's API key, where it has one
     * @param peer   whose answers these are: Herald's JSON with {@code delivered}, or nchan's channel info
     */
    public ApiPusher(EventLoopGroup loops, Transport transport, URI api, Optional<String> apiKey, Peer peer,
                     RunContext run) {
        this.loops = loops;
        this.transport = transport;
        this.api = api;
        this.authorization = apiKey.map(k -> "Bearer " + k).orElse(null);
        this.peer = peer;
        this.run = run;
    }

    /** Opens {@code count} connections for pushes; returns once all are open. */
    public void connect(int count) throws InterruptedException {
        int port = BenchTls.port(api);
        String host = api.getHost() + ":" + port;
        // nchan answers in text unless asked for JSON; Herald's requests keep the shape its backends send.
        String accept = peer == Peer.NCHAN ? "application/json" : null;
        for (int i = 0; i < count; i++) {
            ApiConnectionHandler handler = new ApiConnectionHandler(host, authorization, accept, this);
            ChannelFuture connect = new Bootstrap().group(loops).channel(transport.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            BenchTls.addTo(ch, api);
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER), handler);
                        }
                    })
                    .connect(api.getHost(), port).await();
            if (!connect.isSuccess()) {
                throw new LoadException("cannot reach the API at " + api + ": " + connect.cause(), connect.cause());
            }
            channels.add(connect.channel());
            handlers.add(handler);
        }
    }

    /** Hands {@code push} to the next connection in turn. */
    public void submit(PushRequest push) {
        int i = next;
        next = (next + 1) % handlers.size();
        ApiConnectionHandler handler = handlers.get(i);
        channels.get(i).eventLoop().execute(() -> handler.send(push));
    }

    /** Lets every connection draw pushes from {@code source}, as fast as the node answers, until it is spent. */
    public void drawFrom(PushSource source) {
        for (int i = 0; i < handlers.size(); i++) {
            ApiConnectionHandler handler = handlers.get(i);
            channels.get(i).eventLoop().execute(() -> handler.drawFrom(source));
        }
    }

    /** Waits until the source's budget is spent, then until every push it issued has been answered or dropped. */
    public void awaitSettled(PushSource source) throws InterruptedException {
        while (!source.exhausted()) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        source.stop();
        long lastProgress = System.nanoTime();
        long lastSettled = -1;
        while (settled.sum() < source.issued()) {
            long now = settled.sum();
            if (now != lastSettled) {
                lastSettled = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > ANSWER_TIMEOUT.toNanos()) {
                throw new LoadException((source.issued() - now) + " pushes unanswered for "
                        + ANSWER_TIMEOUT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    /** Answer times are recorded for pushes sent from this time on (epoch microseconds). */
    public void measureFrom(long micros) {
        measureFromMicros = micros;
    }

    @Override
    public void answered(PushRequest push, FullHttpResponse response) {
        int status = response.status().code();
        long deliveries = peer == Peer.NCHAN ? nchanDeliveries(response) : heraldDeliveries(response);
        if (deliveries < 0) {
            run.ledger().cancel(push.seq());
            refusals.add(status == 200 ? "200 duplicate" : Integer.toString(status));
        } else {
            answered.increment();
            delivered.add(deliveries);
            if (push.sentMicros() >= measureFromMicros) {
                answerTimes.record(run.clock().nowMicros() - push.sentMicros());
            }
        }
        settled.increment();
    }

    /**
     * {@code data.delivered} of a 200 answer; -1 for any other status, or where the node took the id for a
     * duplicate.
     */
    private long heraldDeliveries(FullHttpResponse response) {
        if (response.status().code() != 200) {
            return -1;
        }
        byte[] body = ByteBufUtil.getBytes(response.content());
        try {
            JsonObject data = JsonObject.parse(run.json(), body, 0, body.length).optObject("data");
            if (data == null) {
                return 0;
            }
            return "true".equals(String.valueOf(data.optRaw("duplicate"))) ? -1 : data.optLong("delivered", 0);
        } catch (WireException e) {
            return 0;
        }
    }

    /**
     * The channel's {@code subscribers} of an nchan answer, 201 where the channel had subscribers and 202 where it
     * had none (the message is kept all the same); -1 for any other status. That is the number of subscribers the
     * message was handed to, not a count of frames written.
     */
    private long nchanDeliveries(FullHttpResponse response) {
        int status = response.status().code();
        if (status != 201 && status != 202) {
            return -1;
        }
        byte[] body = ByteBufUtil.getBytes(response.content());
        try {
            return JsonObject.parse(run.json(), body, 0, body.length).optLong("subscribers", 0);
        } catch (WireException e) {
            return 0;
        }
    }

    @Override
    public void unanswered(PushRequest push, boolean sent, String reason) {
        if (!sent) {
            // Never sent: it cannot have been delivered. A push sent and unanswered may have been, so it stays
            // expected.
            run.ledger().cancel(push.seq());
        }
        unanswered.increment();
        settled.increment();
    }

    public long answered() {
        return answered.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long unanswered() {
        return unanswered.sum();
    }

    public long refused() {
        return refusals.total();
    }

    public Map<String, Long> refusalsByStatus() {
        return refusals.byReason();
    }

    public LatencyLog answerTimes() {
        return answerTimes;
    }
}
