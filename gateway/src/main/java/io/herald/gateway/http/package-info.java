/**
 * What both ports answer over plain HTTP: the JSON response shape of PROTOCOL.md and the health check.
 */
package io.herald.gateway.http;
