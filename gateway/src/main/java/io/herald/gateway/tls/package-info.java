/**
 * TLS on the node's ports: the certificates and keys read from PEM files and checked ({@code KeyMaterial}), a
 * context per port whose handler each new connection takes ({@link io.herald.gateway.tls.ServerTls}), reloaded off
 * the event loops when the files change or on SIGHUP ({@link io.herald.gateway.tls.NodeTls}), and the trust of the
 * node's relays to the other nodes' {@code https://} API ports.
 */
package io.herald.gateway.tls;
