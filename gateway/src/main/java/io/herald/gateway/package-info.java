/**
 * A Herald node: the Netty server with its client and API pipelines, the local session index, the commands,
 * auth, and the node's side of its cluster. {@link io.herald.gateway.GatewayServer} owns the event loops;
 * {@code NodeAssembly}, its composition root, builds every collaborator once and hands each what it needs.
 *
 * <h2>Packages</h2>
 * {@code http} (the JSON responses and health check both ports answer) and {@code auth} stand alone;
 * {@code session} (sessions, their index, and delivery: {@code Fanout}, {@code LoopFlusher}) builds on
 * {@code auth}; {@code command} (one action per client command) on {@code session}; {@code client} (the client
 * pipeline) on {@code command}, {@code session} and {@code http}; {@code api} (one endpoint per route) on
 * {@code http}. This package builds on all of them, and none imports it back.
 *
 * <h2>One rule for threads: what touches a connection runs on its loop</h2>
 * Each client connection belongs to one event loop, its channel's. Its {@code Session} (login state, stream
 * positions, anything held for it), its pipeline and its writes are touched only there, so none of them needs a
 * lock, and what a connection is sent leaves in the order the loop produced it. Work that starts elsewhere hands
 * itself to the loop before it touches the connection:
 * <ul>
 *   <li>results of asynchronous calls (the route registry in Redis, a relay, a backend) come back with
 *       {@code whenCompleteAsync(…, session.loop())} or {@code thenAcceptAsync(…, session.loop())};</li>
 *   <li>deliveries and kicks from the API's loops or from relays are handed over by {@code GatewayNode}, one
 *       task per loop (see {@code Fanout});</li>
 *   <li>an API request's answer is written on the API channel's own loop, whichever thread completed it.</li>
 * </ul>
 * No event loop ever blocks: Redis runs on route's bounded executor, HTTP calls on the node's loops through
 * Netty's clients. {@code Session} asserts the rule, so the tests (run with assertions on) catch a break of it.
 */
package io.herald.gateway;
