/**
 * The node's Prometheus metrics ({@code GET /metrics} on the API port): a registry each node owns, the pushes'
 * counters and latency histogram, and the exposition. The other figures are counted by the parts that own them
 * (the session index, the fan-out, the refusals, the cluster) and read here only when scraped.
 */
package io.herald.gateway.metrics;
