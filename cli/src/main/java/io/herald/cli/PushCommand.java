package io.herald.cli;

import picocli.CommandLine.ArgGroup;
import io.herald.codec.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code herald push}: pushes one message through a node's API and prints the node's answer.
 */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Push one message through a node's HTTP API (POST /api/push) and print the answer.")
final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--api", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL",
            description = "The node's API address (default: ${DEFAULT-VALUE}).")
    URI api;

    @Option(names = "--api-key", paramLabel = "KEY", converter = CurrentApiKeyConverter.class,
            description = "The node's --api-key, if it has one; of several, comma-separated, the first.")
    String apiKey;

    @Option(names = "--api-tls-trust", paramLabel = "FILE",
            description = "For an https:// API: certificates (PEM) its certificate must be signed by, or be "
                    + "(default: the CAs the JVM trusts).")
    Path apiTlsTrust;

    @Option(names = "--insecure",
            description = "For an https:// API: take whatever certificate it presents, unchecked (a test node's).")
    boolean insecure;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--uid", description = "Push to every connection of this user.")
        String uid;

        @Option(names = "--uids", split = ",", paramLabel = "UID", description = "Push to these users.")
        List<String> uids;

        @Option(names = "--conn", description = "Push to this one connection.")
        String conn;
    }

    @Option(names = "--id", description = "Message id, for dedupe (default: one from the server).")
    String id;

    @Option(names = "--data", required = true, paramLabel = "JSON", description = "The payload, any JSON value.")
    String data;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("/api/push"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body()));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot reach " + api + ": " + e);
        }
        (response.statusCode() / 100 == 2 ? spec.commandLine().getOut() : spec.commandLine().getErr())
                .println(response.body());
        return response.statusCode() / 100 == 2 ? 0 : 1;
    }

    private HttpClient client() {
        HttpClient.Builder client = HttpClient.newBuilder();
        try {
            if (insecure) {
                client.sslContext(ClientTls.insecure());
            } else if (apiTlsTrust != null) {
                client.sslContext(ClientTls.trusting(apiTlsTrust));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--api-tls-trust': "
                    + apiTlsTrust + " (expected: a readable PEM file of certificates; " + e.getMessage() + ")");
        }
        return client.build();
    }

    /** The request body; {@code --data} goes in as given, and the node says if it is not JSON. */
    private String body() {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer(64 + data.length());
        try {
            JsonWriter w = new JsonWriter(buf);
            if (target.uid != null) {
                w.raw("{\"uid\":").string(target.uid);
            } else if (target.conn != null) {
                w.raw("{\"conn\":").string(target.conn);
            } else {
                w.raw("{\"uids\":").strings(target.uids);
            }
            if (id != null) {
                w.raw(",\"id\":").string(id);
            }
            // --data goes in as given: the node says if it is not JSON.
            buf.writeCharSequence(",\"data\":" + data + "}", java.nio.charset.StandardCharsets.UTF_8);
            return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
