package io.herald.gateway.tls;

import io.herald.codec.InvalidConfigException;
import io.herald.gateway.tls.TlsConfig.TlsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Certificates and keys as the {@code openssl} command line writes them (PKCS#8, PKCS#1 RSA, SEC1 EC with its
 * {@code EC PARAMETERS}), and every way a file can be wrong, each refused naming the setting and the file.
 */
class KeyMaterialTest {

    @TempDir
    Path dir;

    @Test
    void readsAnRsaKeyInPkcs8AndInPkcs1() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-subj", "/CN=rsa.test", "-days", "2");
        assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(load("cert.pem", "key.pem").describe()).startsWith("CN=rsa.test, serial ");

        openssl("rsa", "-in", "key.pem", "-traditional", "-out", "pkcs1.pem");
        assertThat(Files.readString(dir.resolve("pkcs1.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(load("cert.pem", "pkcs1.pem").key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void readsAnEcKeyInSec1AfterItsParametersAndOneFileWithBoth() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem");
        openssl("req", "-x509", "-key", "key.pem", "-out", "cert.pem", "-subj", "/CN=ec.test", "-days", "2");
        assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN EC PARAMETERS-----")
                .contains("-----BEGIN EC PRIVATE KEY-----");

        assertThat(load("cert.pem", "key.pem").key().getAlgorithm()).isEqualTo("EC");
        Files.writeString(dir.resolve("both.pem"), Files.readString(dir.resolve("key.pem"))
                + Files.readString(dir.resolve("cert.pem")));
        assertThat(load("both.pem", "both.pem").chain()).hasSize(1);
    }

    @Test
    void refusesAKeyOfAnotherCertificateNamingTheKeyFile() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "a.key", "-out", "a.crt", "-subj", "/CN=a", "-days", "2");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "b.key", "-out", "b.crt", "-subj", "/CN=b", "-days", "2");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "r.key", "-out", "r.crt",
                "-subj", "/CN=r", "-days", "2");

        assertRefused("a.crt", "b.key", "tlsKey", "b.key", "the private key of the certificate in");
        assertRefused("a.crt", "r.key", "tlsKey", "r.key", "the private key of the certificate in");
    }

    @Test
    void refusesMissingEmptyHalfWrittenEncryptedAndSwappedFiles() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-subj", "/CN=x", "-days", "2");
        openssl("pkcs8", "-topk8", "-in", "key.pem", "-out", "encrypted.pem", "-passout", "pass:secret");
        String cert = Files.readString(dir.resolve("cert.pem"));
        Files.writeString(dir.resolve("half.pem"), cert.substring(0, cert.length() / 2));
        Files.writeString(dir.resolve("empty.pem"), "");
        // Base64 that decodes, to bytes that are no certificate (a mangled body may not even be Base64, which is
        // another refusal, depending on how many characters the mangling took out).
        Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString("not a certificate, but Base64 all the same"
                        .repeat(8).getBytes(StandardCharsets.US_ASCII))
                + "\n-----END CERTIFICATE-----\n");

        assertRefused("missing.pem", "key.pem", "tlsCert", "missing.pem", "there is no such file");
        assertRefused("empty.pem", "key.pem", "tlsCert", "empty.pem", "no certificate in it");
        assertRefused("half.pem", "key.pem", "tlsCert", "half.pem", "cut short, or still being written");
        assertRefused("garbage.pem", "key.pem", "tlsCert", "garbage.pem", "not a valid X.509 certificate");
        assertRefused("key.pem", "key.pem", "tlsCert", "key.pem", "no certificate in it");
        assertRefused("cert.pem", "cert.pem", "tlsKey", "cert.pem", "no private key in it");
        assertRefused("cert.pem", "encrypted.pem", "tlsKey", "encrypted.pem", "the key is encrypted");
    }

    private KeyMaterial load(String cert, String key) {
        return KeyMaterial.load(new TlsFiles("client", dir.resolve(cert), "tlsCert", dir.resolve(key), "tlsKey"));
    }

    private void assertRefused(String cert, String key, String setting, String file, String why) {
        assertThatThrownBy(() -> load(cert, key))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.setting()).isEqualTo(setting);
                    assertThat(e.value()).isEqualTo(dir.resolve(file).toString());
                    assertThat(e.expected()).contains(why);
                });
    }

    /** Runs Debian's {@code openssl} in the test's folder, as an operator would make the files. */
    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
    }
}
