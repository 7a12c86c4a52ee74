/**
 * Relaying pushes to the node that holds their target: {@code POST /internal/relay} on that node's API port,
 * over pooled keep-alive Netty HTTP clients, authenticated with the cluster secret. Operations bound for the
 * same node that arrive together travel in one request ({@code NodeRelay}); a frame
 * travels as the bytes it was encoded into, not encoded again.
 *
 * <h2>Wire format</h2>
 * Request: {@code {"ops":[{"op":"users","uids":[…],"frame":{…}}, {"op":"conn","conn":…,"frame":{…}},
 * {"op":"group","group":…,"frame":{…}}, {"op":"all","frame":{…}}, {"op":"kick-user","uid":…},
 * {"op":"kick-conn","conn":…}, {"op":"replace-conn","conn":…} (closed with 4010), {"op":"join","group":…,"uid":…},
 * {"op":"leave","group":…,"uid":…}]}}, where
 * {@code frame} is the push frame's JSON itself. Response: {@code {"code":200,"msg":"ok",
 * "data":{"results":[n,…]}}}, one count per operation: connections written, or closed for kicks.
 */
package io.herald.route.relay;
