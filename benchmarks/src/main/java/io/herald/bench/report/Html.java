package io.herald.bench.report;

/**
 * Text for the report's XHTML and SVG: escapes the five markup characters, and replaces what XML 1.0 cannot hold
 * at all (control characters, lone surrogates) by U+FFFD, so that any text a run carries, such as a group name,
 * leaves the page well-formed and inert.
 */
final class Html {

    private Html() {
    }

    /** {@code value} as element text or a quoted attribute value. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        b.append(c).append(value.charAt(++i));
                    } else {
                        b.append(xmlChar(c) ? c : '\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    /** Whether XML 1.0 allows {@code c} on its own (surrogate pairs are handled by the caller). */
    private static boolean xmlChar(char c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }
}
