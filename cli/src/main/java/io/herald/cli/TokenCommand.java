package io.herald.cli;

import io.herald.codec.TokenMinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code herald token}: prints an HS256 JWT that a node started with the same secret accepts.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a login token (HS256 JWT) for testing.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--uid", required = true, description = "The user the token is for (its 'sub').")
    String uid;

    @Option(names = "--secret", required = true, description = "The node's --secret, at least 32 bytes.")
    String secret;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            description = "Groups the client may join itself, comma-separated.")
    List<String> groups = List.of();

    @Option(names = "--ttl", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the token is valid (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
        TokenMinter minter;
        try {
            minter = new TokenMinter(secret);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--secret': (expected: at least 32 bytes for HS256)");
        }
        spec.commandLine().getOut().println(minter.mint(uid, groups, ttl));
        return 0;
    }
}
