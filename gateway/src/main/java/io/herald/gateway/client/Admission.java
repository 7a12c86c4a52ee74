package io.herald.gateway.client;

/**
 * The node's limits on what it lets in: connections held ({@code --max-connections}) and upgrades under way
 * ({@code --max-pending-logins}). One per node, shared by every connection's {@link AdmissionHandler}.
 */
public record Admission(ConnectionSlots connections, ConnectionSlots logins) {

    public Admission(int maxConnections, int maxPendingLogins) {
        this(new ConnectionSlots(maxConnections), new ConnectionSlots(maxPendingLogins));
    }

    /** Whether either limit is set, so that connections need an {@link AdmissionHandler} at all. */
    boolean limits() {
        return connections.limited() || logins.limited();
    }
}
