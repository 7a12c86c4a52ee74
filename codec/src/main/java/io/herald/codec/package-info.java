/**
 * Herald's wire model: the commands a client sends, the frames the server sends back, and the reply and
 * close codes, all as PROTOCOL.md defines them. JSON is read and written with jackson-core's streaming API
 * through one {@link io.herald.codec.Json} per process. Knows nothing of channels, Redis or HTTP.
 */
package io.herald.codec;
