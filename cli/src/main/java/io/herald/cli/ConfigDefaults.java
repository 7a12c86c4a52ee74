package io.herald.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where every flag's default comes from, so that a default is written once, in its config type's builder:
 * <ol>
 *   <li>the environment: {@code --api-key} from {@code HERALD_API_KEY};</li>
 *   <li>else the command's config type, built from its defaults: {@code --ping-interval} from
 *       {@code GatewayConfig}'s {@code pingInterval}, nested configs included ({@code --node-ttl} from its
 *       {@code ClusterConfig}). A setting is its flag in camel case, sizes with {@code Bytes} at the end
 *       ({@link #flag}).</li>
 * </ol>
 * A flag given on the command line wins over both. An option that declares a default of its own (a flag with no
 * config setting behind it) keeps it, after the environment; a setting whose default is made at start (the node
 * id) has none.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;
    private final Map<String, Map<String, String>> byCommand;

    /**
     * @param defaults    each command's config as its builder makes it with no setting given, by command name
     * @param madeAtStart settings whose default is made anew at each start, not a default to show
     */
    ConfigDefaults(Map<String, String> environment, Map<String, Record> defaults, Set<String> madeAtStart) {
        this.environment = Map.copyOf(environment);
        Map<String, Map<String, String>> flags = new HashMap<>();
        defaults.forEach((command, config) -> {
            Map<String, String> byFlag = flagDefaults(config);
            madeAtStart.forEach(setting -> byFlag.remove(flag(setting)));
            flags.put(command, Map.copyOf(byFlag));
        });
        this.byCommand = Map.copyOf(flags);
    }

    /** {@code --api-key} to {@code HERALD_API_KEY}. */
    static String variable(String longName) {
        return "HERALD_" + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@code pingInterval} to {@code --ping-interval}; sizes drop their unit: {@code maxFrameBytes} to {@code --max-frame}. */
    static String flag(String setting) {
        String name = setting.endsWith("Bytes") ? setting.substring(0, setting.length() - 5) : setting;
        return "--" + name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
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
        String fromEnvironment = environment.get(variable(option.longestName()));
        if (fromEnvironment != null || option.defaultValue() != null) {
            return fromEnvironment;
        }
        return byCommand.getOrDefault(option.command().name(), Map.of()).get(option.longestName());
    }

    /** Each setting of {@code config} that has a default, as its flag and the text the flag takes. */
    private static Map<String, String> flagDefaults(Record config) {
        Map<String, String> flags = new HashMap<>();
        for (RecordComponent component : config.getClass().getRecordComponents()) {
            Object value = read(component, config);
            if (value instanceof Record nested) {
                flags.putAll(flagDefaults(nested));
            } else {
                String text = text(component.getName(), value);
                if (text != null) {
                    flags.put(flag(component.getName()), text);
                }
            }
        }
        return flags;
    }

    private static Object read(RecordComponent component, Record config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + config, e);
        }
    }

    /** A default as the user would type it, or {@code null} where the setting has none. */
    private static String text(String setting, Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(v -> text(setting, v)).orElse(null);
        }
        if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
            return null;
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Duration duration) {
            return DurationConverter.format(duration);
        }
        if (setting.endsWith("Bytes") && value instanceof Integer bytes) {
            return SizeConverter.format(bytes);
        }
        return String.valueOf(value);
    }
}
