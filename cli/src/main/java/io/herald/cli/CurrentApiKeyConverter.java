package io.herald.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Reads the key a client of the API ({@code herald push}, {@code herald bench}) sends: of several comma-separated
 * keys, as {@code HERALD_API_KEY} holds them for a node whose keys rotate ({@code new,old}), the first. A key never
 * holds a comma (the node refuses one that does).
 */
final class CurrentApiKeyConverter implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
        int comma = value.indexOf(',');
        return comma < 0 ? value : value.substring(0, comma);
    }
}
