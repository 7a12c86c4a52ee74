package io.herald.cli;

import io.herald.gateway.capacity.CapacityConfig;
import io.herald.route.ConnectionLimit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * The flags of {@link CapacityConfig}, mixed into {@code herald serve}: connections per user, and the memory slow
 * clients may hold. Defaults come from the config's builder ({@link ConfigDefaults}).
 */
final class CapacityOptions {

    @Option(names = "--max-conns-per-user", paramLabel = "N",
            description = "Most connections one user may hold at once, across the cluster with --redis; past it "
                    + "--conns-per-user-policy decides; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxConnsPerUser;

    @Option(names = "--conns-per-user-policy", paramLabel = "reject|replace", converter = PolicyConverter.class,
            description = "A login past --max-conns-per-user: 'reject' answers it 429 and closes it with 4010; "
                    + "'replace' admits it and closes the user's oldest connection, wherever it is, with 4010 "
                    + "(default: ${DEFAULT-VALUE}).")
    ConnectionLimit.Policy connsPerUserPolicy;

    @Option(names = "--max-outbound-memory", converter = SizeConverter.class, paramLabel = "SIZE",
            description = "Most bytes waiting to be sent to clients that do not read, all connections together; "
                    + "past it those holding the most are closed with 4009 first; 0 for no bound but --send-buffer "
                    + "(default: a quarter of the heap, at most 1GiB: ${DEFAULT-VALUE}).")
    int maxOutboundMemory;

    CapacityConfig config() {
        return CapacityConfig.builder()
                .maxConnsPerUser(maxConnsPerUser).connsPerUserPolicy(connsPerUserPolicy)
                .maxOutboundMemoryBytes(maxOutboundMemory)
                .build();
    }

    /** {@code reject} or {@code replace}, in any case. */
    static final class PolicyConverter implements ITypeConverter<ConnectionLimit.Policy> {
        @Override
        public ConnectionLimit.Policy convert(String value) {
            try {
                return ConnectionLimit.Policy.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' (expected: reject or replace)");
            }
        }
    }
}
