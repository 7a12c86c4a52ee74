package io.herald.cli;

import picocli.CommandLine;

/**
 * {@code java -jar herald.jar}: the entry point of the fat jar.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line with every flag also read from {@code HERALD_<FLAG>} in {@code environment}. */
    static CommandLine commandLine(java.util.Map<String, String> environment) {
        return new CommandLine(new HeraldCommand())
                .setDefaultValueProvider(new EnvironmentDefaults(environment))
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
