package org.vecnn.model;

/**
 * Text from a file made safe to print in a one-line message: bytes of a hostile or corrupt file (NUL, a
 * byte-order mark, line breaks, terminal escape sequences, direction overrides, binary) would otherwise reach
 * the user's terminal or log as they are.
 */
final class PrintableText {
    private PrintableText() {
    }

    /**
     * Escapes every character that is not plainly printable as {@code \}{@code uXXXX}: controls (line breaks and
     * ESC included), format characters (byte-order mark, direction overrides), line and paragraph separators,
     * unpaired surrogates, private-use and unassigned code points. Backslashes are kept as they are.
     *
     * @param raw the text, possibly null
     * @return the escaped text, "null" for null
     */
    static String of(String raw) {
        if (raw == null) {
            return "null";
        }
        StringBuilder s = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1));
            if (paired) {
                int cp = raw.codePointAt(i);
                if (printable(cp)) {
                    if (s != null) {
                        s.append(c).append(raw.charAt(i + 1));
                    }
                } else {
                    s = started(s, raw, i);
                    s.append(String.format("\\u%04X\\u%04X", (int) c, (int) raw.charAt(i + 1)));
                }
                i++;
                continue;
            }
            if (printable(c)) {
                if (s != null) {
                    s.append(c);
                }
            } else {
                s = started(s, raw, i);
                s.append(String.format("\\u%04X", (int) c));
            }
        }
        return s == null ? raw : s.toString();
    }

    /**
     * Escapes and shortens: at most {@code max} characters of the text are kept, then "…".
     *
     * @param raw the text
     * @param max the most characters kept
     * @return the escaped text
     */
    static String of(String raw, int max) {
        if (raw != null && raw.length() > max) {
            return of(raw.substring(0, max)) + "…";
        }
        return of(raw);
    }

    private static StringBuilder started(StringBuilder s, String raw, int i) {
        return s != null ? s : new StringBuilder(raw.length() + 16).append(raw, 0, i);
    }

    private static boolean printable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
