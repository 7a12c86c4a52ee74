package io.herald.bench.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * What each sampled node cost, for runs against several: the phases hand it the samples they take, and it
 * breaks them down node by node. Connect costs are per connection the node took (its CPU per connect, its memory
 * growth per connection it holds); push costs are per delivery and per push of the whole run, so the nodes'
 * figures add up to the run's. Called from the run's thread.
 */
public final class NodeCosts {

    private final List<SampledNodes.Node> nodes;
    private final Double[] cpuPerConnect;
    private final Double[] rssPerConnection;
    private final Double[] cpuPerDelivery;
    private final Double[] cpuPerPush;
    private final long[] connections;

    public NodeCosts(List<SampledNodes.Node> nodes) {
        this.nodes = nodes;
        this.cpuPerConnect = new Double[nodes.size()];
        this.rssPerConnection = new Double[nodes.size()];
        this.cpuPerDelivery = new Double[nodes.size()];
        this.cpuPerPush = new Double[nodes.size()];
        this.connections = new long[nodes.size()];
    }

    /**
     * The connect phase: samples before and after the connections opened, and where memory was read;
     * {@code readyPerPosition} counts the ready connections by client address.
     */
    public void connected(ProcessSampler.Sample before, ProcessSampler.Sample opened, ProcessSampler.Sample memory,
                          long[] readyPerPosition) {
        for (int i = 0; i < nodes.size(); i++) {
            int position = nodes.get(i).position();
            connections[i] = position < readyPerPosition.length ? readyPerPosition[position] : 0;
            cpuPerConnect[i] = Costs.perOperation(before.serverCpuEach()[i], opened.serverCpuEach()[i],
                    connections[i]);
            rssPerConnection[i] = Costs.kibPerConnection(before.serverRssEach()[i], memory.serverRssEach()[i],
                    connections[i]);
        }
    }

    /** The measured part of the pushes: samples at its start and end, and what it delivered and pushed. */
    public void pushed(ProcessSampler.Sample start, ProcessSampler.Sample end, long deliveries, long pushes) {
        for (int i = 0; i < nodes.size(); i++) {
            cpuPerDelivery[i] = Costs.perOperation(start.serverCpuEach()[i], end.serverCpuEach()[i], deliveries);
            cpuPerPush[i] = Costs.perOperation(start.serverCpuEach()[i], end.serverCpuEach()[i], pushes);
        }
    }

    /** Each node's figures, in the order of its address; empty where fewer than two nodes were sampled. */
    public List<NodeFigures> figures() {
        List<NodeFigures> figures = new ArrayList<>();
        if (nodes.size() < 2) {
            return figures;
        }
        for (int i = 0; i < nodes.size(); i++) {
            SampledNodes.Node node = nodes.get(i);
            figures.add(new NodeFigures(node.name(), node.pid(), connections[i], cpuPerConnect[i],
                    rssPerConnection[i], cpuPerDelivery[i], cpuPerPush[i]));
        }
        return List.copyOf(figures);
    }
}
