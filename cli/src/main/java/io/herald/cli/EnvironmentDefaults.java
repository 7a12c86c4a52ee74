package io.herald.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;

/**
 * Reads every flag's default from the environment: {@code --api-key} from {@code HERALD_API_KEY}. A flag
 * given on the command line wins; where the variable is unset, the flag's own default applies.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** {@code --api-key} to {@code HERALD_API_KEY}. */
    static String variable(String longName) {
        return "HERALD_" + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec)) {
            return null;
        }
        OptionSpec option = (OptionSpec) argSpec;
        if (option.usageHelp() || option.versionHelp()) {
            return null;
        }
        return environment.get(variable(option.longestName()));
    }
}
