package io.herald.gateway.client;

/**
 * The node's limits on what it lets in: connections held ({@code --max-connections}), upgrades under way
 * ({@code --max-pending-logins}) and new connections per address ({@code --ip-connect-rate}), and the count of what
 * the client port refused. One per node, shared by every connection's {@link AdmissionHandler}.
 */
public record Admission(ConnectionSlots connections, ConnectionSlots logins, AddressRates rates,
                        ClientRefusals refusals) {

    /** Limits on connections and upgrades under way, none per address. */
    public Admission(int maxConnections, int maxPendingLogins) {
        this(maxConnections, maxPendingLogins, 0, 1, new ClientRefusals());
    }

    /**
     * @param ipConnectRate  new connections a second per address; 0 for no limit
     * @param ipConnectBurst how many an address may open at once
     * @param refusals       where what the client port refuses is counted
     */
    public Admission(int maxConnections, int maxPendingLogins, int ipConnectRate, int ipConnectBurst,
                     ClientRefusals refusals) {
        this(new ConnectionSlots(maxConnections), new ConnectionSlots(maxPendingLogins),
                ipConnectRate == 0 ? AddressRates.NONE : new AddressRates(ipConnectRate, ipConnectBurst), refusals);
    }

    /** Whether any limit is set, so that connections need an {@link AdmissionHandler} at all. */
    boolean limits() {
        return connections.limited() || logins.limited() || rates.limited();
    }
}
