/**
 * Herald's one HTTP client: pooled keep-alive HTTP/1.1 POSTs on the node's own event loops, for relays to other
 * nodes and for calls to backends.
 */
package io.herald.route.http;
