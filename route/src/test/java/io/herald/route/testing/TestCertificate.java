package io.herald.route.testing;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate made for one test by the JDK's own {@code keytool}, for a TLS server and for a client
 * that trusts exactly it; also as PEM files, as an operator hands them to a node. Immutable once made.
 */
public final class TestCertificate {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final KeyStore store;

    private TestCertificate(KeyStore store) {
        this.store = store;
    }

    /**
     * A certificate for the names in {@code san}, keytool's form: {@code ip:127.0.0.1,dns:localhost}.
     */
    public static TestCertificate forNames(String san) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path dir = Files.createTempDirectory("herald-tls");
        Path file = dir.resolve("server.p12");
        try {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=herald-test", "-ext", "SAN=" + san, "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
                    "-keypass", new String(PASSWORD))).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, PASSWORD);
            }
            return new TestCertificate(store);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** A TLS server context that presents the certificate. */
    public SslContext server() throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        return SslContextBuilder.forServer(keys).build();
    }

    /** The certificate itself. */
    public X509Certificate certificate() throws GeneralSecurityException {
        return (X509Certificate) store.getCertificate("server");
    }

    /**
     * Writes the certificate (PEM {@code CERTIFICATE}) and its private key (PEM {@code PRIVATE KEY}, PKCS#8) to
     * these files, each through a temporary file moved in place, as a deploy tool does.
     */
    public void writePem(Path cert, Path key) throws GeneralSecurityException, IOException {
        write(cert, pem("CERTIFICATE", certificate().getEncoded()));
        write(key, pem("PRIVATE KEY", store.getKey("server", PASSWORD).getEncoded()));
    }

    /** The certificate in PEM, for a file of trusted certificates. */
    public String certificatePem() throws GeneralSecurityException {
        return pem("CERTIFICATE", certificate().getEncoded());
    }

    /** A JDK TLS context (for its HttpClient and WebSocket) that trusts these certificates and no other. */
    public static SSLContext trustingJdkContext(TestCertificate... certificates) throws GeneralSecurityException,
            IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            trusted.setCertificateEntry("certificate-" + i, certificates[i].certificate());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A TLS client context that trusts the certificate and nothing else. */
    public SslContext trustingClient() throws GeneralSecurityException, IOException {
        return SslContextBuilder.forClient().trustManager((X509Certificate) store.getCertificate("server")).build();
    }
}
