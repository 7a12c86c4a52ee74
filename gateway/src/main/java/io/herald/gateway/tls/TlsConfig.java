package io.herald.gateway.tls;

import io.herald.codec.InvalidConfigException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the node's certificates are: the one owner of the TLS settings, named after their flags ({@code tlsCert}
 * is {@code --tls-cert}), validated when constructed (a certificate comes with its key). The files themselves are
 * read when the node is built ({@link NodeTls#load}), which refuses to start, naming the file, where one is not
 * what it should be.
 *
 * @param tlsCert     the client port's certificate chain (PEM, the node's own first); with {@code tlsKey}, the
 *                    client port serves {@code wss://} and {@code https://}; empty: plain {@code ws://}
 * @param tlsKey      the client port's private key (PEM, unencrypted)
 * @param apiTlsCert  the API port's certificate chain (PEM); with {@code apiTlsKey}, the API port serves
 *                    {@code https://} and the node advertises {@code https://host:port} to its cluster
 * @param apiTlsKey   the API port's private key (PEM, unencrypted)
 * @param apiTlsTrust the certificates (PEM) that the API certificates of the other nodes of the cluster must be
 *                    signed by, or be; empty: the certificate authorities the JVM trusts
 */
public record TlsConfig(Optional<Path> tlsCert, Optional<Path> tlsKey, Optional<Path> apiTlsCert,
                        Optional<Path> apiTlsKey, Optional<Path> apiTlsTrust) {

    public TlsConfig {
        requirePair("tlsCert", tlsCert, "tlsKey", tlsKey);
        requirePair("apiTlsCert", apiTlsCert, "apiTlsKey", apiTlsKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The client port's files, where it serves TLS. */
    public Optional<TlsFiles> client() {
        return tlsCert.map(cert -> new TlsFiles("client", cert, "tlsCert", tlsKey.orElseThrow(), "tlsKey"));
    }

    /** The API port's files, where it serves TLS. */
    public Optional<TlsFiles> api() {
        return apiTlsCert.map(cert -> new TlsFiles("API", cert, "apiTlsCert", apiTlsKey.orElseThrow(), "apiTlsKey"));
    }

    private static void requirePair(String certSetting, Optional<Path> cert, String keySetting, Optional<Path> key) {
        if (cert.isPresent() && key.isEmpty()) {
            throw new InvalidConfigException(keySetting, "(none)",
                    "the private key of the certificate in " + cert.get() + " (PEM), given with it");
        }
        if (key.isPresent() && cert.isEmpty()) {
            throw new InvalidConfigException(certSetting, "(none)",
                    "the certificate of the private key in " + key.get() + " (PEM), given with it");
        }
    }

    /**
     * One port's certificate and key, and the settings they came from (for the messages that name them).
     *
     * @param port what the port is called in the log: {@code client} or {@code API}
     */
    public record TlsFiles(String port, Path cert, String certSetting, Path key, String keySetting) {
    }

    /** Collects the TLS settings; none by default (plain ports). Not thread-safe. */
    public static final class Builder {
        private Path tlsCert;
        private Path tlsKey;
        private Path apiTlsCert;
        private Path apiTlsKey;
        private Path apiTlsTrust;

        private Builder() {
        }

        public Builder tlsCert(Path tlsCert) {
            this.tlsCert = tlsCert;
            return this;
        }

        public Builder tlsKey(Path tlsKey) {
            this.tlsKey = tlsKey;
            return this;
        }

        public Builder apiTlsCert(Path apiTlsCert) {
            this.apiTlsCert = apiTlsCert;
            return this;
        }

        public Builder apiTlsKey(Path apiTlsKey) {
            this.apiTlsKey = apiTlsKey;
            return this;
        }

        public Builder apiTlsTrust(Path apiTlsTrust) {
            this.apiTlsTrust = apiTlsTrust;
            return this;
        }

        public TlsConfig build() {
            return new TlsConfig(Optional.ofNullable(tlsCert), Optional.ofNullable(tlsKey),
                    Optional.ofNullable(apiTlsCert), Optional.ofNullable(apiTlsKey), Optional.ofNullable(apiTlsTrust));
        }
    }
}
