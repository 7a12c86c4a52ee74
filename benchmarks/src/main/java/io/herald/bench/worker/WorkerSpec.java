package io.herald.bench.worker;

import io.herald.bench.load.NchanChannels;
import io.herald.bench.load.Login;
import io.herald.bench.load.Peer;
import io.herald.bench.load.RunIds;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a worker process is told on its stdin before it starts: which of the run's connections it holds and how to
 * open them. Sent over the pipe rather than the command line, so the secret never shows in a process list.
 * Immutable.
 *
 * @param run      the run's id, which names its users and messages
 * @param from     the first connection index it holds
 * @param to       one past the last
 * @param ws       the nodes' client addresses, as the run spreads connections over them
 * @param sources  the run's source addresses, as it spreads connections over them
 * @param group    the group every connection joins, if any
 * @param secret   the node's HS256 secret, if any
 * @param tokenTtl how long its tokens are valid
 * @param peer     the server the connections open to
 * @param shared   against nchan, whether every connection subscribes to the run's shared channel (the run
 *                 broadcasts) rather than its own
 * @param login    how the connections log in to Herald
 */
public record WorkerSpec(String run, int from, int to, List<URI> ws, List<InetAddress> sources,
                         Optional<String> group, Optional<String> secret, Duration tokenTtl, Peer peer,
                         boolean shared, Login login) {

    /** The byte the run sends, followed by the share's connect rate, to start the connections. */
    static final byte GO = 'G';

    /** The same connections' settings for {@code share} of them. */
    WorkerSpec forShare(ClientPlan.Share share) {
        return new WorkerSpec(run, share.from(), share.to(), ws, sources, group, secret, tokenTtl, peer, shared,
                login);
    }

    void write(DataOutput out) throws IOException {
        out.writeUTF(run);
        out.writeInt(from);
        out.writeInt(to);
        out.writeInt(ws.size());
        for (URI uri : ws) {
            out.writeUTF(uri.toString());
        }
        out.writeInt(sources.size());
        for (InetAddress source : sources) {
            byte[] address = source.getAddress();
            out.writeByte(address.length);
            out.write(address);
        }
        optional(out, group);
        optional(out, secret);
        out.writeLong(tokenTtl.toMillis());
        out.writeUTF(peer.label());
        out.writeBoolean(shared);
        out.writeUTF(login.label());
    }

    /** The channels the connections subscribe to, against nchan; empty against Herald. */
    Optional<NchanChannels> nchanChannels() {
        return peer == Peer.NCHAN ? Optional.of(new NchanChannels(new RunIds(run), shared)) : Optional.empty();
    }

    static WorkerSpec read(DataInput in) throws IOException {
        String run = in.readUTF();
        int from = in.readInt();
        int to = in.readInt();
        List<URI> ws = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            ws.add(URI.create(in.readUTF()));
        }
        List<InetAddress> sources = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            byte[] address = new byte[in.readUnsignedByte()];
            in.readFully(address);
            sources.add(InetAddress.getByAddress(address));
        }
        Optional<String> group = optional(in);
        Optional<String> secret = optional(in);
        Duration tokenTtl = Duration.ofMillis(in.readLong());
        Peer peer = Peer.parse(in.readUTF());
        boolean shared = in.readBoolean();
        return new WorkerSpec(run, from, to, List.copyOf(ws), List.copyOf(sources), group, secret, tokenTtl, peer,
                shared, Login.parse(in.readUTF()));
    }

    private static void optional(DataOutput out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) {
            out.writeUTF(value.get());
        }
    }

    private static Optional<String> optional(DataInput in) throws IOException {
        return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
    }

    /** Leaves the secret out, so that a record printed in a log never shows it. */
    @Override
    public String toString() {
        return "WorkerSpec[run=" + run + ", connections " + from + ".." + to + ", ws=" + ws + ", sources="
                + sources.size() + ", group=" + group.orElse("-") + ", secret=" + secret.isPresent() + ", peer="
                + peer.label() + (peer == Peer.NCHAN ? ", shared=" + shared : "") + ", login=" + login.label() + "]";
    }
}
