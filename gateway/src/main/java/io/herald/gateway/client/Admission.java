package io.herald.gateway.client;

/**
 * The node's limits on what it lets in: connections held ({@code --max-connections}), upgrades under way
 * ({@code --max-pending-logins}), and connections accepted but not yet logged in, past twice that many of which
 * it stops accepting for a while ({@link AcceptGate}). One per node, shared by every connection's
 * {@link AdmissionHandler}.
 */
public record Admission(ConnectionSlots connections, ConnectionSlots logins, AcceptGate gate) {

    public Admission(int maxConnections, int maxPendingLogins) {
        this(new ConnectionSlots(maxConnections), new ConnectionSlots(maxPendingLogins),
                new AcceptGate(2 * maxPendingLogins));
    }

    /** Whether either limit is set, so that connections need an {@link AdmissionHandler} at all. */
    boolean limits() {
        return connections.limited() || logins.limited();
    }
}
