package io.herald.cli;

import picocli.CommandLine.Command;

/**
 * {@code herald}: the parent of every subcommand.
 */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Herald, a WebSocket push gateway.",
        subcommands = {ServeCommand.class, TokenCommand.class, PushCommand.class, BenchCommand.class},
        footer = {"", "Every flag can also be set through the environment as HERALD_<FLAG>, "
                + "e.g. HERALD_API_KEY for --api-key; a flag on the command line wins."})
final class HeraldCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
