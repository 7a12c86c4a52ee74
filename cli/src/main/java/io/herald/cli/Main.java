package io.herald.cli;

import io.herald.bench.BenchConfig;
import io.herald.gateway.GatewayConfig;
import picocli.CommandLine;

import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar herald.jar}: the entry point of the fat jar.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /**
     * The command line with every flag also read from {@code HERALD_<FLAG>} in {@code environment}, and the
     * defaults of {@code serve} and {@code bench} read from their config types.
     */
    static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new HeraldCommand())
                .setDefaultValueProvider(new ConfigDefaults(environment,
                        Map.of("serve", GatewayConfig.builder().build(), "bench", BenchConfig.builder().build()),
                        Set.of("nodeId")))
                .setParameterExceptionHandler(Main::invalidInput);
    }

    /** A bad flag: its message and where to find help, without the whole usage text. */
    private static int invalidInput(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(e.getMessage());
        cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
