package io.herald.cli;

import io.herald.codec.InvalidConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.Set;

/**
 * A config type's complaint in the user's words: the flag, the value as the user gave it, and what was
 * expected. Secrets are never echoed.
 */
final class InvalidFlags {

    private static final Set<String> SECRETS = Set.of("--secret", "--api-key", "--cluster-secret", "--upstream-secret");
    /** Repeatable flags whose complaint names the one value at fault, rather than the first one given. */
    private static final Set<String> NAMES_ITS_VALUE = Set.of("--upstream-route", "--allowed-origins");

    private InvalidFlags() {
    }

    static String describe(CommandSpec spec, InvalidConfigException e) {
        String flag = ConfigDefaults.flag(e.setting());
        OptionSpec option = spec.findOption(flag);
        Object typed = option == null || SECRETS.contains(flag) || NAMES_ITS_VALUE.contains(flag) ? null
                : given(spec, option);
        // A flag that was not given at all (a key without its certificate) is told as the config type tells it.
        String given = typed == null ? e.value() : String.valueOf(typed);
        return "Invalid value for option '" + flag + "': " + given + " (expected: " + e.expected() + ")";
    }

    /** The text the user typed for the option, else its value as a user would write it. */
    private static Object given(CommandSpec spec, OptionSpec option) {
        ParseResult parsed = spec.commandLine().getParseResult();
        OptionSpec matched = parsed == null ? null : parsed.matchedOption(option.longestName());
        if (matched != null && !matched.originalStringValues().isEmpty()) {
            return matched.originalStringValues().get(0);
        }
        Object value = option.getValue();
        return value instanceof Duration ? DurationConverter.format((Duration) value) : value;
    }
}
