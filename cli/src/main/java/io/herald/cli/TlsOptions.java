package io.herald.cli;

import io.herald.gateway.tls.TlsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The flags of {@link TlsConfig}, mixed into {@code herald serve}: each port's certificate and key, and whom relays
 * to other nodes trust. None by default: plain ports.
 */
final class TlsOptions {

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve wss:// and https:// on the client port with this certificate chain (PEM, the "
                    + "node's certificate first); with --tls-key. Reloaded when the file changes, or on SIGHUP.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The private key of --tls-cert (PEM, unencrypted: PKCS#8, or RSA or EC).")
    Path tlsKey;

    @Option(names = "--api-tls-cert", paramLabel = "FILE",
            description = "Serve https:// on the API port with this certificate chain (PEM); with --api-tls-key. "
                    + "The node then advertises https://HOST:PORT to its cluster. Reloaded as --tls-cert is.")
    Path apiTlsCert;

    @Option(names = "--api-tls-key", paramLabel = "FILE", description = "The private key of --api-tls-cert (PEM).")
    Path apiTlsKey;

    @Option(names = "--api-tls-trust", paramLabel = "FILE",
            description = "Certificates (PEM) that the API certificates of the other nodes must be signed by, or "
                    + "be, to relay to those that advertise https:// (default: the CAs the JVM trusts where this "
                    + "node's API serves TLS; otherwise it relays to no https:// node).")
    Path apiTlsTrust;

    TlsConfig config() {
        return TlsConfig.builder().tlsCert(tlsCert).tlsKey(tlsKey).apiTlsCert(apiTlsCert).apiTlsKey(apiTlsKey)
                .apiTlsTrust(apiTlsTrust).build();
    }
}
